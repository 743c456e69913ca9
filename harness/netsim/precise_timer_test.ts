import assert from "node:assert/strict";
import { openFdCount } from "../hosts/fd_count.ts";
import { runIsolated } from "../hosts/isolated.ts";
import { PreciseTimer } from "./precise_timer.ts";

/** Waits until `done()` holds, up to `ms`; timing on a shared machine is not asserted. */
async function eventually(done: () => boolean, ms = 1000): Promise<void> {
  for (let waited = 0; !done() && waited < ms; waited += 2) {
    await new Promise((r) => setTimeout(r, 2));
  }
}

// How late it fires is measured by bench (harness/netsim/measure_receive.ts and the relay);
// here only that it is never early and not stalled.
Deno.test("PreciseTimer fires on time, never early", async () => {
  const lates: number[] = [];
  for (let i = 0; i < 40; i++) {
    let due = 0;
    const fired = Promise.withResolvers<number>();
    const t = new PreciseTimer(() => fired.resolve(performance.now() - due));
    due = performance.now() + 1 + (i % 5);
    t.setAt(due);
    lates.push(await fired.promise);
    await t.close();
  }
  lates.sort((a, b) => a - b);
  assert.ok(lates[0] >= -0.03, `fired ${-lates[0]} ms early`);
  assert.ok(lates[20] < 10, `median lateness ${lates[20]} ms`);
});

Deno.test("PreciseTimer: a due time already past fires, and the timer stays usable", async () => {
  // Regression: a loop that ended inside setAt left the timer believing it was running.
  const fired: number[] = [];
  const t = new PreciseTimer(() => fired.push(performance.now()));
  t.setAt(performance.now() - 5);
  await eventually(() => fired.length >= 1);
  assert.equal(fired.length, 1, "a past due time fires at once");
  t.setAt(performance.now() + 2);
  await eventually(() => fired.length >= 2);
  assert.equal(fired.length, 2, "and the timer fires again afterwards");
  await t.close();
});

Deno.test("PreciseTimer: setAt from inside the callback re-arms without a second loop", async () => {
  let count = 0;
  const done = Promise.withResolvers<void>();
  const t = new PreciseTimer(() => {
    count++;
    if (count < 5) t.setAt(performance.now() + (count % 2 ? 0 : 1));
    else done.resolve();
  });
  t.setAt(performance.now() + 1);
  await done.promise;
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(count, 5);
  await t.close();
});

Deno.test("PreciseTimer re-armed earlier fires at the earlier time, once", async () => {
  let fires = 0;
  let at = 0;
  const t = new PreciseTimer(() => {
    fires++;
    at = performance.now();
  });
  const start = performance.now();
  t.setAt(start + 300);
  t.setAt(start + 5);
  await eventually(() => fires >= 1);
  await new Promise((r) => setTimeout(r, Math.max(0, start + 350 - performance.now())));
  assert.equal(fires, 1);
  assert.ok(at - start >= 5 && at - start < 250, `fired after ${at - start} ms`);
  await t.close();
});

/** Descriptor counts around a timer's life; runs in its own process (see below). */
export async function timerDescriptors() {
  const before = openFdCount();
  let fires = 0;
  const t = new PreciseTimer(() => fires++);
  const during = openFdCount();
  t.setAt(performance.now() + 3);
  t.clear();
  await new Promise((r) => setTimeout(r, 10));
  t.setAt(performance.now() + 10_000);
  const closing = performance.now();
  await t.close();
  const closeMs = performance.now() - closing;
  let closedError = "";
  try {
    t.setAt(1);
  } catch (err) {
    closedError = (err as Error).message;
  }
  return { before, during, after: openFdCount(), fires, closeMs, closedError };
}

Deno.test("PreciseTimer.clear disarms; close releases the eventfd and stops a wait", async () => {
  const r = await runIsolated<Awaited<ReturnType<typeof timerDescriptors>>>(
    import.meta.url,
    "timerDescriptors",
  );
  assert.equal(r.during, r.before + 1, "the timer holds one eventfd");
  assert.equal(r.after, r.before, "close released it");
  assert.equal(r.fires, 0, "a cleared timer does not fire");
  assert.ok(r.closeMs < 100, `close waited ${r.closeMs} ms for a 10 s timeout`);
  assert.match(r.closedError, /the timer is closed/);
});
