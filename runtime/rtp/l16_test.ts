import assert from "node:assert/strict";
import { l16ToPcm, pcmToL16 } from "./l16.ts";

Deno.test("L16 is big-endian on the wire", () => {
  assert.deepEqual([...pcmToL16(Int16Array.of(1, -2, 0x1234, -32768))], [
    0x00,
    0x01,
    0xff,
    0xfe,
    0x12,
    0x34,
    0x80,
    0x00,
  ]);
  assert.deepEqual([...l16ToPcm(Uint8Array.of(0x80, 0x00, 0x7f, 0xff))], [-32768, 32767]);
});

Deno.test("L16 round-trips every sample value, also from an odd offset", () => {
  const pcm = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
  const wire = pcmToL16(pcm);
  const shifted = new Uint8Array(wire.length + 1);
  shifted.set(wire, 1);
  assert.deepEqual(l16ToPcm(shifted.subarray(1)), pcm);
  assert.equal(l16ToPcm(Uint8Array.of(1, 2, 3)).length, 1);
});
