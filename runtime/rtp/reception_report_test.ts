import assert from "node:assert/strict";
import { receptionReport } from "./reception_report.ts";
import { StreamStats } from "./stream_stats.ts";

Deno.test("a report block carries loss, highest sequence, jitter and the SR delay", () => {
  const stats = new StreamStats(0, { clockRate: 8000, minSequential: 1 });
  for (const seq of [0, 1, 2, 4]) stats.update(seq, seq * 160, seq * 20 + (seq === 4 ? 10 : 0));
  const block = receptionReport(0xabcdef01, stats, 10_000, {
    ntpMiddle: 0x12345678,
    receivedAtMs: 9_500,
  });
  assert.equal(block.ssrc, 0xabcdef01);
  assert.equal(block.fractionLost, 51); // 1 of 5 lost: 256 / 5
  assert.equal(block.cumulativeLost, 1);
  assert.equal(block.extendedHighestSequence, 4);
  assert.equal(block.jitter, Math.floor(stats.snapshot().jitter));
  assert.ok(block.jitter > 0);
  assert.equal(block.lastSenderReport, 0x12345678);
  assert.equal(block.delaySinceLastSenderReport, 32768); // 0.5 s in 1/65536 s
  // The next block starts a new loss interval.
  assert.equal(receptionReport(1, stats, 10_000).fractionLost, 0);
});

Deno.test("without a sender report the LSR and DLSR fields are zero", () => {
  const stats = new StreamStats(0, { clockRate: 8000 });
  const block = receptionReport(7, stats, 0);
  assert.equal(block.lastSenderReport, 0);
  assert.equal(block.delaySinceLastSenderReport, 0);
});
