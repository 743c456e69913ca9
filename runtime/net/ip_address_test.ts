import assert from "node:assert/strict";
import {
  anyAddress,
  canonicalIp,
  familyOf,
  formatIp,
  formatIpv6,
  parseIp,
  parseIpv4,
} from "./ip_address.ts";

const v6 = (text: string) => formatIpv6(parseIp(text).bytes);

Deno.test("parseIpv4 reads dotted quads", () => {
  assert.deepEqual([...parseIpv4("192.0.2.255")], [192, 0, 2, 255]);
  assert.deepEqual([...parseIpv4("0.0.0.0")], [0, 0, 0, 0]);
});

Deno.test("parseIpv4 rejects what inet_pton rejects, saying where", () => {
  assert.throws(() => parseIpv4("1.2.3"), /"1.2.3" is not an IPv4 dotted quad/);
  assert.throws(() => parseIpv4("1.2.3.4.5"), /not an IPv4 dotted quad/);
  assert.throws(() => parseIpv4("1.2.03.4"), /part 3 \("03"\)/);
  assert.throws(() => parseIpv4("1.2.3.256"), /part 4 \("256"\)/);
  assert.throws(() => parseIpv4("1.2.3.-4"), /part 4/);
  assert.throws(() => parseIpv4("1..3.4"), /part 2 \(""\)/);
});

Deno.test("parseIp reads IPv6 text forms of RFC 4291 §2.2", () => {
  assert.deepEqual([...parseIp("::1").bytes], [...new Uint8Array(15), 1]);
  assert.deepEqual([...parseIp("::").bytes], [...new Uint8Array(16)]);
  const full = parseIp("2001:0db8:0000:0000:0008:0800:200c:417a").bytes;
  assert.deepEqual([...parseIp("2001:DB8::8:800:200C:417A").bytes], [...full]);
  assert.deepEqual(
    [...parseIp("::ffff:192.0.2.1").bytes],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1],
  );
  assert.deepEqual([...parseIp("1::").bytes], [0, 1, ...new Uint8Array(14)]);
  const zoned = parseIp("fe80::1%3");
  assert.equal(zoned.scopeId, 3);
  assert.equal(zoned.family, "ipv6");
});

Deno.test("parseIp rejects malformed IPv6 with a reason", () => {
  assert.throws(() => parseIp("1:2:3:4:5:6:7"), /has 7 of 8 groups/);
  assert.throws(() => parseIp("1:2:3:4:5:6:7:8:9"), /has 9 of 8 groups/);
  assert.throws(() => parseIp("1::2::3"), /'::' may appear only once/);
  assert.throws(() => parseIp("1:2:3:4::5:6:7:8"), /at least one zero group/);
  assert.throws(() => parseIp("12345::"), /group "12345" is not 1 to 4 hex digits/);
  assert.throws(() => parseIp(":1::"), /group ""/);
  assert.throws(() => parseIp("::1.2.3.4:5"), /group "1.2.3.4"/);
  assert.throws(() => parseIp("fe80::1%eth0"), /zone must be a numeric interface index/);
  assert.throws(() => parseIp(42 as unknown as string), /expected a string, got number/);
});

Deno.test("formatIpv6 is canonical per RFC 5952 §4", () => {
  assert.equal(v6("2001:0DB8:0:0:0:0:0:1"), "2001:db8::1");
  assert.equal(v6("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1"); // one zero group stays
  assert.equal(v6("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1"); // the longest run
  assert.equal(v6("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1"); // the first of equal runs
  assert.equal(v6("0:0:0:0:0:0:0:0"), "::");
  assert.equal(v6("1:0:0:0:0:0:0:0"), "1::");
  assert.equal(v6("::ffff:c000:0201"), "::ffff:192.0.2.1");
});

Deno.test("formatIp, familyOf and anyAddress", () => {
  assert.equal(formatIp(new Uint8Array([10, 0, 0, 1])), "10.0.0.1");
  assert.throws(() => formatIp(new Uint8Array(5)), /expected 4 or 16 bytes, got 5/);
  assert.equal(familyOf("::1"), "ipv6");
  assert.equal(familyOf("10.1.2.3"), "ipv4");
  assert.equal(familyOf("example.org"), undefined);
  assert.equal(anyAddress("ipv4"), "0.0.0.0");
  assert.equal(anyAddress("ipv6"), "::");
});

Deno.test("canonicalIp: one text per address, undefined for what is not an address", () => {
  assert.equal(canonicalIp("2001:DB8:0:0:0::1"), "2001:db8::1");
  assert.equal(canonicalIp("::ffff:10.0.0.1"), "10.0.0.1");
  assert.equal(canonicalIp("10.0.0.1"), "10.0.0.1");
  assert.equal(canonicalIp("fe80::1%3"), "fe80::1%3");
  assert.equal(canonicalIp("010.0.0.1"), undefined);
  assert.equal(canonicalIp("host.example"), undefined);
});
