import assert from "node:assert/strict";
import { Impairment, type ImpairmentProfile } from "./impairment.ts";

const PROFILE: ImpairmentProfile = {
  delay: { kind: "normal", meanMs: 30, stdDevMs: 4 },
  loss: { kind: "bernoulli", probability: 0.05 },
  duplicateProbability: 0.02,
  reorder: { probability: 0.1, extraDelayMs: 25 },
};

Deno.test("Impairment: counters agree with the configured rates over 20000 packets", () => {
  const net = new Impairment(PROFILE, 11);
  const fates = Array.from({ length: 20_000 }, () => net.decide());
  const c = net.counters;
  assert.equal(c.packets, 20_000);
  assert.equal(c.lost, fates.filter((f) => f.length === 0).length);
  assert.equal(c.copies, fates.reduce((n, f) => n + f.length, 0));
  assert.equal(c.copies, c.packets - c.lost + c.duplicated);
  assert.ok(Math.abs(c.lost / c.packets - 0.05) < 0.006, `loss ${c.lost / c.packets}`);
  const delivered = c.packets - c.lost;
  assert.ok(Math.abs(c.duplicated / delivered - 0.02) < 0.004);
  assert.ok(Math.abs(c.reordered / delivered - 0.1) < 0.01);
  // mean delay = 30 + 0.1 * 25 over first copies, diluted slightly by duplicates (mean 30)
  const mean = c.delaySumMs / c.copies;
  assert.ok(Math.abs(mean - (30 + 25 * c.reordered / c.copies)) < 0.2, `mean ${mean}`);
});

Deno.test("Impairment: the same seed gives the same fates; another seed does not", () => {
  const a = new Impairment(PROFILE, 5),
    b = new Impairment(PROFILE, 5),
    c = new Impairment(PROFILE, 6);
  const fa = Array.from({ length: 1000 }, () => a.decide());
  assert.deepEqual(fa, Array.from({ length: 1000 }, () => b.decide()));
  assert.notDeepEqual(fa, Array.from({ length: 1000 }, () => c.decide()));
});

Deno.test("Impairment: loss decisions do not depend on the other settings", () => {
  const lossOnly = new Impairment({ loss: PROFILE.loss }, 5);
  const full = new Impairment(PROFILE, 5);
  for (let i = 0; i < 2000; i++) {
    assert.equal(lossOnly.decide().length === 0, full.decide().length === 0, `packet ${i}`);
  }
});

Deno.test("Impairment: an empty profile is a perfect path", () => {
  const net = new Impairment({}, 1);
  for (let i = 0; i < 100; i++) assert.deepEqual(net.decide(), [0]);
});

Deno.test("Impairment: bad profiles are rejected with the field named", () => {
  assert.throws(() => new Impairment({ duplicateProbability: 2 }, 1), /duplicateProbability 2/);
  assert.throws(
    () => new Impairment({ reorder: { probability: 0.5, extraDelayMs: -1 } }, 1),
    /profile.reorder needs/,
  );
  assert.throws(
    () => new Impairment({ delay: { kind: "constant", ms: -5 } }, 1),
    /profile.delay: constant ms -5/,
  );
  assert.throws(() => new Impairment(null as never, 1), /expected an object/);
});
