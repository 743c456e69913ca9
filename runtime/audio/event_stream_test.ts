import assert from "node:assert/strict";
import { EventStream } from "./event_stream.ts";

Deno.test("every subscriber gets every event emitted after it subscribed", async () => {
  const stream = new EventStream<number>();
  stream.emit(0); // nobody listens yet
  const a = stream.subscribe();
  stream.emit(1);
  const b = stream.subscribe();
  stream.emit(2);
  assert.deepEqual([(await a.next()).value, (await a.next()).value], [1, 2]);
  assert.deepEqual((await b.next()).value, 2);
  const waiting = b.next();
  stream.emit(3);
  assert.deepEqual(await waiting, { value: 3, done: false });
});

Deno.test("close ends iteration after queued events are taken", async () => {
  const stream = new EventStream<string>();
  const events = stream.subscribe();
  const pending = stream.subscribe().next();
  stream.emit("x");
  stream.close();
  stream.emit("ignored");
  assert.deepEqual(await pending, { value: "x", done: false });
  const seen = [];
  for await (const e of events) seen.push(e);
  assert.deepEqual(seen, ["x"]);
  assert.equal((await stream.subscribe().next()).done, true);
});

Deno.test("a slow subscriber loses its oldest events, counted", async () => {
  const stream = new EventStream<number>(3);
  const events = stream.subscribe();
  for (let i = 0; i < 5; i++) stream.emit(i);
  assert.equal(stream.dropped, 2);
  assert.deepEqual([(await events.next()).value, (await events.next()).value], [2, 3]);
});

Deno.test("return() unsubscribes", async () => {
  const stream = new EventStream<number>();
  const events = stream.subscribe();
  await events.return!();
  stream.emit(1);
  assert.equal((await events.next()).done, true);
});
