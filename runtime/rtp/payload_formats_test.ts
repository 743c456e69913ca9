import assert from "node:assert/strict";
import { buildDvi4Payload } from "./dvi4.ts";
import { packG726, unpackG726 } from "./g726_packing.ts";
import {
  dvi4,
  findPayloadFormat,
  g723,
  g726Format,
  l16,
  lpc10,
  payloadFormatForType,
  payloadFormats,
  pcma,
  pcmu,
} from "./payload_formats.ts";
import type { PayloadSplit } from "./payload_format.ts";

function ok(split: PayloadSplit) {
  if (!split.ok) throw new Error(`${split.reason} at ${split.offset}: ${split.detail}`);
  return split;
}

Deno.test("PCMU and PCMA carry octets as they are, one per sample", () => {
  const payload = Uint8Array.from({ length: 160 }, (_, i) => i);
  for (const f of [pcmu, pcma]) {
    const s = ok(f.split(payload));
    assert.equal(s.samples, 160);
    assert.equal(s.frames.length, 1);
    assert.equal(s.frames[0].data, payload, "a view, not a copy");
    assert.deepEqual(f.join([payload.subarray(0, 80), payload.subarray(80)]), payload);
  }
  assert.equal(pcmu.staticPayloadType, 0);
  assert.equal(pcma.staticPayloadType, 8);
});

Deno.test("an empty payload splits into no frames", () => {
  for (const f of [pcmu, l16, g723, lpc10, g726Format(4)]) {
    const s = ok(f.split(new Uint8Array()));
    assert.equal(s.frames.length, 0, f.encoding);
    assert.equal(s.samples, 0, f.encoding);
  }
});

Deno.test("L16 needs whole 2-octet samples", () => {
  assert.equal(ok(l16.split(new Uint8Array(320))).samples, 160);
  const bad = l16.split(new Uint8Array(321));
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.reason, "bad-length");
    assert.equal(bad.offset, 320);
  }
  const stereo = findPayloadFormat("L16", 44100, 2)!;
  assert.equal(stereo.staticPayloadType, 10);
  assert.equal(ok(stereo.split(new Uint8Array(8))).samples, 2);
  assert.equal(stereo.split(new Uint8Array(6)).ok, false);
  assert.throws(() => l16.join([new Uint8Array(3)]), RangeError);
});

Deno.test("G726 payloads count codewords and are handed over as packed on the wire", () => {
  const cws = Uint8Array.from({ length: 160 }, (_, i) => i % 8);
  for (const bits of [2, 3, 4, 5] as const) {
    const mask = (1 << bits) - 1;
    const words = cws.map((c) => c & mask);
    for (const packing of ["rfc3551", "aal2"] as const) {
      const format = g726Format(bits, packing);
      const name = `G726-${bits * 8}`;
      assert.equal(format.encoding, packing === "aal2" ? `AAL2-${name}` : name);
      const packed = packG726(words, bits, packing);
      const s = ok(format.split(packed));
      assert.equal(s.samples, 160);
      assert.equal(s.frames[0].data, packed, "a view, not a copy");
      assert.deepEqual(unpackG726(s.frames[0].data, bits, packing), words);
      assert.deepEqual(format.join([packed.subarray(0, 10), packed.subarray(10)]), packed);
    }
  }
  // 5 octets of 24 kbit/s: 13 whole codewords and one padding bit.
  assert.equal(ok(g726Format(3).split(new Uint8Array(5))).samples, 13);
  assert.equal(ok(g726Format(5, "aal2").split(new Uint8Array(5))).samples, 8);
});

Deno.test("G723 frames are split by the type bits of each first octet", () => {
  const payload = new Uint8Array(24 + 20 + 4 + 1 + 24);
  let o = 0;
  for (const [type, size] of [[0, 24], [1, 20], [2, 4], [3, 1], [0, 24]]) {
    payload[o] = 0xfc | type;
    o += size;
  }
  const s = ok(g723.split(payload));
  assert.deepEqual(s.frames.map((f) => f.data.length), [24, 20, 4, 1, 24]);
  assert.deepEqual(s.frames.map((f) => f.kind), [
    "audio",
    "audio",
    "sid",
    "untransmitted",
    "audio",
  ]);
  assert.equal(s.samples, 5 * 240);
  assert.deepEqual(g723.join(s.frames.map((f) => f.data)), payload);
});

Deno.test("a G723 payload whose last frame is cut short is rejected where it starts", () => {
  const payload = new Uint8Array(24 + 10); // second frame says 6.3k (24 octets) but has 10
  const s = g723.split(payload);
  assert.equal(s.ok, false);
  if (!s.ok) {
    assert.equal(s.reason, "truncated-frame");
    assert.equal(s.offset, 24);
  }
  const sid = Uint8Array.of(0x02, 0, 0); // SID needs 4
  assert.equal(g723.split(sid).ok, false);
  assert.throws(() => g723.join([new Uint8Array(20)]), RangeError); // type 00 needs 24
});

Deno.test("LPC-10 is 7 octets per 180 samples", () => {
  const s = ok(lpc10.split(new Uint8Array(21)));
  assert.equal(s.frames.length, 3);
  assert.equal(s.samples, 540);
  assert.equal(lpc10.staticPayloadType, undefined);
  const bad = lpc10.split(new Uint8Array(15));
  assert.equal(bad.ok ? "ok" : `${bad.reason}@${bad.offset}`, "bad-length@14");
  assert.throws(() => lpc10.join([new Uint8Array(6)]), RangeError);
});

Deno.test("DVI4 keeps its header with the samples and checks it", () => {
  const payload = buildDvi4Payload({ predicted: -300, stepIndex: 88 }, new Uint8Array(80));
  const s = ok(dvi4.split(payload));
  assert.equal(s.samples, 160);
  assert.equal(s.frames[0].data.length, 84);
  assert.equal(dvi4.split(new Uint8Array(3)).ok, false);
  const badIndex = payload.slice();
  badIndex[2] = 89;
  const r = dvi4.split(badIndex);
  assert.equal(r.ok ? "ok" : `${r.reason}@${r.offset}`, "bad-header@2");
  assert.deepEqual(dvi4.join([payload]), payload);
  assert.throws(() => dvi4.join([payload, payload]), RangeError);
});

Deno.test("formats are found by name, clock rate and static type", () => {
  assert.equal(findPayloadFormat("pcmu"), pcmu);
  assert.equal(findPayloadFormat("g726-32")?.encoding, "G726-32");
  assert.equal(findPayloadFormat("LPC10", 8000), lpc10);
  assert.equal(findPayloadFormat("DVI4", 16000)?.staticPayloadType, 6);
  assert.equal(findPayloadFormat("PCMU", 16000)?.clockRate, 16000);
  assert.equal(findPayloadFormat("G723", 16000), undefined);
  assert.equal(findPayloadFormat("opus"), undefined);
  assert.equal(payloadFormatForType(0), pcmu);
  assert.equal(payloadFormatForType(5), dvi4);
  assert.equal(payloadFormatForType(4), g723);
  assert.equal(payloadFormatForType(11)?.encoding, "L16");
  assert.equal(payloadFormatForType(3), undefined, "GSM is not supported");
  const names = payloadFormats.map((f) => `${f.encoding}/${f.clockRate}/${f.channels}`);
  assert.equal(new Set(names).size, names.length);
});
