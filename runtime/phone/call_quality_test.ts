import assert from "node:assert/strict";
import { estimateQuality } from "./call_quality.ts";
import { findCodec } from "../codecs/mod.ts";
import type { CallMediaStats } from "./call_media.ts";

function stats(expected: number, lost: number, bufferMs: number): CallMediaStats {
  return {
    packetsSent: expected,
    received: {
      expected,
      received: expected - lost,
      cumulativeLost: lost,
    } as CallMediaStats["received"],
    dropped: {},
    playout: { currentDelayMs: bufferMs } as CallMediaStats["playout"],
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
