import assert from "node:assert/strict";
import { buildRtpPacket, parseRtpPacket, type RtpPacket, rtpPacketLength } from "./packet.ts";

function parsed(bytes: Uint8Array): RtpPacket {
  const r = parseRtpPacket(bytes);
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r.packet;
}

Deno.test("a hand-written header decodes field by field", () => {
  // V=2 P=0 X=0 CC=1, M=1 PT=96, seq 0xABCD, ts 0x01020304, SSRC 0xDEADBEEF, CSRC 0x11223344
  const bytes = new Uint8Array([
    0x81,
    0xe0,
    0xab,
    0xcd,
    1,
    2,
    3,
    4,
    0xde,
    0xad,
    0xbe,
    0xef,
    0x11,
    0x22,
    0x33,
    0x44,
    9,
    8,
  ]);
  const p = parsed(bytes);
  assert.equal(p.marker, true);
  assert.equal(p.payloadType, 96);
  assert.equal(p.sequence, 0xabcd);
  assert.equal(p.timestamp, 0x01020304);
  assert.equal(p.ssrc, 0xdeadbeef);
  assert.deepEqual(p.csrcs, [0x11223344]);
  assert.deepEqual([...p.payload], [9, 8]);
  assert.equal(p.extension, undefined);
  assert.equal(p.paddingLength, 0);
});

Deno.test("build then parse gives back every field, with extension, CSRCs and padding", () => {
  const init = {
    marker: true,
    payloadType: 127,
    sequence: 65535,
    timestamp: 0xffffffff,
    ssrc: 0x80000001,
    csrcs: [1, 0xffffffff, 3],
    extension: { profile: 0xbede, data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
    payload: new Uint8Array([10, 20, 30]),
    paddingLength: 5,
  };
  const bytes = buildRtpPacket(init);
  assert.equal(bytes.length, rtpPacketLength(init));
  assert.equal(bytes.length, 12 + 12 + 4 + 8 + 3 + 5);
  assert.equal(bytes[0], 0x80 | 0x20 | 0x10 | 3);
  const p = parsed(bytes);
  assert.equal(p.marker, true);
  assert.equal(p.payloadType, 127);
  assert.equal(p.sequence, 65535);
  assert.equal(p.timestamp, 0xffffffff);
  assert.equal(p.ssrc, 0x80000001);
  assert.deepEqual(p.csrcs, [1, 0xffffffff, 3]);
  assert.equal(p.extension?.profile, 0xbede);
  assert.deepEqual([...p.extension!.data], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...p.payload], [10, 20, 30]);
  assert.equal(p.paddingLength, 5);
});

Deno.test("parse works on a view at an offset into a larger buffer", () => {
  const packet = buildRtpPacket({
    payloadType: 0,
    sequence: 7,
    timestamp: 8,
    ssrc: 9,
    payload: new Uint8Array([42]),
  });
  const big = new Uint8Array(100);
  big.set(packet, 33);
  const p = parsed(big.subarray(33, 33 + packet.length));
  assert.equal(p.sequence, 7);
  assert.equal(p.ssrc, 9);
  assert.deepEqual([...p.payload], [42]);
});

Deno.test("a packet of only a header has an empty payload", () => {
  const p = parsed(
    buildRtpPacket({
      payloadType: 5,
      sequence: 0,
      timestamp: 0,
      ssrc: 0,
      payload: new Uint8Array(),
    }),
  );
  assert.equal(p.payload.length, 0);
});

Deno.test("padding may cover the whole payload", () => {
  const bytes = buildRtpPacket({
    payloadType: 0,
    sequence: 0,
    timestamp: 0,
    ssrc: 0,
    payload: new Uint8Array(),
    paddingLength: 4,
  });
  const p = parsed(bytes);
  assert.equal(p.payload.length, 0);
  assert.equal(p.paddingLength, 4);
});

Deno.test("each kind of malformed packet has its own reason", () => {
  const good = buildRtpPacket({
    payloadType: 0,
    sequence: 1,
    timestamp: 2,
    ssrc: 3,
    payload: new Uint8Array(4),
  });
  const cases: [string, Uint8Array][] = [
    ["too-short", new Uint8Array(0)],
    ["too-short", good.subarray(0, 11)],
    ["bad-version", Uint8Array.of(0x40, ...good.subarray(1))],
    ["bad-version", Uint8Array.of(0xc0, ...good.subarray(1))],
    // CC=3 needs 24 octets of header, only 16 present
    ["csrc-past-end", Uint8Array.of(0x83, ...good.subarray(1))],
    // X set, but only 4 payload octets: the extension header fits, 0 words is fine...
    // ...so make the extension claim 2 words
    ["extension-past-end", Uint8Array.of(0x90, ...good.subarray(1, 12), 0, 0, 0, 2)],
    ["extension-past-end", Uint8Array.of(0x90, ...good.subarray(1, 12), 0, 0)],
    ["bad-padding", Uint8Array.of(0xa0, ...good.subarray(1, 15), 0)],
    ["bad-padding", Uint8Array.of(0xa0, ...good.subarray(1, 15), 5)],
  ];
  for (const [reason, bytes] of cases) {
    const r = parseRtpPacket(bytes);
    assert.equal(r.ok, false, reason);
    if (!r.ok) {
      assert.equal(r.reason, reason);
      assert.ok(r.detail.length > 0);
    }
  }
  // Padding of exactly everything after the header is still valid.
  const r = parseRtpPacket(Uint8Array.of(0xa0, ...good.subarray(1, 15), 4));
  assert.ok(r.ok);
  // An extension of 0 words is valid.
  assert.ok(parseRtpPacket(Uint8Array.of(0x90, ...good.subarray(1, 12), 0, 0, 0, 0)).ok);
});

Deno.test("building with out-of-range fields is a programming error", () => {
  const base = { payloadType: 0, sequence: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array() };
  assert.throws(() => buildRtpPacket({ ...base, payloadType: 128 }), RangeError);
  assert.throws(() => buildRtpPacket({ ...base, sequence: 65536 }), RangeError);
  assert.throws(() => buildRtpPacket({ ...base, timestamp: -1 }), RangeError);
  assert.throws(() => buildRtpPacket({ ...base, ssrc: 1.5 }), RangeError);
  assert.throws(() => buildRtpPacket({ ...base, csrcs: new Array(16).fill(0) }), RangeError);
  assert.throws(() => buildRtpPacket({ ...base, paddingLength: 256 }), RangeError);
  assert.throws(
    () => buildRtpPacket({ ...base, extension: { profile: 0, data: new Uint8Array(3) } }),
    RangeError,
  );
});
