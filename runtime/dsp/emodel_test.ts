import assert from "node:assert/strict";
import { burstRatio, G711_WITH_PLC, mosFromR, rFactor } from "./emodel.ts";

Deno.test("G.107 defaults give R = 93.2 (Ro 94.77, Is 1.41) and MOS 4.41", () => {
  const r = rFactor({ Ta: 0 });
  assert.ok(Math.abs(r.R - 93.2) < 0.05, `R ${r.R}`);
  assert.ok(Math.abs(r.Ro - 94.77) < 0.01);
  assert.ok(Math.abs(r.Is - 1.41) < 0.01);
  assert.ok(Math.abs(mosFromR(r.R) - 4.41) < 0.01);
});

Deno.test("Idd is zero up to 100 ms and follows the G.107 formula above", () => {
  assert.equal(rFactor({ Ta: 100 }).Idd, 0);
  // Ta = 200 ms: X = 1, Idd = 25 * (2^(1/6) - 3 * (1 + 3^-6)^(1/6) + 2).
  const expected = 25 * (Math.pow(2, 1 / 6) - 3 * Math.pow(1 + Math.pow(3, -6), 1 / 6) + 2);
  assert.ok(Math.abs(rFactor({ Ta: 200 }).Idd - expected) < 1e-9);
  // Delay only ever lowers R.
  let last = Infinity;
  for (let Ta = 0; Ta <= 600; Ta += 25) {
    const { R } = rFactor({ Ta });
    assert.ok(R <= last + 1e-9, `R rises at ${Ta} ms`);
    last = R;
  }
});

Deno.test("packet loss: Ie,eff from Ppl, Bpl and BurstR", () => {
  // G.711 with PLC (Bpl 25.1), 2 % random loss: 95 * 2 / (2 + 25.1) = 7.01.
  assert.ok(Math.abs(rFactor({ Ta: 0, Ppl: 2, ...G711_WITH_PLC }).IeEff - 7.011) < 0.001);
  // Bursty loss hurts more than random loss of the same rate.
  const random = rFactor({ Ta: 0, Ppl: 2, BurstR: 1, ...G711_WITH_PLC }).R;
  const bursty = rFactor({ Ta: 0, Ppl: 2, BurstR: 3, ...G711_WITH_PLC }).R;
  assert.ok(bursty < random);
  assert.throws(() => rFactor({ Ta: NaN }), /finite/);
});

Deno.test("MOS maps R onto 1..4.5", () => {
  assert.equal(mosFromR(-5), 1);
  assert.equal(mosFromR(120), 4.5);
  assert.ok(Math.abs(mosFromR(50) - 2.58) < 0.01);
});

Deno.test("burst ratio: 1 for isolated losses, large for runs", () => {
  assert.equal(burstRatio(Array(100).fill(false)), 1);
  const isolated = Array.from({ length: 1000 }, (_, i) => i % 50 === 0);
  assert.ok(Math.abs(burstRatio(isolated) - 1) < 0.05);
  const runs = Array.from({ length: 1000 }, (_, i) => i % 100 < 5); // 5-packet bursts, 5 % loss
  // p = 1/95, q = 1/5: BurstR = 1 / (p + q) = 4.75.
  assert.ok(Math.abs(burstRatio(runs) - 4.75) < 0.1, `${burstRatio(runs)}`);
});
