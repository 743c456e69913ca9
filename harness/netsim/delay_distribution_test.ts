import assert from "node:assert/strict";
import { type DelayDistribution, delaySampler, expectedMeanMs } from "./delay_distribution.ts";
import { loadDistTable, parseDistTable } from "./netem_table.ts";
import { Prng } from "./prng.ts";

function stats(d: DelayDistribution, n = 20_000, seed = 1) {
  const sample = delaySampler(d, new Prng(seed));
  const xs = Array.from({ length: n }, sample);
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / n);
  return { xs, mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

Deno.test("constant and uniform delays", () => {
  const c = stats({ kind: "constant", ms: 12 }, 100);
  assert.equal(c.min, 12);
  assert.equal(c.max, 12);
  const u = stats({ kind: "uniform", minMs: 10, maxMs: 30 });
  assert.ok(u.min >= 10 && u.max <= 30);
  assert.ok(Math.abs(u.mean - 20) < 0.3, `mean ${u.mean}`);
  assert.ok(Math.abs(u.sd - 20 / Math.sqrt(12)) < 0.2, `sd ${u.sd}`);
});

Deno.test("normal delay has the configured mean and deviation", () => {
  const n = stats({ kind: "normal", meanMs: 50, stdDevMs: 8 });
  assert.ok(Math.abs(n.mean - 50) < 0.3, `mean ${n.mean}`);
  assert.ok(Math.abs(n.sd - 8) < 0.3, `sd ${n.sd}`);
  const clamped = stats({ kind: "normal", meanMs: 1, stdDevMs: 5 }, 2000);
  assert.equal(clamped.min, 0, "negative draws are clamped to 0");
});

Deno.test("pareto delay: floor at scale, mean scale·shape/(shape−1)", () => {
  const d: DelayDistribution = { kind: "pareto", scaleMs: 10, shape: 3 };
  const p = stats(d, 50_000);
  assert.ok(p.min >= 10);
  assert.equal(expectedMeanMs(d), 15);
  assert.ok(Math.abs(p.mean - 15) < 0.3, `mean ${p.mean}`);
  // P(X > 2·scale) = 2^-shape = 0.125
  const tail = p.xs.filter((x) => x > 20).length / p.xs.length;
  assert.ok(Math.abs(tail - 0.125) < 0.01, `tail ${tail}`);
  assert.equal(expectedMeanMs({ kind: "pareto", scaleMs: 1, shape: 1 }), Infinity);
});

Deno.test("table delay follows netem's mean + jitter·t/8192", () => {
  const table = parseDistTable("-8192 0 8192 16384", "four");
  const d: DelayDistribution = { kind: "table", meanMs: 20, jitterMs: 4, table };
  const t = stats(d, 8000);
  assert.deepEqual([...new Set(t.xs)].sort((a, b) => a - b), [16, 20, 24, 28]);
  assert.equal(expectedMeanMs(d), 22);
  assert.ok(Math.abs(t.mean - 22) < 0.2);
});

Deno.test("table delay from iproute2's normal.dist matches a normal", () => {
  const d: DelayDistribution = {
    kind: "table",
    meanMs: 40,
    jitterMs: 6,
    table: loadDistTable("normal"),
  };
  const t = stats(d);
  assert.ok(Math.abs(t.mean - 40) < 0.3, `mean ${t.mean}`);
  assert.ok(Math.abs(t.sd - 6) < 0.3, `sd ${t.sd}`);
});

Deno.test("same seed, same delays", () => {
  const d: DelayDistribution = { kind: "normal", meanMs: 20, stdDevMs: 3 };
  assert.deepEqual(stats(d, 50, 9).xs, stats(d, 50, 9).xs);
  assert.notDeepEqual(stats(d, 50, 9).xs, stats(d, 50, 10).xs);
});

Deno.test("bad distributions are rejected with the field named", () => {
  const rng = new Prng(1);
  const bad = (d: unknown, re: RegExp) =>
    assert.throws(() => delaySampler(d as DelayDistribution, rng), re);
  bad({ kind: "constant", ms: -1 }, /constant ms -1 must be >= 0/);
  bad({ kind: "uniform", minMs: 5, maxMs: 1 }, /0 <= minMs <= maxMs, got 5..1/);
  bad({ kind: "normal", meanMs: 5, stdDevMs: NaN }, /normal needs/);
  bad({ kind: "pareto", scaleMs: 5, shape: 0 }, /shape > 0/);
  bad({ kind: "table", meanMs: 5, jitterMs: 1 }, /a loaded table/);
  bad({ kind: "gamma" }, /unknown kind "gamma"/);
  bad(null, /expected a distribution object/);
});
