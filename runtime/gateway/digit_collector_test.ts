import assert from "node:assert/strict";
import { DigitCollector } from "./digit_collector.ts";

Deno.test("digit collector: terminator, inter-digit timeout, nothing, full", () => {
  const a = new DigitCollector({ now: 0 });
  a.digit("#", 5); // a stray terminator before any digit
  a.digit("1", 10);
  a.digit("2", 20);
  assert.deepEqual(a.result(30), { done: false });
  a.digit("#", 40);
  assert.deepEqual(a.result(50), { done: true, digits: "12", reason: "terminator" });
  const b = new DigitCollector({ now: 0, interDigitMs: 100 });
  b.digit("9", 10);
  assert.deepEqual(b.result(105), { done: false });
  assert.deepEqual(b.result(110), { done: true, digits: "9", reason: "timeout" });
  const c = new DigitCollector({ now: 0, firstDigitMs: 50 });
  assert.deepEqual(c.result(50), { done: true, digits: "", reason: "nothing" });
  const d = new DigitCollector({ now: 0, maxDigits: 2 });
  d.digit("1", 1);
  d.digit("2", 2);
  d.digit("3", 3);
  assert.deepEqual(d.result(3), { done: true, digits: "12", reason: "full" });
});
