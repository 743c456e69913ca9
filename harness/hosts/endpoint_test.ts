import assert from "node:assert/strict";
import { parseEndpoint } from "./endpoint.ts";

Deno.test("parseEndpoint splits IPv4 and bracketed IPv6 endpoints", () => {
  assert.deepEqual(parseEndpoint("10.99.0.1:7000"), { address: "10.99.0.1", port: 7000 });
  assert.deepEqual(parseEndpoint("[fd00:99::1]:0"), { address: "fd00:99::1", port: 0 });
});

Deno.test("parseEndpoint rejects malformed endpoints", () => {
  assert.throws(() => parseEndpoint("fd00::1:7"), /not address:port or \[ipv6\]:port/);
  assert.throws(() => parseEndpoint("10.0.0.1"), /not address:port/);
  assert.throws(() => parseEndpoint("10.0.0.1:70000"), /port 70000 is over 65535/);
});
