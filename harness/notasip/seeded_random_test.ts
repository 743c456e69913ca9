import { deepStrictEqual as assertEquals, notDeepStrictEqual } from "node:assert/strict";
import { seededRandom } from "./seeded_random.ts";

Deno.test("seededRandom repeats for a seed and differs between seeds", () => {
  const a = seededRandom(7), b = seededRandom(7), c = seededRandom(8);
  const xs = Array.from({ length: 5 }, a);
  assertEquals(Array.from({ length: 5 }, b), xs);
  notDeepStrictEqual(Array.from({ length: 5 }, c), xs);
});

Deno.test("seededRandom stays in [0, 1) and is roughly uniform", () => {
  const random = seededRandom(123);
  const bins = new Array(10).fill(0);
  for (let i = 0; i < 10000; i++) {
    const x = random();
    if (!(x >= 0 && x < 1)) throw new Error(`out of range: ${x}`);
    bins[Math.floor(x * 10)]++;
  }
  for (const n of bins) assertEquals(n > 900 && n < 1100, true, `bin count ${n}`);
});
