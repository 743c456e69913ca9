import assert from "node:assert/strict";
import { StreamStats } from "./stream_stats.ts";

/** Feeds sequence numbers 20 ms apart (160 samples) and returns the verdict kinds. */
function feed(stats: StreamStats, seqs: number[], startMs = 0): string[] {
  return seqs.map((s, i) => stats.update(s, (s * 160) >>> 0, startMs + i * 20).kind);
}

Deno.test("the first packet is on probation, the second in sequence validates the source", () => {
  const stats = new StreamStats(100, { clockRate: 8000 });
  assert.deepEqual(feed(stats, [100, 101, 102]), ["probation", "accepted", "accepted"]);
  const s = stats.snapshot();
  assert.equal(s.valid, true);
  assert.equal(s.baseSequence, 101);
  assert.equal(s.expected, 2);
  assert.equal(s.received, 2);
  assert.equal(s.cumulativeLost, 0);
});

Deno.test("a packet out of sequence during probation restarts probation", () => {
  const stats = new StreamStats(100, { clockRate: 8000 });
  assert.deepEqual(feed(stats, [100, 105, 106, 107]), [
    "probation",
    "probation",
    "accepted",
    "accepted",
  ]);
  assert.equal(stats.snapshot().baseSequence, 106);
});

Deno.test("minSequential 1 accepts the first packet", () => {
  const stats = new StreamStats(7, { clockRate: 8000, minSequential: 1 });
  assert.deepEqual(feed(stats, [7, 8]), ["accepted", "accepted"]);
  assert.equal(stats.snapshot().expected, 2);
});

Deno.test("sequence wrap-around counts cycles and extends the sequence number", () => {
  const stats = new StreamStats(65533, { clockRate: 8000 });
  const verdicts = [65533, 65534, 65535, 0, 1].map((s, i) => stats.update(s, s * 160, i * 20));
  assert.deepEqual(
    verdicts.map((v) => v.kind === "accepted" ? v.extendedSequence : v.kind),
    ["probation", 65534, 65535, 65536, 65537],
  );
  const s = stats.snapshot();
  assert.equal(s.cycles, 1);
  assert.equal(s.extendedHighestSequence, 65537);
  assert.equal(s.expected, 4);
  assert.equal(s.cumulativeLost, 0);
});

Deno.test("a late packet from before a wrap is reordered, not a new cycle", () => {
  const stats = new StreamStats(65534, { clockRate: 8000 });
  feed(stats, [65534, 65535, 1, 2]);
  const late = stats.update(0, 0, 100);
  assert.equal(late.kind, "accepted");
  if (late.kind === "accepted") {
    assert.equal(late.reordered, true);
    assert.equal(late.extendedSequence, 65536);
  }
  const tooLate = stats.update(65535, 0, 120);
  assert.equal(tooLate.kind, "duplicate");
  const s = stats.snapshot();
  assert.equal(s.cycles, 1);
  assert.equal(s.reordered, 1);
  assert.equal(s.cumulativeLost, 0);
  assert.equal(s.duplicates, 1);
});

Deno.test("losses are counted cumulatively and per interval", () => {
  const stats = new StreamStats(0, { clockRate: 8000 });
  feed(stats, [0, 1, 2, 4, 5, 8]); // 3, 6, 7 missing
  let s = stats.snapshot();
  assert.equal(s.expected, 8); // 1..8
  assert.equal(s.received, 5);
  assert.equal(s.cumulativeLost, 3);
  const first = stats.intervalReport();
  assert.deepEqual(first, { expected: 8, received: 5, lost: 3, fractionLost: 96 }); // 3/8*256
  feed(stats, [9, 10, 11, 12], 200);
  assert.deepEqual(stats.intervalReport(), { expected: 4, received: 4, lost: 0, fractionLost: 0 });
  feed(stats, [14], 300);
  assert.deepEqual(stats.intervalReport(), {
    expected: 2,
    received: 1,
    lost: 1,
    fractionLost: 128,
  });
  s = stats.snapshot();
  assert.equal(s.cumulativeLost, 4);
});

Deno.test("reordered packets fill the gap; duplicates are dropped and counted", () => {
  const stats = new StreamStats(10, { clockRate: 8000 });
  assert.deepEqual(feed(stats, [10, 11, 13, 12, 13, 12, 14]), [
    "probation",
    "accepted",
    "accepted",
    "accepted",
    "duplicate",
    "duplicate",
    "accepted",
  ]);
  const s = stats.snapshot();
  assert.equal(s.reordered, 1);
  assert.equal(s.duplicates, 2);
  assert.equal(s.received, 4);
  assert.equal(s.cumulativeLost, 0);
});

Deno.test("a single jump is dropped; two in sequence after it restart the stream", () => {
  const stats = new StreamStats(10, { clockRate: 8000 });
  assert.deepEqual(feed(stats, [10, 11, 12, 5000, 13]), [
    "probation",
    "accepted",
    "accepted",
    "bad-sequence",
    "accepted",
  ]);
  assert.equal(stats.snapshot().restarts, 0);
  assert.deepEqual(feed(stats, [9000, 9001, 9002], 200), ["bad-sequence", "accepted", "accepted"]);
  const s = stats.snapshot();
  assert.equal(s.restarts, 1);
  assert.equal(s.baseSequence, 9001);
  assert.equal(s.expected, 2);
  assert.equal(s.received, 2);
});

Deno.test("a jump smaller than MAX_DROPOUT is loss, not a restart", () => {
  const stats = new StreamStats(0, { clockRate: 8000 });
  feed(stats, [0, 1, 2000]);
  const s = stats.snapshot();
  assert.equal(s.expected, 2000);
  assert.equal(s.cumulativeLost, 1998);
});

Deno.test("constant transit time gives zero jitter, even across a timestamp wrap", () => {
  const stats = new StreamStats(0, { clockRate: 8000 });
  let ts = 0xffffff00;
  for (let i = 0; i < 10; i++) {
    stats.update(i, ts, 1000 + i * 20);
    ts = (ts + 160) >>> 0;
  }
  assert.equal(stats.snapshot().jitter, 0);
});

Deno.test("jitter follows J += (|D| - J) / 16 in timestamp units and milliseconds", () => {
  const stats = new StreamStats(0, { clockRate: 8000, minSequential: 1 });
  // Every other packet arrives 5 ms (40 timestamp units) late: |D| = 40 for each pair.
  for (let i = 0; i < 50; i++) stats.update(i, i * 160, i * 20 + (i % 2 ? 5 : 0));
  let expected = 0;
  for (let i = 1; i < 50; i++) expected += (40 - expected) / 16;
  const s = stats.snapshot();
  assert.ok(Math.abs(s.jitter - expected) < 1e-9, `${s.jitter} vs ${expected}`);
  assert.ok(Math.abs(s.jitterMs - expected / 8) < 1e-9);
  assert.ok(s.jitter > 35 && s.jitter < 40);
});

Deno.test("packets excluded from jitter still count for sequence and loss", () => {
  const stats = new StreamStats(0, { clockRate: 8000, minSequential: 1 });
  stats.update(0, 0, 0);
  stats.update(1, 160, 20);
  stats.update(2, 99999, 40, false); // an event packet with an unrelated timestamp
  stats.update(3, 480, 60);
  const s = stats.snapshot();
  assert.equal(s.jitter, 0);
  assert.equal(s.received, 4);
});
