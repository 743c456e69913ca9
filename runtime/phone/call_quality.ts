/**
 * A live estimate of call quality: the ITU-T G.107 E-model's R and MOS from what the
 * listener actually hears (loss, its burstiness unknown, so random), the delay this phone
 * adds (jitter buffer and packetization) and the network's one-way delay, half the RTCP
 * round trip (0 until the first RTCP round trip: then the estimate is an upper bound).
 * @module
 */
import type { CodecInfo } from "../codecs/codec.ts";
import { mosFromR, rFactor } from "../dsp/emodel.ts";
import type { CallMediaStats } from "./call_media.ts";

/** R, MOS and what they assume. */
export interface QualityEstimate {
  readonly R: number;
  readonly mos: number;
  /** Mouth-to-ear delay used (ms), the network's share included. */
  readonly delayMs: number;
  /** The network's share of it (ms): half the RTCP round trip, 0 before one. */
  readonly networkDelayMs: number;
  /** Packets the network lost (% of those expected). */
  readonly lossPercent: number;
  /** Packets that arrived too late to be played (% of those expected). */
  readonly latePercent: number;
  /** Concealed share of the talk time played out (%): losses, late packets, waits. */
  readonly concealedPercent: number;
  /** The E-model's Ppl (%): the loss the listener hears, see {@link estimateQuality}. */
  readonly effectiveLossPercent: number;
}

/**
 * The estimate for a call, or `undefined` before anything was received.
 *
 * Ppl is the larger of (a) network loss plus late discards, per packet, and (b) the
 * concealed share of the talk time played. (b) is what the listener hears as PLC,
 * including concealment the buffer inserts to build delay or wait for a late packet,
 * which no packet count shows; (a) still counts when concealment is cut short (a long
 * gap played as silence) or a late packet's slot was time-scaled away.
 *
 * @example
 * ```ts
 * import { estimateQuality } from "./call_quality.ts";
 * import { findCodec } from "../codecs/mod.ts";
 * import type { CallMediaStats } from "./call_media.ts";
 * declare const media: CallMediaStats;
 * const q = estimateQuality(media, findCodec("pcmu"), 20);
 * if (q) console.log(`MOS ${q.mos.toFixed(2)}, ${q.concealedPercent.toFixed(1)} % concealed`);
 * ```
 */
export function estimateQuality(
  media: CallMediaStats,
  codec: CodecInfo,
  packetMs: number,
  networkDelayMs = 0,
): QualityEstimate | undefined {
  const r = media.received;
  if (!r || r.expected <= 0) return undefined;
  const p = media.playout;
  const lost = Math.max(0, r.cumulativeLost);
  const lossPercent = (100 * lost) / r.expected;
  const latePercent = (100 * Math.min(p.late ?? 0, r.expected - lost)) / r.expected;
  const packetSamples = (packetMs * codec.clockRate) / 1000;
  const concealed = (p.concealedSamples ?? 0) + (p.undecodable ?? 0) * packetSamples;
  const decoded = Math.max(0, (p.played ?? 0) - (p.undecodable ?? 0)) * packetSamples;
  const concealedPercent = concealed + decoded > 0 ? (100 * concealed) / (concealed + decoded) : 0;
  const effectiveLossPercent = Math.min(100, Math.max(lossPercent + latePercent, concealedPercent));
  // Packetization, one codec frame of look-ahead, and the buffer.
  const frameMs = (codec.frameSamples * 1000) / codec.clockRate;
  const delayMs = packetMs + (codec.frameSamples > 1 ? frameMs : 0) + p.currentDelayMs +
    networkDelayMs;
  const impairment = codec.impairment ?? { Ie: 0, Bpl: 4.3 };
  const { R } = rFactor({ Ta: delayMs, Ppl: effectiveLossPercent, BurstR: 1, ...impairment });
  return {
    R,
    mos: mosFromR(R),
    delayMs,
    networkDelayMs,
    lossPercent,
    latePercent,
    concealedPercent,
    effectiveLossPercent,
  };
}
