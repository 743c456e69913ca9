import assert from "node:assert/strict";
import { Concealer } from "./concealer.ts";
import { concat, maxStep, pitchLag, rms, voiced } from "../../harness/signals/test_signals.ts";

const FRAME = 160; // 20 ms packets

/** Runs a signal through the concealer in 20 ms frames, losing the frames in `lost`. */
async function run(signal: Int16Array, lost: Set<number>) {
  const plc = await Concealer.create();
  const frames: Int16Array[] = [];
  for (let f = 0; f * FRAME < signal.length; f++) {
    const frame = signal.subarray(f * FRAME, (f + 1) * FRAME);
    frames.push(lost.has(f) ? plc.lost(frame.length) : plc.good(frame));
  }
  const delay = plc.delay;
  plc.close();
  return { out: concat(frames), delay };
}

Deno.test("without losses the output is the input, delayed by 3.75 ms, sample for sample", async () => {
  const x = voiced(8000);
  const { out, delay } = await run(x, new Set());
  assert.equal(delay, 30);
  assert.deepEqual([...out.subarray(delay)], [...x.subarray(0, x.length - delay)]);
  assert.ok(out.subarray(0, delay).every((v) => v === 0));
});

Deno.test("a lost 20 ms frame in voiced speech is filled without a click", async () => {
  const x = voiced(8000);
  const { out, delay } = await run(x, new Set([20]));
  const start = 20 * FRAME + delay, end = start + FRAME; // where the loss sits in the output
  const natural = maxStep(x);
  // No step at the edges of the concealed stretch (or inside it) beyond the signal's own.
  assert.ok(
    maxStep(out, start - 40, end + 120) <= 1.25 * natural,
    `step ${maxStep(out, start - 40, end + 120)} vs ${natural}`,
  );
  // The fill keeps the voice: same pitch, similar level, close to the true waveform.
  const fill = out.subarray(start, end);
  const truth = x.subarray(20 * FRAME, 21 * FRAME);
  assert.equal(Math.round(pitchLag(fill, 40, 100) / 64), 1, "pitch period of 64 samples kept");
  assert.ok(rms(fill) > 0.7 * rms(truth) && rms(fill) < 1.3 * rms(truth));
  const err = rms(fill.map((v, i) => v - truth[i]));
  assert.ok(20 * Math.log10(rms(truth) / err) > 6, `SNR ${20 * Math.log10(rms(truth) / err)} dB`);
});

Deno.test("a long loss fades 20 % per 10 ms after the first 10 ms and is silent after 60 ms", async () => {
  const x = voiced(8000);
  const { out, delay } = await run(x, new Set([20, 21, 22, 23, 24])); // 100 ms
  const start = 20 * FRAME + delay;
  const level = (ms: number) => rms(out.subarray(start + ms * 8, start + (ms + 10) * 8));
  const first = level(0);
  assert.ok(first > 0.7 * rms(x.subarray(20 * FRAME, 20 * FRAME + 80)));
  for (let ms = 10; ms < 60; ms += 10) assert.ok(level(ms) < level(ms - 10) * 0.97, `${ms} ms`);
  // Average gain in 50-60 ms is 0.1 of the start.
  assert.ok(level(50) < 0.2 * first, `50-60 ms at ${level(50) / first}`);
  assert.equal(rms(out.subarray(start + 480, start + 800)), 0, "silent from 60 ms on");
});

Deno.test("after a loss the signal comes back without a click, and fully", async () => {
  const x = voiced(8000);
  const { out, delay } = await run(x, new Set([10, 11, 12]));
  const back = 13 * FRAME + delay;
  assert.ok(maxStep(out, back - 80, back + 160) <= 1.25 * maxStep(x));
  // Past the fade-in (at most 10 ms) the output is the input again.
  assert.deepEqual([...out.subarray(back + 80, back + 400)], [
    ...x.subarray(13 * FRAME + 80, 13 * FRAME + 400),
  ]);
});

Deno.test("any lengths work, and bad ones are refused", async () => {
  const plc = await Concealer.create();
  assert.equal(plc.good(voiced(123)).length, 123);
  assert.equal(plc.lost(7).length, 7);
  assert.equal(plc.lost(2000).length, 2000);
  assert.throws(() => plc.lost(-1), /whole number/);
  plc.close();
  assert.throws(() => plc.lost(10), /closed/);
});

Deno.test("16 kHz: every length doubled (delay, fill, fade, silence after 60 ms)", async () => {
  // 125 Hz voice at 16 kHz: a 128-sample period (voiced() counts samples at 8 kHz).
  const x = voiced(32000, 62.5);
  const plc = await Concealer.create({ sampleRate: 16000 });
  assert.equal(plc.delay, 60); // 3.75 ms
  const frame = 320; // 20 ms
  const frames: Int16Array[] = [];
  const lost = new Set([20, 40, 41, 42, 43, 44]);
  for (let f = 0; f * frame < x.length; f++) {
    const part = x.subarray(f * frame, (f + 1) * frame);
    frames.push(lost.has(f) ? plc.lost(part.length) : plc.good(part));
  }
  plc.close();
  const out = concat(frames);
  assert.deepEqual([...out.subarray(60, 20 * frame)], [...x.subarray(0, 20 * frame - 60)]);
  const start = 20 * frame + 60;
  const fill = out.subarray(start, start + frame);
  const truth = x.subarray(20 * frame, 21 * frame);
  assert.equal(Math.round(pitchLag(fill, 80, 200) / 128), 1, "pitch period of 128 samples kept");
  const err = rms(fill.map((v, i) => v - truth[i]));
  assert.ok(20 * Math.log10(rms(truth) / err) > 6, `SNR ${20 * Math.log10(rms(truth) / err)} dB`);
  const long = 40 * frame + 60;
  assert.ok(
    rms(out.subarray(long, long + 160)) > 0.7 * rms(x.subarray(40 * frame, 40 * frame + 160)),
  );
  assert.equal(rms(out.subarray(long + 960, long + 1600)), 0, "silent from 60 ms on");
  await assert.rejects(() => Concealer.create({ sampleRate: 11025 }), RangeError);
});
