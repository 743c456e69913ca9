import assert from "node:assert/strict";
import { concat, maxStep, pitchLag, rms, voiced } from "./test_signals.ts";

Deno.test("test signals: a voiced signal has its pitch; the measures measure", () => {
  const x = voiced(4000, 125);
  assert.equal(x.length, 4000);
  assert.ok(Math.abs(pitchLag(x, 40, 100) - 64) <= 1);
  assert.equal(rms(Int16Array.from([3, -4, 3, -4])), Math.sqrt(12.5));
  assert.equal(maxStep(Int16Array.from([0, 5, -5, 0])), 10);
  assert.deepEqual([...concat([Int16Array.of(1), Int16Array.of(2, 3)])], [1, 2, 3]);
});
