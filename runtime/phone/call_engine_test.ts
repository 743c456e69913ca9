import assert from "node:assert/strict";
import { CallEngine } from "./call_engine.ts";

Deno.test("CallEngine: calls are spread over the slots, each ticks once per tick", () => {
  const engine = new CallEngine({ tickMs: 20, slots: 4, callsPerSlot: 2, reactor: null });
  const ticks: number[][] = Array.from({ length: 8 }, () => []);
  for (let i = 0; i < 8; i++) engine.add({ tick: (t) => ticks[i].push(t) });
  assert.equal(engine.size, 8);
  // Slot s runs at s * 5 ms of each tick; three whole ticks.
  for (let k = 0; k < 3; k++) for (let s = 0; s < 4; s++) engine.runSlot(s, k * 20 + s * 5);
  for (const t of ticks) assert.equal(t.length, 3, "one tick per call per 20 ms");
  const phases = ticks.map((t) => t[0]);
  assert.deepEqual([...new Set(phases)].sort((a, b) => a - b), [0, 5, 10, 15], "two calls a slot");
  assert.equal(engine.stats.lateTicks, 0);
});

Deno.test("CallEngine: a late batch catches up a bounded number of ticks, skips and counts the rest", () => {
  const engine = new CallEngine({ tickMs: 20, slots: 1, maxCatchUp: 3, reactor: null });
  const seen: number[] = [];
  const skips: number[] = [];
  engine.add({ tick: (t) => seen.push(t), skipped: (n) => skips.push(n) });
  engine.runSlot(0, 0);
  engine.runSlot(0, 200); // 10 ticks due: 3 run, the rest skipped
  assert.deepEqual(seen, [0, 20, 40, 60]);
  assert.equal(engine.stats.skipped, 7);
  assert.deepEqual(skips, [7], "the call is told, to move its media clock on");
  assert.ok(engine.stats.lateTicks >= 2, "ticks run more than one tick late are counted");
  engine.runSlot(0, 220);
  assert.deepEqual(seen.slice(4), [220], "back in step after the skip");
});

Deno.test("CallEngine: removed calls stop ticking; a throwing call does not stop the others", () => {
  const engine = new CallEngine({ slots: 2, callsPerSlot: 1, reactor: null });
  let a = 0, b = 0;
  const removeA = engine.add({ tick: () => a++ });
  engine.add({
    tick: () => {
      b++;
      throw new Error("a call's bug (expected in this test)");
    },
  });
  engine.runSlot(0, 0);
  engine.runSlot(1, 10);
  removeA();
  engine.runSlot(0, 20);
  engine.runSlot(1, 30);
  assert.equal(a, 1);
  assert.equal(b, 2);
  assert.equal(engine.size, 1);
});

Deno.test("CallEngine: few calls share a slot; more open the next ones", () => {
  const engine = new CallEngine({ slots: 4, callsPerSlot: 3, reactor: null });
  const phase: number[] = [];
  for (let i = 0; i < 14; i++) engine.add({ tick: (t) => phase.push(t) });
  for (let s = 0; s < 4; s++) engine.runSlot(s, s * 5);
  const perSlot = [0, 5, 10, 15].map((t) => phase.filter((p) => p === t).length);
  assert.deepEqual(perSlot, [4, 4, 3, 3], "3 per slot, then the least loaded");
});

Deno.test("CallEngine: the clock drives the slots in real time", async () => {
  const engine = new CallEngine({ tickMs: 10, slots: 2, reactor: null });
  let count = 0;
  const done = Promise.withResolvers<void>();
  engine.add({ tick: () => ++count === 3 && done.resolve() });
  engine.start();
  await done.promise;
  engine.stop();
  assert.ok(count >= 3);
  assert.throws(() => new CallEngine({ slots: 0 }), /slots 0/);
});
