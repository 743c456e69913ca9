import assert from "node:assert/strict";
import {
  alignment,
  halfSampleLater,
  heardWindows,
  heardWindowsWideband,
  testVoice,
} from "./test_signal.ts";

// A recording: `silence` samples of nothing, then `said` from sample `from` on, for `n`.
function recording(said: Int16Array, silence: number, from: number, n: number): Int16Array {
  const out = new Int16Array(silence + n);
  out.set(said.subarray(from, from + n), silence);
  return out;
}

Deno.test("alignment finds where a recording plays the voice", () => {
  const said = testVoice(6, 300);
  // Heard from its sample 16000 on, after 5000 samples of silence: heard[i + 5000 - 16000].
  assert.equal(alignment(said, recording(said, 5000, 16000, 16000)), 5000 - 16000);
  assert.equal(alignment(said, new Int16Array(8000)), undefined);
});

Deno.test("heardWindows matches the voice said, not another one", () => {
  const said = testVoice(6, 300);
  const heard = recording(said, 3000, 8000, 24000);
  const matching = heardWindows(said, heard).filter((c) => c > 0.9).length;
  assert.ok(matching >= 28, `${matching} windows`); // 3 s of voice: 30 windows, ends cut
  const other = recording(testVoice(6, 500), 3000, 8000, 24000);
  assert.equal(heardWindows(said, other).filter((c) => c > 0.9).length, 0);
  assert.deepEqual(heardWindows(said, new Int16Array(24000)), []);
});

Deno.test("heardWindows is not thrown by a garbled middle or a shift mid-call", () => {
  const said = testVoice(6, 300);
  // 1.2 s of the voice, 0.6 s of another (loud, where one alignment would be taken), then
  // the voice again 150 ms further on: beyond the 100 ms slack of the first part.
  const heard = new Int16Array(24000);
  heard.set(said.subarray(0, 9600), 0);
  heard.set(testVoice(6, 500).subarray(0, 4800), 9600);
  heard.set(said.subarray(14400 + 1200, 14400 + 1200 + 9600), 14400);
  const matching = heardWindows(said, heard).filter((c) => c > 0.9).length;
  assert.ok(matching >= 10, `${matching} windows`);
});

Deno.test("a half-sample delay (16 kHz decimated on the other phase) is matched as wideband", () => {
  const said = testVoice(6, 300);
  const heard = recording(halfSampleLater(said), 3000, 8000, 24000);
  const good = (w: number[]) => w.filter((c) => c > 0.9).length;
  assert.ok(good(heardWindows(said, heard)) < 10, "an integer-lag match misses it");
  assert.ok(good(heardWindowsWideband(said, heard)) >= 28);
  assert.ok(good(heardWindowsWideband(said, recording(said, 3000, 8000, 24000))) >= 28);
  const other = recording(halfSampleLater(testVoice(6, 500)), 3000, 8000, 24000);
  assert.equal(good(heardWindowsWideband(said, other)), 0);
});
