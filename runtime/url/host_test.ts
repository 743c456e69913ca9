import assert from "node:assert/strict";
import { scanHost } from "./host.ts";
import { SessionUrlError } from "./session_url_error.ts";

function errorAt(input: string, start = 0): string {
  try {
    scanHost(input, start);
  } catch (e) {
    assert.ok(e instanceof SessionUrlError);
    return e.message;
  }
  return "no error";
}

Deno.test("names, IPv4 and IPv6 hosts are recognised and end where they end", () => {
  assert.deepEqual(scanHost("phone.ooi.co.jp/0", 0), {
    host: "phone.ooi.co.jp",
    hostType: "name",
    end: 15,
  });
  assert.deepEqual(scanHost("x130.54.0.1:9", 1), { host: "130.54.0.1", hostType: "ipv4", end: 11 });
  assert.deepEqual(scanHost("[::1]:5", 0), { host: "::1", hostType: "ipv6", end: 5 });
  assert.equal(scanHost("localhost", 0).hostType, "name");
  assert.equal(scanHost("example.com.", 0).host, "example.com.", "a trailing dot is a rooted name");
  assert.equal(scanHost("3com.example", 0).hostType, "name");
});

Deno.test("valid IPv6 literals", () => {
  for (
    const a of [
      "2001:db8::1",
      "::",
      "::1",
      "1::",
      "1:2:3:4:5:6:7:8",
      "1:2:3:4:5:6::8",
      "::ffff:192.0.2.1",
      "64:ff9b::192.0.2.33",
      "FE80::ABCD",
      "1:2:3:4:5:6:1.2.3.4",
    ]
  ) {
    assert.deepEqual(scanHost(`[${a}]`, 0), { host: a, hostType: "ipv6", end: a.length + 2 }, a);
  }
});

Deno.test("bad hosts are reported where the fault is", () => {
  assert.equal(errorAt(""), "expected a host name or address at 0");
  assert.equal(errorAt("/x"), "expected a host name or address at 0");
  assert.equal(errorAt("1.2.3"), "expected an IPv4 address of 4 parts at 0");
  assert.equal(errorAt("1.2.300.4"), "IPv4 address part out of range at 4");
  assert.equal(errorAt("1.2..4"), "expected an IPv4 address part at 4");
  assert.equal(errorAt("1.02.3.4"), "IPv4 address part with a leading zero at 2");
  assert.equal(errorAt("a..b"), "expected a host name label at 2");
  assert.equal(errorAt("-a.b"), "host name label starting with '-' at 0");
  assert.equal(errorAt("a.b-"), "host name label ending with '-' at 3");
  assert.equal(errorAt(`${"a".repeat(64)}.b`), "host name label longer than 63 at 63");
  assert.equal(errorAt(`${"a.".repeat(127)}ab`), "host name longer than 253 at 253");
  assert.equal(errorAt("[::1"), "expected ']' closing the IPv6 address at 4");
  assert.equal(errorAt("[]"), "expected an IPv6 address at 1");
  assert.equal(errorAt("[1::2::3]"), "second '::' in IPv6 address at 5");
  assert.equal(errorAt("[1:2:3]"), "expected 8 groups in IPv6 address at 6");
  assert.equal(errorAt("[1:2:3:4:5:6:7:8:9]"), "expected 8 groups in IPv6 address at 18");
  assert.equal(errorAt("[1:2:3:4::5:6:7:8]"), "too many groups in IPv6 address at 17");
  assert.equal(errorAt("[12345::]"), "expected 1 to 4 hex digits in IPv6 address at 5");
  assert.equal(errorAt("[::g]"), "expected 1 to 4 hex digits in IPv6 address at 3");
  assert.equal(errorAt("[::1.2.3.400]"), "bad IPv4 part in IPv6 address at 9");
  // A letter in the dotted quad is no number (it once passed as NaN).
  assert.equal(errorAt("[::ffff:N92.0.2.1]"), "bad IPv4 part in IPv6 address at 8");
  assert.equal(errorAt("[::ffff:192.0.2.1x]"), "bad IPv4 part in IPv6 address at 16");
  assert.equal(errorAt("[fe80::1%25eth0]"), "expected 1 to 4 hex digits in IPv6 address at 8");
});
