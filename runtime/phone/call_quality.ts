/**
 * A live estimate of call quality: the ITU-T G.107 E-model's R and MOS from what the
 * receiver measures (loss, its burstiness unknown, so random), the delay this phone adds
 * (jitter buffer and packetization) and the network's one-way delay, half the RTCP round
 * trip (0 until the first RTCP round trip: then the estimate is an upper bound).
 * @module
 */
import type { CodecInfo } from "../codecs/codec.ts";
import { mosFromR, rFactor } from "../dsp/emodel.ts";
import type { CallMediaStats } from "./call_media.ts";

/** R, MOS and the delay they assume. */
export interface QualityEstimate {
  readonly R: number;
  readonly mos: number;
  /** Mouth-to-ear delay used (ms), the network's share included. */
  readonly delayMs: number;
  /** The network's share of it (ms): half the RTCP round trip, 0 before one. */
  readonly networkDelayMs: number;
  /** Packet loss used (%). */
  readonly lossPercent: number;
}

/** The estimate for a call, or `undefined` before anything was received. */
export function estimateQuality(
  media: CallMediaStats,
  codec: CodecInfo,
  packetMs: number,
  networkDelayMs = 0,
): QualityEstimate | undefined {
  const r = media.received;
  if (!r || r.expected <= 0) return undefined;
  const lossPercent = (100 * Math.max(0, r.cumulativeLost)) / r.expected;
  // Packetization, one codec frame of look-ahead, and the buffer.
  const frameMs = (codec.frameSamples * 1000) / codec.clockRate;
  const delayMs = packetMs + (codec.frameSamples > 1 ? frameMs : 0) +
    media.playout.currentDelayMs + networkDelayMs;
  const impairment = codec.impairment ?? { Ie: 0, Bpl: 4.3 };
  const { R } = rFactor({ Ta: delayMs, Ppl: lossPercent, BurstR: 1, ...impairment });
  return { R, mos: mosFromR(R), delayMs, networkDelayMs, lossPercent };
}
