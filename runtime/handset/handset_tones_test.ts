import assert from "node:assert/strict";
import { tonePlan } from "../dsp/tone_plans.ts";
import { HandsetTones, ringCadenceBits } from "./handset_tones.ts";

function power(pcm: Int16Array, hz: number): number {
  let re = 0, im = 0;
  for (let n = 0; n < pcm.length; n++) {
    re += pcm[n] * Math.cos((2 * Math.PI * hz * n) / 8000);
    im += pcm[n] * Math.sin((2 * Math.PI * hz * n) / 8000);
  }
  return (re * re + im * im) / pcm.length;
}

Deno.test("handset tones: the country's dial tone and the SIT sequence", async () => {
  const tones = await HandsetTones.create("cept");
  try {
    const dial = tones.source("dial").next(800);
    assert.ok(power(dial, 425) > 100 * power(dial, 950));
    const sit = tones.source("intercept");
    const first = sit.next(2400); // 300 ms: 950 Hz
    const second = sit.next(2640); // into 1400 Hz
    assert.ok(power(first, 950) > 100 * power(first, 1400));
    assert.ok(power(second.subarray(400), 1400) > 100 * power(second.subarray(400), 950));
  } finally {
    tones.close();
  }
  await assert.rejects(HandsetTones.create("xx"), RangeError);
});

Deno.test("ring cadence bits: whole cycles in 8 s of half seconds", () => {
  // CEPT 1 s on, 4 s off: one cycle (10 half seconds), then silence.
  assert.equal(ringCadenceBits(tonePlan("cept", "ringback")), 0b1100000000000000);
  // Japan 1 s on, 2 s off: two cycles of six.
  assert.equal(ringCadenceBits(tonePlan("jp", "ringback")), 0b1100001100000000);
  // US 2 s on, 4 s off.
  assert.equal(ringCadenceBits(tonePlan("us", "ringback")), 0b1111000000000000);
});
