import assert from "node:assert/strict";
import { Prng } from "./prng.ts";

Deno.test("Prng: same seed, same sequence; other seeds differ", () => {
  const a = new Prng(7), b = new Prng(7), c = new Prng(8);
  const sa = Array.from({ length: 100 }, () => a.nextUint32());
  const sb = Array.from({ length: 100 }, () => b.nextUint32());
  const sc = Array.from({ length: 100 }, () => c.nextUint32());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
  assert.ok(sa.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32));
});

Deno.test("Prng: uniform output has the right mean, variance and spread", () => {
  const r = new Prng(1);
  const n = 100_000;
  const bins = new Array(10).fill(0);
  let sum = 0, sumSq = 0;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    sumSq += u * u;
    bins[Math.floor(u * 10)]++;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(sumSq / n - mean * mean - 1 / 12) < 0.002);
  // chi-square with 9 degrees of freedom: 27.9 is the 0.001 critical value
  const chi2 = bins.reduce((acc, o) => acc + (o - n / 10) ** 2 / (n / 10), 0);
  assert.ok(chi2 < 27.9, `chi-square ${chi2}`);
});

Deno.test("Prng: normal deviates have mean 0 and variance 1", () => {
  const r = new Prng(3);
  const n = 100_000;
  let sum = 0, sumSq = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    sum += z;
    sumSq += z * z;
  }
  assert.ok(Math.abs(sum / n) < 0.02);
  assert.ok(Math.abs(sumSq / n - 1) < 0.02);
});

Deno.test("Prng: chance, nextOpen, derive and seed checks", () => {
  const r = new Prng(5);
  let hits = 0;
  for (let i = 0; i < 50_000; i++) if (r.chance(0.2)) hits++;
  assert.ok(Math.abs(hits / 50_000 - 0.2) < 0.01);
  assert.equal(r.chance(0), false);
  for (let i = 0; i < 1000; i++) assert.ok(r.nextOpen() > 0);
  assert.notEqual(Prng.derive(1, 0).nextUint32(), Prng.derive(1, 1).nextUint32());
  assert.equal(Prng.derive(1, 0).nextUint32(), Prng.derive(1, 0).nextUint32());
  assert.throws(() => new Prng(NaN), /finite number, got NaN/);
});

Deno.test("int and bytes stay in range and repeat with the seed", () => {
  const a = new Prng(7), b = new Prng(7);
  for (let i = 0; i < 1000; i++) {
    const n = a.int(10);
    assert.ok(n >= 0 && n < 10 && Number.isInteger(n));
    assert.equal(n, b.int(10));
  }
  assert.deepEqual(a.bytes(8), b.bytes(8));
});
