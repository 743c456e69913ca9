import assert from "node:assert/strict";
import { CallProgressDetector } from "./call_progress.ts";
import { type ToneKind, tonePlan } from "./tone_plans.ts";

/** `ms` of `country`'s `kind` tone, as an exchange sends it, at its plan level. */
function tone(country: string, kind: ToneKind, ms: number): Int16Array {
  const plan = tonePlan(country, kind);
  const out = new Int16Array((ms * 8) | 0);
  let segment = 0;
  let left = plan[0].ms * 8 || Infinity;
  for (let n = 0; n < out.length; n++) {
    if (left <= 0) {
      segment = (segment + 1) % plan.length;
      left = plan[segment].ms * 8 || Infinity;
    }
    left--;
    let v = 0;
    for (const t of plan[segment].tones) {
      v += 32768 * Math.pow(10, (t.dbm0 - 3.14) / 20) * Math.sin((2 * Math.PI * t.hz * n) / 8000);
    }
    out[n] = v;
  }
  return out;
}

function noise(ms: number, amplitude: number, seed = 1): Int16Array {
  const out = new Int16Array(ms * 8);
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = ((x >>> 16) / 65536 - 0.5) * 2 * amplitude;
  }
  return out;
}

function verdicts(country: string, pcm: Int16Array): string[] {
  const d = new CallProgressDetector(country);
  const out: string[] = [];
  for (let i = 0; i < pcm.length; i += 160) {
    const v = d.process(pcm.subarray(i, i + 160));
    if (v) out.push(v);
  }
  return out;
}

for (const country of ["us", "uk", "cept", "jp"]) {
  Deno.test(`call progress (${country}): busy, ringback, dial tone each recognised`, () => {
    // Japan's busy and congestion are the same tone: both mean "not connected".
    const busy = verdicts(country, tone(country, "busy", 3000));
    assert.deepEqual(busy, ["busy"]); // Japan's congestion is its busy tone: "busy" as well
    assert.deepEqual(verdicts(country, tone(country, "ringback", 7000)), ["ringback"]);
    assert.deepEqual(verdicts(country, tone(country, "dial", 3000)), ["dial"]);
  });
}

Deno.test("call progress: congestion (reorder) is told from busy", () => {
  assert.deepEqual(verdicts("us", tone("us", "congestion", 2000)), ["congestion"]);
});

Deno.test("call progress: ring-back then a person answering gives voice", () => {
  const pcm = new Int16Array(7000 * 8 + 1000 * 8);
  pcm.set(tone("us", "ringback", 7000));
  pcm.set(noise(1000, 6000), 7000 * 8);
  assert.deepEqual(verdicts("us", pcm), ["ringback", "voice"]);
});

Deno.test("call progress: quiet line and low noise say nothing", () => {
  assert.deepEqual(verdicts("us", new Int16Array(16000)), []);
  assert.deepEqual(verdicts("us", noise(2000, 100)), []);
});

Deno.test("call progress (uk): double bursts told apart from busy, from any phase", () => {
  // Ring-back's bursts (0.4 s) and "equipment engaged" (0.4 s, then 0.225 s) are as long as
  // busy's (0.375 s): only the gaps and the second burst tell them apart.
  assert.deepEqual(verdicts("uk", tone("uk", "congestion", 3000)), ["congestion"]);
  assert.deepEqual(verdicts("uk", tone("uk", "ringback", 3000)), ["ringback"]);
  for (const kind of ["busy", "congestion", "ringback"] as const) {
    for (const skipMs of [100, 420, 700, 1200]) {
      const pcm = tone("uk", kind, 6000).subarray(skipMs * 8);
      assert.deepEqual(verdicts("uk", pcm), [kind], `${kind} heard from ${skipMs} ms in`);
    }
  }
});

Deno.test("call progress (uk): ring-back then an answer gives voice; dial tone is steady", () => {
  const pcm = new Int16Array(3000 * 8 + 1000 * 8);
  pcm.set(tone("uk", "ringback", 3000));
  pcm.set(noise(1000, 6000), 3000 * 8);
  assert.deepEqual(verdicts("uk", pcm), ["ringback", "voice"]);
  // Dial tone (350 + 450 Hz) is not mistaken for a cadence while it lasts.
  assert.deepEqual(verdicts("uk", tone("uk", "dial", 2000)), []);
});

Deno.test("call progress: an unknown country is refused with the known ones", () => {
  assert.throws(() => new CallProgressDetector("xx"), /known: us, jp, uk, cept/);
});
