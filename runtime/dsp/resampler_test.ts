import assert from "node:assert/strict";
import { Resampler } from "./resampler.ts";

function sine(hz: number, rate: number, n: number, amp = 10000): Int16Array {
  return Int16Array.from(
    { length: n },
    (_, i) => Math.round(amp * Math.sin(2 * Math.PI * hz * i / rate)),
  );
}

function rms(x: Int16Array, from = 0): number {
  let s = 0;
  for (let i = from; i < x.length; i++) s += x[i] ** 2;
  return Math.sqrt(s / (x.length - from));
}

Deno.test("up then down gives the speech band back, delayed by 31 samples at 16 kHz", async () => {
  const up = await Resampler.create("up");
  const down = await Resampler.create("down");
  const x = sine(1000, 8000, 1600);
  const wide = new Int16Array(3200);
  for (let at = 0; at < 1600; at += 80) wide.set(up.process(x.subarray(at, at + 80)), at * 2);
  const back = down.process(wide);
  assert.equal(back.length, 1600);
  // 31 + 31 samples at 16 kHz = 31 at 8 kHz.
  let err = 0;
  for (let i = 100; i < 1600; i++) err += (back[i] - x[i - 31]) ** 2;
  const snr = 10 * Math.log10(rms(x) ** 2 * 1500 / err);
  assert.ok(snr > 30, `SNR ${snr.toFixed(1)} dB`);
  up.close();
  down.close();
});

Deno.test("going down removes what would alias: 6 kHz at 16 kHz is gone at 8 kHz", async () => {
  const down = await Resampler.create("down");
  const pass = rms(down.process(sine(1000, 16000, 3200)), 100);
  down.reset();
  const stop = rms(down.process(sine(6000, 16000, 3200)), 100);
  assert.ok(pass > 6000, `1 kHz passes (${pass.toFixed(0)})`);
  assert.ok(
    20 * Math.log10(pass / stop) > 40,
    `6 kHz down ${(20 * Math.log10(pass / stop)).toFixed(1)} dB`,
  );
  assert.throws(() => down.process(new Int16Array(3)), /even count/);
  down.close();
  assert.throws(() => down.process(new Int16Array(2)), /closed/);
});
