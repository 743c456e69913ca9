import assert from "node:assert/strict";
import { g723FrameLength, splitG723 } from "./g723_frames.ts";

Deno.test("frame length comes from the two low bits of the first octet only", () => {
  for (let octet = 0; octet < 256; octet++) {
    assert.equal(g723FrameLength(octet), [24, 20, 4, 1][octet & 3]);
  }
});

Deno.test("a run of untransmitted and SID frames splits into views of the payload", () => {
  const payload = Uint8Array.of(0x03, 0x07, 0x02, 9, 9, 9);
  const s = splitG723(payload);
  assert.ok(s.ok);
  if (s.ok) {
    assert.deepEqual(s.frames.map((f) => [f.kind, f.data.length]), [
      ["untransmitted", 1],
      ["untransmitted", 1],
      ["sid", 4],
    ]);
    assert.equal(s.frames[2].data.buffer, payload.buffer);
    assert.equal(s.samples, 720);
  }
});

Deno.test("truncation is reported at the start of the incomplete frame", () => {
  const s = splitG723(Uint8Array.of(0x03, 0x01, 0, 0));
  assert.equal(s.ok ? -1 : s.offset, 1);
  assert.equal(s.ok ? "" : s.reason, "truncated-frame");
});
