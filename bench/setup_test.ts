import assert from "node:assert/strict";
import { notasipSetups, summarize } from "./setup.ts";

Deno.test("summarize: median, p95 with failures as infinitely slow, failed share", () => {
  const setups = [10, 20, 30, undefined].map((ms) => ({ ms, sent: 3, delivered: 3 }));
  const s = summarize(setups);
  assert.equal(s.median, 25);
  assert.equal(s.p95, Infinity);
  assert.equal(s.failed, 0.25);
  assert.equal(s.sent, 3);
});

Deno.test("a lossless NOTASIP set-up takes three packets and one voice frame", async () => {
  const setups = await notasipSetups(0, 1, 3, 2000);
  for (const s of setups) {
    // Caller -> well-known port, callee's reply, caller -> the callee's new port.
    assert.equal(s.sent, 3);
    assert.equal(s.delivered, 3);
    // The caller's second packet leaves one 20 ms frame after its first.
    assert.ok(s.ms! > 15 && s.ms! < 60, `${s.ms} ms`);
    assert.ok(s.callerMs! < s.ms!);
  }
});

Deno.test("NOTASIP under 50 % loss: no call fails, set-up is a few frames", async () => {
  const setups = await notasipSetups(50, 7, 5, 5000);
  assert.ok(setups.every((s) => s.ms !== undefined));
  assert.ok(setups.some((s) => s.sent > 3), "loss should cost extra packets");
  assert.ok(summarize(setups).median < 1000);
});
