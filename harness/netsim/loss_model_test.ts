import assert from "node:assert/strict";
import { expectedLossRate, type LossModel, LossProcess } from "./loss_model.ts";
import { Prng } from "./prng.ts";

function run(model: LossModel, n: number, seed = 1): boolean[] {
  const p = new LossProcess(model, new Prng(seed));
  return Array.from({ length: n }, () => p.next());
}

/** Lengths of the runs of consecutive losses. */
function bursts(losses: boolean[]): number[] {
  const out: number[] = [];
  let run = 0;
  for (const lost of losses) {
    if (lost) run++;
    else if (run > 0) {
      out.push(run);
      run = 0;
    }
  }
  if (run > 0) out.push(run);
  return out;
}

const rate = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

Deno.test("Bernoulli loss: rate and burst lengths of independent losses", () => {
  const xs = run({ kind: "bernoulli", probability: 0.1 }, 50_000);
  assert.ok(Math.abs(rate(xs) - 0.1) < 0.006, `rate ${rate(xs)}`);
  // independent: mean burst 1/(1-p) = 1.111
  assert.ok(Math.abs(mean(bursts(xs)) - 1 / 0.9) < 0.03);
  assert.equal(rate(run({ kind: "none" }, 1000)), 0);
  assert.equal(rate(run({ kind: "bernoulli", probability: 1 }, 1000)), 1);
});

Deno.test("Gilbert-Elliott loss: stationary rate and mean burst 1/r", () => {
  const model: LossModel = { kind: "gilbert-elliott", goodToBad: 0.02, badToGood: 0.25 };
  assert.ok(Math.abs(expectedLossRate(model) - 0.02 / 0.27) < 1e-12);
  const xs = run(model, 100_000);
  assert.ok(Math.abs(rate(xs) - expectedLossRate(model)) < 0.01, `rate ${rate(xs)}`);
  assert.ok(Math.abs(mean(bursts(xs)) - 4) < 0.3, `burst ${mean(bursts(xs))}`);
});

Deno.test("Gilbert-Elliott with partial loss in each state", () => {
  const model: LossModel = {
    kind: "gilbert-elliott",
    goodToBad: 0.05,
    badToGood: 0.2,
    lossInGood: 0.01,
    lossInBad: 0.5,
  };
  const expected = 0.8 * 0.01 + 0.2 * 0.5;
  assert.ok(Math.abs(expectedLossRate(model) - expected) < 1e-12);
  const xs = run(model, 100_000, 4);
  assert.ok(Math.abs(rate(xs) - expected) < 0.01, `rate ${rate(xs)}`);
});

Deno.test("loss decisions are reproducible from the seed", () => {
  const m: LossModel = { kind: "gilbert-elliott", goodToBad: 0.1, badToGood: 0.3 };
  assert.deepEqual(run(m, 500, 3), run(m, 500, 3));
  assert.notDeepEqual(run(m, 500, 3), run(m, 500, 4));
});

Deno.test("bad loss models are rejected with the field named", () => {
  const rng = new Prng(1);
  const bad = (m: unknown, re: RegExp) =>
    assert.throws(() => new LossProcess(m as LossModel, rng), re);
  bad({ kind: "bernoulli", probability: 1.5 }, /probability 1.5 is not in 0..1/);
  bad({ kind: "gilbert-elliott", goodToBad: 0.1 }, /badToGood undefined is not in 0..1/);
  bad({ kind: "gilbert-elliott", goodToBad: 0, badToGood: 0 }, /cannot both be 0/);
  bad({ kind: "gilbert-elliott", goodToBad: 0.1, badToGood: 0.1, lossInBad: 2 }, /lossInBad 2/);
  bad({ kind: "drop-all" }, /unknown kind "drop-all"/);
});
