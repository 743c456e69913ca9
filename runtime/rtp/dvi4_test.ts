import assert from "node:assert/strict";
import { buildDvi4Payload, dvi4Samples, parseDvi4Header } from "./dvi4.ts";

Deno.test("the DVI4 header is predicted value big-endian, step index, reserved", () => {
  const p = buildDvi4Payload({ predicted: -2, stepIndex: 10 }, Uint8Array.of(0x12, 0x34));
  assert.deepEqual([...p], [0xff, 0xfe, 10, 0, 0x12, 0x34]);
  assert.deepEqual(parseDvi4Header(p), { ok: true, header: { predicted: -2, stepIndex: 10 } });
  assert.deepEqual(
    parseDvi4Header(Uint8Array.of(0x7f, 0xff, 88, 0xaa)),
    { ok: true, header: { predicted: 32767, stepIndex: 88 } },
    "the reserved octet is ignored",
  );
  assert.equal(dvi4Samples(p.length), 4);
  assert.equal(dvi4Samples(2), 0);
});

Deno.test("short payloads and step indexes past the table are rejected", () => {
  assert.equal(parseDvi4Header(new Uint8Array(3)).ok, false);
  assert.equal(parseDvi4Header(Uint8Array.of(0, 0, 89, 0)).ok, false);
  assert.throws(() => buildDvi4Payload({ predicted: 32768, stepIndex: 0 }, new Uint8Array()));
  assert.throws(() => buildDvi4Payload({ predicted: 0, stepIndex: -1 }, new Uint8Array()));
});
