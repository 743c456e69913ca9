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

Deno.test("a lossless NOTASIP set-up needs no packet beyond those it sent", async () => {
  const setups = await notasipSetups(0, 1, 3, 2000);
  for (const s of setups) {
    // Caller -> well-known port, callee's reply, caller -> the callee's new port: 3 on an idle
    // machine (the bench reports the counts); a busy one lets more voice frames go first.
    assert.ok(s.sent >= 3, `${s.sent} sent`);
    // Packets still in flight when set-up completed are sent but not yet delivered.
    assert.ok(s.delivered >= 3 && s.delivered <= s.sent, `${s.delivered} of ${s.sent} delivered`);
    // The caller's second packet leaves as soon as the reply arrives (not on its next
    // frame): both ends are up in about a round trip. Timing itself is the bench's business.
    assert.ok(s.ms! > 0 && s.ms! < 1000, `${s.ms} ms`);
    assert.ok(s.callerMs! <= s.ms!);
  }
});

Deno.test("NOTASIP under 50 % loss: no call fails, set-up is a few frames", async () => {
  const setups = await notasipSetups(50, 7, 5, 5000);
  assert.ok(setups.every((s) => s.ms !== undefined));
  assert.ok(setups.some((s) => s.sent > 3), "loss should cost extra packets");
  assert.ok(summarize(setups).median < 1000);
});
