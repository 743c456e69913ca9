import assert from "node:assert/strict";
import { isTrusted, parsePrefixes } from "./trusted_prefixes.ts";

Deno.test("trusted prefixes: IPv4, IPv6, mapped, odd lengths", () => {
  const p = parsePrefixes(["10.1.0.0/16", "192.0.2.128/25", "2001:db8::/32", "198.51.100.7"]);
  assert.ok(isTrusted(p, "10.1.200.3"));
  assert.ok(!isTrusted(p, "10.2.0.1"));
  assert.ok(isTrusted(p, "192.0.2.200"));
  assert.ok(!isTrusted(p, "192.0.2.100"));
  assert.ok(isTrusted(p, "::ffff:10.1.0.9"));
  assert.ok(isTrusted(p, "2001:db8:5::1"));
  assert.ok(!isTrusted(p, "2001:db9::1"));
  assert.ok(isTrusted(p, "198.51.100.7"));
  assert.ok(!isTrusted(p, "198.51.100.8"));
  assert.ok(!isTrusted(p, "not an address"));
  assert.ok(isTrusted(parsePrefixes(["0.0.0.0/0"]), "203.0.113.1"));
});

Deno.test("trusted prefixes: bad ones are refused by name", () => {
  assert.throws(() => parsePrefixes(["10.0.0.0/33"]), /"10.0.0.0\/33": prefix length must be 0-32/);
  assert.throws(() => parsePrefixes(["10.0.0/8"]), /"10.0.0\/8"/);
  assert.throws(() => parsePrefixes(["::/x"]), /0-128/);
});
