import assert from "node:assert/strict";
import { SampleFifo } from "./sample_fifo.ts";

Deno.test("samples come out in order, in any block size, across the wrap", () => {
  const fifo = new SampleFifo(5);
  fifo.push(Int16Array.of(1, 2, 3));
  assert.deepEqual([...fifo.take(2)], [1, 2]);
  fifo.push(Int16Array.of(4, 5, 6));
  assert.equal(fifo.length, 4);
  assert.deepEqual([...fifo.take(4)], [3, 4, 5, 6]);
});

Deno.test("taking more than is there pads with silence", () => {
  const fifo = new SampleFifo(4);
  fifo.push(Int16Array.of(7));
  assert.deepEqual([...fifo.take(3)], [7, 0, 0]);
  assert.equal(fifo.length, 0);
});

Deno.test("a full queue drops the oldest samples and counts them", () => {
  const fifo = new SampleFifo(3);
  fifo.push(Int16Array.of(1, 2, 3));
  fifo.push(Int16Array.of(4, 5));
  assert.equal(fifo.dropped, 2);
  assert.deepEqual([...fifo.take(3)], [3, 4, 5]);
  fifo.push(Int16Array.of(1, 2, 3, 4, 5, 6, 7));
  assert.deepEqual([...fifo.take(3)], [5, 6, 7]);
  assert.equal(fifo.dropped, 6);
});
