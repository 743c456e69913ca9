import assert from "node:assert/strict";
import { TONE_PLANS, type ToneKind, tonePlan } from "./tone_plans.ts";

const KINDS: ToneKind[] = ["dial", "ringback", "busy", "congestion"];

Deno.test("US, Japan, UK and CEPT each define all four tones, well formed, with a source", () => {
  for (const country of ["us", "jp", "uk", "cept"]) {
    const plan = TONE_PLANS[country];
    assert.ok(plan.source.length > 10, `${country} names its source`);
    for (const kind of KINDS) {
      const segments = plan.tones[kind];
      assert.ok(segments.length >= 1);
      for (const s of segments) {
        assert.ok(s.ms >= 0 && s.tones.length <= 2);
        for (const t of s.tones) {
          assert.ok(t.hz >= 300 && t.hz <= 700 && t.dbm0 < 0 && t.dbm0 > -30);
        }
      }
      // Only a dial tone is continuous (a single segment lasting forever).
      assert.equal(segments[0].ms === 0, kind === "dial", `${country} ${kind}`);
    }
  }
});

Deno.test("the well-known cadences are as the sources give them", () => {
  const cadence = (c: string, k: ToneKind) => tonePlan(c, k).map((s) => s.ms);
  assert.deepEqual(cadence("us", "ringback"), [2000, 4000]);
  assert.deepEqual(cadence("us", "busy"), [500, 500]);
  assert.deepEqual(cadence("us", "congestion"), [250, 250]);
  assert.deepEqual(tonePlan("us", "dial")[0].tones.map((t) => t.hz), [350, 440]);
  assert.deepEqual(tonePlan("us", "busy")[0].tones.map((t) => t.hz), [480, 620]);
  assert.deepEqual(cadence("jp", "ringback"), [1000, 2000]);
  assert.equal(tonePlan("jp", "ringback")[0].modulationHz, 16);
  assert.deepEqual(cadence("uk", "ringback"), [400, 200, 400, 2000]);
  assert.deepEqual(cadence("uk", "congestion"), [400, 350, 225, 525]);
  assert.deepEqual(tonePlan("uk", "dial")[0].tones.map((t) => t.hz), [350, 450]);
  assert.deepEqual(cadence("cept", "ringback"), [1000, 4000]);
  assert.equal(tonePlan("cept", "busy")[0].tones[0].hz, 425);
});

Deno.test("unknown countries and kinds are refused with the known ones listed", () => {
  assert.throws(() => tonePlan("xx", "busy"), /known: us, jp, uk, cept/);
  assert.throws(
    () => tonePlan("us", "howler" as ToneKind),
    /known: dial, ringback, busy, congestion/,
  );
  assert.equal(tonePlan("US", "busy"), TONE_PLANS.us.tones.busy, "country code in any case");
});
