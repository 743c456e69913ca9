import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import {
  checkEndpoint,
  checkPort,
  endpointKey,
  isHardIcmp,
  isWildcardAddress,
  normalizeAddress,
  sameAddress,
  sameEndpoint,
} from "./endpoint.ts";

Deno.test("normalizeAddress lower-cases and unmaps IPv4-mapped IPv6", () => {
  assertEquals(normalizeAddress("::FFFF:10.0.0.1"), "10.0.0.1");
  assertEquals(normalizeAddress("2001:DB8::1"), "2001:db8::1");
  assertEquals(normalizeAddress("::ffff:abcd"), "::ffff:abcd"); // not a mapped dotted quad
});

Deno.test("normalizeAddress gives RFC 5952 text, so equal IPv6 addresses compare equal", () => {
  assertEquals(normalizeAddress("2001:DB8:0::1"), "2001:db8::1");
  assertEquals(normalizeAddress("2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
  assertEquals(normalizeAddress("::ffff:c000:0207"), "192.0.2.7"); // mapped, written in hex
  assertEquals(normalizeAddress("fe80::0:1%2"), "fe80::1%2");
  assertEquals(normalizeAddress(" Phone.Example "), "phone.example"); // not literal: only folded
  assertEquals(sameAddress("2001:DB8:0::1", "2001:db8::1"), true);
  assertEquals(
    endpointKey({ address: "2001:db8:0:0::7", port: 1 }),
    endpointKey({ address: "2001:DB8::7", port: 1 }),
  );
});

Deno.test("sameAddress and sameEndpoint compare canonical forms", () => {
  assertEquals(sameAddress("::ffff:192.0.2.7", "192.0.2.7"), true);
  assertEquals(sameAddress("192.0.2.7", "192.0.2.8"), false);
  assertEquals(
    sameEndpoint({ address: "192.0.2.7", port: 1 }, { address: "::ffff:192.0.2.7", port: 1 }),
    true,
  );
  assertEquals(
    sameEndpoint({ address: "192.0.2.7", port: 1 }, { address: "192.0.2.7", port: 2 }),
    false,
  );
});

Deno.test("endpointKey brackets IPv6", () => {
  assertEquals(endpointKey({ address: "10.0.0.1", port: 10000 }), "10.0.0.1:10000");
  assertEquals(endpointKey({ address: "2001:DB8::1", port: 5 }), "[2001:db8::1]:5");
  assertEquals(endpointKey({ address: "::ffff:10.0.0.1", port: 5 }), "10.0.0.1:5");
});

Deno.test("isHardIcmp: port and protocol unreachable end calls, the others are soft", () => {
  assertEquals(isHardIcmp("port-unreachable"), true);
  assertEquals(isHardIcmp("protocol-unreachable"), true);
  assertEquals(isHardIcmp("host-unreachable"), false);
  assertEquals(isHardIcmp("net-unreachable"), false);
});

Deno.test("isWildcardAddress", () => {
  assertEquals(isWildcardAddress("0.0.0.0"), true);
  assertEquals(isWildcardAddress("::"), true);
  assertEquals(isWildcardAddress(""), true);
  assertEquals(isWildcardAddress("127.0.0.1"), false);
});

Deno.test("checkPort and checkEndpoint reject bad input with the name of the field", () => {
  assertEquals(checkPort(10000, "x"), 10000);
  assertEquals(checkPort(0, "x", 0), 0);
  throws(() => checkPort(0, "dial"), {
    name: "RangeError",
    message: /^dial: port must be an integer 1\.\.65535/,
  });
  throws(() => checkPort(65536, "p"), /got 65536/);
  throws(() => checkPort(1.5, "p"), RangeError);
  throws(() => checkEndpoint({ address: "", port: 1 }, "callee"), {
    name: "TypeError",
    message: /^callee:/,
  });
  throws(
    () => checkEndpoint(null as unknown as { address: string; port: number }, "callee"),
    TypeError,
  );
  assertEquals(checkEndpoint({ address: "h", port: 1 }, "c").port, 1);
});
