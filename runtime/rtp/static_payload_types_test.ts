import assert from "node:assert/strict";
import { staticPayloadType, staticPayloadTypeOf } from "./static_payload_types.ts";

Deno.test("RFC 3551 static audio types map both ways", () => {
  const expected: [number, string, number, number][] = [
    [0, "PCMU", 8000, 1],
    [4, "G723", 8000, 1],
    [5, "DVI4", 8000, 1],
    [6, "DVI4", 16000, 1],
    [8, "PCMA", 8000, 1],
    [10, "L16", 44100, 2],
    [11, "L16", 44100, 1],
    [18, "G729", 8000, 1],
  ];
  for (const [pt, encoding, clockRate, channels] of expected) {
    assert.deepEqual(staticPayloadType(pt), { encoding, clockRate, channels });
    assert.equal(staticPayloadTypeOf(encoding.toLowerCase(), clockRate, channels), pt);
  }
});

Deno.test("dynamic-only encodings and unassigned types have no static type", () => {
  assert.equal(staticPayloadTypeOf("L16", 8000), undefined);
  assert.equal(staticPayloadTypeOf("G726-32", 8000), undefined);
  assert.equal(staticPayloadTypeOf("LPC10", 8000), undefined);
  for (const pt of [1, 2, 19, 35, 96, 127]) assert.equal(staticPayloadType(pt), undefined);
});
