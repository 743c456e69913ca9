import assert from "node:assert/strict";
import { encodeSegments, ToneGenerator } from "./tone_generator.ts";
import { sinePeak } from "./levels.ts";

function amplitude(pcm: Int16Array, hz: number): number {
  let re = 0, im = 0;
  for (let n = 0; n < pcm.length; n++) {
    re += pcm[n] * Math.cos((2 * Math.PI * hz * n) / 8000);
    im -= pcm[n] * Math.sin((2 * Math.PI * hz * n) / 8000);
  }
  return (2 * Math.hypot(re, im)) / pcm.length;
}

/** On/off runs of 10 ms blocks (true = sounding). */
function cadence(pcm: Int16Array): [boolean, number][] {
  const runs: [boolean, number][] = [];
  for (let i = 0; i + 80 <= pcm.length; i += 80) {
    const rms = Math.sqrt(pcm.subarray(i, i + 80).reduce((a, v) => a + v * v, 0) / 80);
    const on = rms > 100;
    if (runs.length && runs[runs.length - 1][0] === on) runs[runs.length - 1][1] += 10;
    else runs.push([on, 10]);
  }
  return runs;
}

Deno.test("US busy: 480+620 Hz at -24 dBm0 each, 0.5 s on / 0.5 s off", async () => {
  const g = await ToneGenerator.create({ country: "us", kind: "busy" });
  const pcm = g.render(8000 * 3);
  const runs = cadence(pcm);
  for (const [on, ms] of runs.slice(0, 5)) assert.ok(Math.abs(ms - 500) <= 10, `${on} ${ms} ms`);
  const body = pcm.subarray(400, 3600); // inside the first burst
  for (const hz of [480, 620]) {
    assert.ok(Math.abs(20 * Math.log10(amplitude(body, hz) / sinePeak(-24))) < 0.3, `${hz} Hz`);
  }
  assert.ok(amplitude(body, 440) < sinePeak(-24) / 20);
  g.close();
});

Deno.test("UK ring-back has its double ring, Japan's ring-back its 16 Hz modulation", async () => {
  const uk = await ToneGenerator.create({ country: "uk", kind: "ringback" });
  const runs = cadence(uk.render(8000 * 3)).map(([on, ms]) =>
    `${on ? "on" : "off"} ${Math.round(ms / 50) * 50}`
  );
  assert.deepEqual(runs.slice(0, 4), ["on 400", "off 200", "on 400", "off 2000"]);
  const jp = await ToneGenerator.create({ country: "jp", kind: "ringback" });
  const burst = jp.render(8000).subarray(400, 7600);
  // The envelope rises and falls 16 times a second: measure it in 5 ms blocks.
  const env = [];
  for (let i = 0; i + 40 <= burst.length; i += 40) {
    env.push(Math.max(...burst.subarray(i, i + 40).map(Math.abs)));
  }
  let peaks = 0;
  for (let i = 1; i + 1 < env.length; i++) {
    if (env[i] > env[i - 1] && env[i] >= env[i + 1] && env[i] > 0.8 * Math.max(...env)) peaks++;
  }
  assert.ok(peaks >= 13 && peaks <= 15, `${peaks} envelope peaks in 0.9 s`);
  uk.close();
  jp.close();
});

Deno.test("rendering in pieces gives exactly the same samples as in one go", async () => {
  const a = await ToneGenerator.create({ country: "cept", kind: "congestion" });
  const b = await ToneGenerator.create({ country: "cept", kind: "congestion" });
  const whole = a.render(4000);
  const parts = [b.render(7), b.render(160), b.render(3833)];
  assert.deepEqual([...parts.flatMap((p) => [...p])], [...whole]);
  a.close();
  b.close();
});

Deno.test("cadence edges glide: no sample-to-sample jump bigger than the tone's own slope", async () => {
  const g = await ToneGenerator.create({ country: "us", kind: "congestion" });
  const pcm = g.render(8000);
  const peak = 2 * sinePeak(-24);
  const slope = peak * 2 * Math.PI * 620 / 8000; // steepest change of the sum of sines
  for (let i = 1; i < pcm.length; i++) {
    assert.ok(Math.abs(pcm[i] - pcm[i - 1]) <= slope * 1.05, `at ${i}`);
  }
  g.close();
});

Deno.test("a one-shot tone ends in silence and says so; restart plays it again", async () => {
  const g = await ToneGenerator.create({
    segments: [{ ms: 50, tones: [{ hz: 1000, dbm0: -10 }] }],
    loop: false,
  });
  const first = g.render(800);
  assert.ok(first.subarray(0, 400).some((v) => Math.abs(v) > 1000));
  assert.ok(first.subarray(450).every((v) => v === 0));
  assert.equal(g.finished, true);
  g.restart();
  assert.equal(g.finished, false);
  assert.ok(g.render(400).some((v) => Math.abs(v) > 1000));
  g.close();
  assert.throws(() => g.render(10), /closed/);
});

Deno.test("bad tone definitions are refused", async () => {
  await assert.rejects(() => ToneGenerator.create({ country: "zz", kind: "dial" }), /no tone plan/);
  assert.throws(() => encodeSegments([]), /1 to 32 segments/);
  assert.throws(() => encodeSegments([{ ms: -1, tones: [] }]), /segment 0/);
  assert.throws(
    () =>
      encodeSegments([{
        ms: 1,
        tones: [{ hz: 1, dbm0: 0 }, { hz: 2, dbm0: 0 }, { hz: 3, dbm0: 0 }],
      }]),
    /at most 2/,
  );
});
