import assert from "node:assert/strict";
import { estimateQuality } from "./call_quality.ts";
import { findCodec } from "../codecs/mod.ts";
import type { CallMediaStats } from "./call_media.ts";

function stats(
  expected: number,
  lost: number,
  bufferMs: number,
  playout: Partial<CallMediaStats["playout"]> = {},
): CallMediaStats {
  return {
    packetsSent: expected,
    received: {
      expected,
      received: expected - lost,
      cumulativeLost: lost,
    } as CallMediaStats["received"],
    dropped: {},
    playout: {
      currentDelayMs: bufferMs,
      played: expected - lost,
      concealedSamples: 160 * lost,
      late: 0,
      undecodable: 0,
      ...playout,
    } as CallMediaStats["playout"],
  };
}

Deno.test("a clean G.711 call with 60 ms of delay rates just under the best (R 93.2)", () => {
  const q = estimateQuality(stats(1000, 0, 40), findCodec("pcmu"), 20)!;
  assert.ok(q.R > 90 && q.R < 93.2, `R ${q.R}`); // the delay's echo terms cost a little
  assert.ok(q.mos > 4.3 && q.mos < 4.5, `MOS ${q.mos}`);
  assert.equal(q.delayMs, 60);
});

Deno.test("loss and a lower-rate codec lower the rating", () => {
  const clean = estimateQuality(stats(1000, 0, 40), findCodec("pcmu"), 20)!;
  const lossy = estimateQuality(stats(1000, 50, 40), findCodec("pcmu"), 20)!;
  const g723 = estimateQuality(stats(1000, 0, 40), findCodec("g723"), 30)!;
  assert.ok(lossy.R < clean.R - 10, `5% loss: R ${lossy.R}`);
  assert.ok(g723.R < clean.R - 14, `G.723.1: R ${g723.R}`);
  assert.equal(estimateQuality(stats(0, 0, 0), findCodec("pcmu"), 20), undefined);
});

Deno.test("a third of the talk concealed with no network loss does not rate near MOS 4", () => {
  // 1000 packets expected and received, 300 of them late, 300 x 20 ms concealed instead.
  const late = estimateQuality(
    stats(1000, 0, 40, { played: 700, late: 300, concealedSamples: 300 * 160 }),
    findCodec("pcmu"),
    20,
  )!;
  assert.equal(late.lossPercent, 0);
  assert.equal(late.latePercent, 30);
  assert.ok(Math.abs(late.concealedPercent - 30) < 1e-9, `${late.concealedPercent}`);
  assert.ok(late.mos < 3, `MOS ${late.mos}`);
  // Every packet played, but 30 % of the talk is concealment inserted to wait or build delay.
  const waits = estimateQuality(
    stats(1000, 0, 40, { played: 1000, late: 0, concealedSamples: 1000 * 160 * 3 / 7 }),
    findCodec("pcmu"),
    20,
  )!;
  assert.equal(waits.latePercent, 0);
  assert.ok(Math.abs(waits.concealedPercent - 30) < 1e-9, `${waits.concealedPercent}`);
  assert.equal(waits.effectiveLossPercent, waits.concealedPercent);
  assert.ok(waits.mos < 3, `MOS ${waits.mos}`);
});

Deno.test("late discards count as loss even when their slots were not concealed", () => {
  const q = estimateQuality(
    stats(1000, 20, 40, { played: 930, late: 50, concealedSamples: 0 }),
    findCodec("pcmu"),
    20,
  )!;
  assert.equal(q.lossPercent, 2);
  assert.equal(q.latePercent, 5);
  assert.equal(q.effectiveLossPercent, 7);
  const clean = estimateQuality(stats(1000, 20, 40, { late: 0 }), findCodec("pcmu"), 20)!;
  assert.ok(q.R < clean.R - 5, `R ${q.R} vs ${clean.R}`);
});
