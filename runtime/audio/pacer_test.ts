import assert from "node:assert/strict";
import { type Clock, Pacer } from "./pacer.ts";

/** A clock that only moves when told to; sleeping advances it exactly. */
function fakeClock(): Clock & { advance(ms: number): void; sleeps: number[] } {
  let now = 1000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    advance: (ms) => now += ms,
    sleeps,
  };
}

Deno.test("ticks are due at whole periods after the first call, without drift", async () => {
  const clock = fakeClock();
  const pacer = new Pacer(20, 5, clock);
  await pacer.next();
  clock.advance(7); // the consumer took 7 ms
  await pacer.next();
  await pacer.next();
  assert.deepEqual(clock.sleeps, [20, 13, 20]);
  assert.equal(clock.now(), 1060);
  assert.equal(pacer.lastDue(), 1060);
});

Deno.test("a late consumer catches up at once, up to the lag limit", async () => {
  const clock = fakeClock();
  const pacer = new Pacer(20, 5, clock);
  await pacer.next(); // due 1020
  clock.advance(60); // now 1080: ticks due 1040, 1060, 1080 are late
  assert.deepEqual(await pacer.next(), { lateMs: 40, skipped: 0 });
  assert.deepEqual(await pacer.next(), { lateMs: 20, skipped: 0 });
  assert.deepEqual(await pacer.next(), { lateMs: 0, skipped: 0 });
  assert.equal(pacer.overruns, 0);
});

Deno.test("beyond the lag limit missed ticks are skipped and counted", async () => {
  const clock = fakeClock();
  const pacer = new Pacer(20, 2, clock);
  await pacer.next(); // due 1020
  clock.advance(200); // now 1220: tick 2 was due 1040
  const tick = await pacer.next();
  assert.equal(tick.skipped, 9);
  assert.equal(pacer.overruns, 9);
  assert.equal(pacer.lastDue(), 1220);
  pacer.reset();
  assert.ok(Number.isNaN(pacer.lastDue()));
});

Deno.test("real time: 50 ticks of 20 ms take about a second", async () => {
  const pacer = new Pacer(20);
  const start = performance.now();
  for (let i = 0; i < 50; i++) await pacer.next();
  const elapsed = performance.now() - start;
  // Never early; late ticks are skipped rather than queued, so load cannot stretch it far.
  assert.ok(elapsed >= 995 && elapsed < 2000, `${elapsed} ms`);
});

Deno.test("a non-positive period is refused", () => {
  assert.throws(() => new Pacer(0), /period must be positive/);
});
