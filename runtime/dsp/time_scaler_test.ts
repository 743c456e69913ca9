import assert from "node:assert/strict";
import { TimeScaler } from "./time_scaler.ts";
import { concat, maxStep, pitchLag, voiced } from "../../harness/signals/test_signals.ts";

Deno.test("stretching adds about one pitch period, keeps the pitch and has no click", async () => {
  const tsm = await TimeScaler.create();
  const x = voiced(1600, 125); // period 64 samples
  const parts = [tsm.process(x.subarray(0, 160), 160)];
  for (let f = 1; f < 10; f++) {
    parts.push(tsm.process(x.subarray(f * 160, (f + 1) * 160), f === 5 ? 240 : 160));
  }
  const out = concat(parts);
  const added = out.length - x.length;
  assert.ok(added >= 56 && added <= 120, `added ${added}`);
  // Same pitch period (64 samples, give or take the test signal's 1 % vibrato).
  assert.ok(Math.abs(pitchLag(out.subarray(700, 1300), 40, 100) - 64) <= 1);
  assert.ok(maxStep(out) <= 1.2 * maxStep(x), `step ${maxStep(out)} vs ${maxStep(x)}`);
  tsm.close();
});

Deno.test("compressing removes about one period, never more than asked, without a click", async () => {
  const tsm = await TimeScaler.create();
  const x = voiced(1600, 125);
  const parts = [tsm.process(x.subarray(0, 160), 160)];
  for (let f = 1; f < 10; f++) {
    parts.push(tsm.process(x.subarray(f * 160, (f + 1) * 160), f === 5 ? 80 : 160));
  }
  const out = concat(parts);
  const removed = x.length - out.length;
  assert.ok(removed >= 56 && removed <= 80, `removed ${removed}`);
  assert.ok(maxStep(out) <= 1.2 * maxStep(x));
  // Asking for less than the shortest span (5 ms) changes nothing.
  assert.equal(tsm.process(x.subarray(0, 160), 150).length, 160);
  tsm.close();
});

Deno.test("silence and noise-like frames are scaled by exactly the amount asked", async () => {
  const tsm = await TimeScaler.create();
  assert.equal(tsm.process(new Int16Array(160), 200).length, 200);
  assert.equal(tsm.process(new Int16Array(160), 110).length, 110);
  let s = 1;
  const noise = Int16Array.from(
    { length: 160 },
    () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 20) - 2048,
  );
  assert.equal(tsm.process(noise, 115).length, 115);
  tsm.close();
});

Deno.test("a frame asked to keep its length comes out unchanged", async () => {
  const tsm = await TimeScaler.create();
  const x = voiced(160);
  assert.deepEqual([...tsm.process(x, 160)], [...x]);
  assert.throws(() => tsm.process(new Int16Array(10000), 100), /exceeds maxFrame/);
  tsm.close();
  assert.throws(() => tsm.process(x, 160), /closed/);
});
