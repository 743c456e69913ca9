import assert from "node:assert/strict";
import { ComfortNoise } from "./comfort_noise.ts";
import { dbovOf } from "./levels.ts";

Deno.test("comfort noise has the requested level in dBov", async () => {
  const cn = await ComfortNoise.create(7);
  for (const level of [-30, -50, -70]) {
    const pcm = cn.render(16000, level);
    assert.ok(Math.abs(dbovOf(pcm) - level) < 0.3, `${level} dBov -> ${dbovOf(pcm)}`);
  }
  cn.close();
});

Deno.test("comfort noise is white and zero-mean, and repeats for a seed", async () => {
  const a = await ComfortNoise.create(42);
  const b = await ComfortNoise.create(42);
  const x = a.render(20000, -40);
  assert.deepEqual([...b.render(20000, -40)], [...x]);
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  let r0 = 0, r1 = 0;
  for (let i = 1; i < x.length; i++) {
    r0 += (x[i] - mean) ** 2;
    r1 += (x[i] - mean) * (x[i - 1] - mean);
  }
  assert.ok(Math.abs(mean) < 10, `mean ${mean}`);
  assert.ok(Math.abs(r1 / r0) < 0.03, `lag-1 correlation ${r1 / r0}`);
  assert.throws(() => a.render(10, 3), /must be <= 0/);
  a.close();
  b.close();
});
