import assert from "node:assert/strict";
import { bestFixed, measure, runFixed } from "./jitter.ts";
import type { Trace } from "./traces.ts";

/** One talkspurt of 10 packets with a 40 ms base delay; packet 5 is 70 ms late, 7 lost. */
function trace(): Trace {
  const packets = Array.from({ length: 10 }, (_, i) => ({
    seq: i,
    ts: i * 160,
    sendMs: i * 20,
    arrivalMs: i === 7 ? NaN : i * 20 + 40 + (i === 5 ? 70 : 0),
    marker: i === 0,
    samples: 160,
  }));
  return { name: "t", description: "test", packets, durationMs: 200 };
}

Deno.test("a fixed buffer plays on its schedule and loses what comes after it", () => {
  const r = runFixed(trace(), 30);
  assert.equal(r.playedAt[0], 70); // arrival 40 + 30
  assert.equal(r.playedAt[4], 150);
  assert.ok(Number.isNaN(r.playedAt[5]), "70 ms late against a 30 ms buffer");
  assert.ok(Number.isNaN(r.playedAt[7]), "lost");
});

Deno.test("metrics: delays of played packets, late and concealed shares, an E-model rating", () => {
  const m = measure(trace(), runFixed(trace(), 30));
  assert.equal(m.meanDelayMs, 30);
  assert.equal(m.p95DelayMs, 30);
  assert.equal(m.latePct, 10);
  assert.equal(m.concealedPct, 20);
  assert.ok(m.R > 50 && m.R < 93.2);
  assert.ok(m.mos > 1 && m.mos < 4.5);
});

Deno.test("the best fixed offset in hindsight waits for the late packet when that pays", () => {
  const best = bestFixed(trace());
  // 70 ms more of buffering costs less R than losing one packet in ten.
  assert.equal(best.delayMs, 70);
  assert.ok(best.R > measure(trace(), runFixed(trace(), 30)).R);
});
