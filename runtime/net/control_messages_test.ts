import assert from "node:assert/strict";
import { parseControlMessages } from "./control_messages.ts";
import { encodeSockaddr } from "./sockaddr.ts";

/** One cmsghdr (len, level, type) with `data`, padded to 8 bytes. */
function cmsg(level: number, type: number, data: Uint8Array): Uint8Array {
  const length = 16 + data.length;
  const out = new Uint8Array(Math.ceil(length / 8) * 8);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(length), true);
  view.setInt32(8, level, true);
  view.setInt32(12, type, true);
  out.set(data, 16);
  return out;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

Deno.test("IP_PKTINFO and IP_TOS give the destination, interface and TOS", () => {
  // in_pktinfo: ifindex 7, spec_dst 10.0.0.9, addr 10.0.0.1
  const pktinfo = new Uint8Array([7, 0, 0, 0, 10, 0, 0, 9, 10, 0, 0, 1]);
  const buf = concat(cmsg(0, 8, pktinfo), cmsg(0, 1, new Uint8Array([0xb8])));
  const info = parseControlMessages(buf, buf.length);
  assert.equal(info.destination, "10.0.0.1", "the header destination, not spec_dst");
  assert.equal(info.interfaceIndex, 7);
  assert.equal(info.trafficClass, 0xb8);
  assert.equal(info.malformed, undefined);
});

Deno.test("IPV6_PKTINFO and IPV6_TCLASS", () => {
  const pktinfo = new Uint8Array(20);
  pktinfo.set([0x20, 0x01, 0x0d, 0xb8], 0);
  pktinfo[15] = 2;
  pktinfo[16] = 3;
  const tclass = new Uint8Array([0x88, 0, 0, 0]);
  const buf = concat(cmsg(41, 50, pktinfo), cmsg(41, 67, tclass));
  const info = parseControlMessages(buf, buf.length);
  assert.equal(info.destination, "2001:db8::2");
  assert.equal(info.interfaceIndex, 3);
  assert.equal(info.trafficClass, 0x88);
});

Deno.test("IP_RECVERR yields the extended error and its offender", () => {
  const ee = new Uint8Array(16);
  const view = new DataView(ee.buffer);
  view.setUint32(0, 113, true); // EHOSTUNREACH
  ee.set([2, 3, 1], 4); // origin ICMP, type 3, code 1
  view.setUint32(8, 1400, true);
  const offender = encodeSockaddr({ address: "192.0.2.254", port: 0 });
  const buf = cmsg(0, 11, concat(ee, offender));
  const info = parseControlMessages(buf, buf.length);
  assert.deepEqual(info.extendedError, {
    errno: 113,
    origin: 2,
    type: 3,
    code: 1,
    info: 1400,
    offender: { family: "ipv4", address: "192.0.2.254", port: 0, scopeId: 0, flowInfo: 0 },
  });
});

Deno.test("IPV6_RECVERR with an unreadable offender keeps the error", () => {
  const ee = new Uint8Array(16);
  ee.set([111, 0, 0, 0, 3, 1, 4], 0);
  const buf = cmsg(41, 25, concat(ee, new Uint8Array([99, 0, 0, 0])));
  const info = parseControlMessages(buf, buf.length);
  assert.equal(info.extendedError?.code, 4);
  assert.equal(info.extendedError?.offender, null);
});

Deno.test("a cmsg longer than the buffer stops parsing and is flagged", () => {
  const good = cmsg(0, 1, new Uint8Array([4]));
  const bad = cmsg(0, 8, new Uint8Array(12));
  new DataView(bad.buffer).setBigUint64(0, 4096n, true);
  const info = parseControlMessages(concat(good, bad), good.length + bad.length);
  assert.equal(info.trafficClass, 4, "entries before the bad one are kept");
  assert.match(info.malformed ?? "", /cmsg at 24 has length 4096/);
  const tiny = cmsg(0, 1, new Uint8Array([1]));
  new DataView(tiny.buffer).setBigUint64(0, 3n, true);
  assert.match(parseControlMessages(tiny, tiny.length).malformed ?? "", /length 3/);
});

Deno.test("unknown and short entries are skipped; length bounds the walk", () => {
  const buf = concat(cmsg(1, 99, new Uint8Array(4)), cmsg(0, 8, new Uint8Array(4)));
  const info = parseControlMessages(buf, buf.length);
  assert.equal(info.destination, undefined, "an in_pktinfo of 4 bytes is ignored");
  const tos = cmsg(0, 1, new Uint8Array([9]));
  assert.equal(parseControlMessages(tos, 8).trafficClass, undefined);
});
