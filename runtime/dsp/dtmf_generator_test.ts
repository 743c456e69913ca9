import assert from "node:assert/strict";
import { DTMF_HIGH, DTMF_LOW, dtmfFrequencies, DtmfGenerator } from "./dtmf_generator.ts";
import { sinePeak } from "./levels.ts";

/** Amplitude of the sine at `hz` in `pcm` (single-bin DFT). */
function amplitude(pcm: Int16Array, hz: number): number {
  let re = 0, im = 0;
  for (let n = 0; n < pcm.length; n++) {
    re += pcm[n] * Math.cos((2 * Math.PI * hz * n) / 8000);
    im -= pcm[n] * Math.sin((2 * Math.PI * hz * n) / 8000);
  }
  return (2 * Math.hypot(re, im)) / pcm.length;
}

Deno.test("keypad frequencies follow Q.23", () => {
  assert.deepEqual(dtmfFrequencies("1"), [697, 1209]);
  assert.deepEqual(dtmfFrequencies("0"), [941, 1336]);
  assert.deepEqual(dtmfFrequencies("#"), [941, 1477]);
  assert.deepEqual(dtmfFrequencies("d"), [941, 1633]);
  assert.deepEqual(dtmfFrequencies("B"), [770, 1633]);
  assert.throws(() => dtmfFrequencies("E"), /not a DTMF key/);
  assert.throws(() => dtmfFrequencies("12"), /not a DTMF key/);
});

Deno.test("a digit holds its two tones at the requested levels and twist, nothing else", async () => {
  const gen = await DtmfGenerator.create();
  const pcm = gen.generate("8", { durationMs: 200, pauseMs: 0, levelDbm0: -10, twistDb: 3 });
  assert.equal(pcm.length, 1600);
  const body = pcm.subarray(80, 1520); // skip the 2 ms fades
  const low = amplitude(body, 852), high = amplitude(body, 1336);
  assert.ok(Math.abs(20 * Math.log10(low / sinePeak(-10))) < 0.2, `low ${low}`);
  assert.ok(Math.abs(20 * Math.log10(high / sinePeak(-7))) < 0.2, `high ${high}`);
  for (const f of [...DTMF_LOW, ...DTMF_HIGH].filter((f) => f !== 852 && f !== 1336)) {
    assert.ok(amplitude(body, f) < low / 30, `${f} Hz leaks`);
  }
  gen.close();
});

Deno.test("a string is tone, pause, tone, pause... with the given durations", async () => {
  const gen = await DtmfGenerator.create();
  const pcm = gen.generate("123", { durationMs: 50, pauseMs: 30 });
  assert.equal(pcm.length, 3 * (400 + 240));
  const energy = (from: number, to: number) =>
    pcm.subarray(from, to).reduce((a, v) => a + v * v, 0);
  assert.ok(energy(20, 380) > 1e9);
  assert.equal(energy(420, 640), 0, "pause is silent after the 2 ms fade");
  assert.ok(energy(660, 1020) > 1e9);
  // Strings longer than one pass (16 digits) come out whole.
  assert.equal(
    gen.generate("0123456789012345678", { durationMs: 40, pauseMs: 40 }).length,
    19 * 640,
  );
  assert.throws(() => gen.generate("12x"), /"x" is not a DTMF key/);
  assert.throws(() => gen.generate("1", { durationMs: 0 }), /duration/);
  gen.close();
});
