import assert from "node:assert/strict";
import { EventQueue } from "./event_queue.ts";

Deno.test("EventQueue hands items over in order, to waiting takers first", async () => {
  const q = new EventQueue<number>(10);
  const waiting = q.next();
  q.push(1);
  q.push(2);
  assert.deepEqual(await waiting, { value: 1, done: false });
  assert.deepEqual(await q.next(), { value: 2, done: false });
  assert.equal(q.size, 0);
});

Deno.test("EventQueue drops the oldest when full and counts it", () => {
  const q = new EventQueue<number>(2);
  for (let i = 0; i < 5; i++) q.push(i);
  assert.equal(q.dropped, 3);
  assert.deepEqual(q.drain(), [3, 4]);
  assert.equal(q.size, 0);
});

Deno.test("EventQueue end releases takers and keeps stored items takeable", async () => {
  const q = new EventQueue<string>(4);
  q.push("a");
  q.end();
  q.push("ignored");
  assert.deepEqual(await q.next(), { value: "a", done: false });
  assert.equal((await q.next()).done, true);
  const q2 = new EventQueue<string>(4);
  const pending = q2.next();
  q2.end();
  assert.equal((await pending).done, true);
  assert.equal(q2.ended, true);
});

Deno.test("EventQueue stays correct over many items (internal compaction)", async () => {
  const q = new EventQueue<number>(5000);
  for (let i = 0; i < 3000; i++) q.push(i);
  for (let i = 0; i < 2500; i++) assert.equal((await q.next()).value, i);
  for (let i = 3000; i < 4000; i++) q.push(i);
  assert.equal(q.size, 1500);
  assert.equal((await q.next()).value, 2500);
});

Deno.test("EventQueue rejects a bad limit", () => {
  assert.throws(() => new EventQueue(0), /positive integer, got 0/);
});
