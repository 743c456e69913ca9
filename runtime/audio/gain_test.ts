import assert from "node:assert/strict";
import { applyGain, checkGain, dbToGain, MAX_GAIN } from "./gain.ts";

Deno.test("gain scales, rounds and saturates in place", () => {
  const samples = Int16Array.of(1000, -1000, 20000, -20000, 3);
  assert.equal(applyGain(samples, 2), samples);
  assert.deepEqual([...samples], [2000, -2000, 32767, -32768, 6]);
  assert.deepEqual([...applyGain(Int16Array.of(5, -5, 7), 0.5)], [3, -2, 4]); // Math.round
  assert.deepEqual([...applyGain(Int16Array.of(5, -5), 0)], [0, 0]);
  assert.deepEqual([...applyGain(Int16Array.of(5, -5), 1)], [5, -5]);
});

Deno.test("gains outside 0..16 are refused; dB convert to factors", () => {
  assert.equal(checkGain(MAX_GAIN), 16);
  assert.throws(
    () => checkGain(-1, "capture gain"),
    /capture gain must be between 0 and 16, got -1/,
  );
  assert.throws(() => checkGain(NaN), /got NaN/);
  assert.ok(Math.abs(dbToGain(6) - 1.9953) < 1e-4);
  assert.equal(dbToGain(0), 1);
});
