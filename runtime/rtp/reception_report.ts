/**
 * Turns a received stream's statistics into an RTCP report block (RFC 3550 6.4.1), taking
 * the loss interval from the statistics (so each call starts a new interval).
 *
 * @example
 * ```ts
 * import { RtpReceiver } from "./receiver.ts";
 * import { receptionReport } from "./reception_report.ts";
 * import { buildRtcpCompound } from "./rtcp.ts";
 * const rx = new RtpReceiver({ clockRate: 8000, payloadTypes: [0] });
 * // ... rx.receive(...) for a while, then every ~5 s:
 * const stats = rx.streamStats;
 * if (stats && rx.ssrc !== undefined) {
 *   const block = receptionReport(rx.ssrc, stats, performance.now());
 *   const rtcp = buildRtcpCompound([{ type: "rr", ssrc: 0x1234, reports: [block] }]);
 * }
 * ```
 * @module
 */
import type { ReportBlock } from "./rtcp.ts";
import type { StreamStats } from "./stream_stats.ts";

/** The last sender report received from the source, if any. */
export interface LastSenderReport {
  /** Middle 32 bits of its NTP timestamp (see `ntpMiddle`). */
  readonly ntpMiddle: number;
  /** When it arrived, on the same millisecond clock as `nowMs`. */
  readonly receivedAtMs: number;
}

/** A report block for source `ssrc` from its statistics, at time `nowMs`. */
export function receptionReport(
  ssrc: number,
  stats: StreamStats,
  nowMs: number,
  lastSr?: LastSenderReport,
): ReportBlock {
  const interval = stats.intervalReport();
  const s = stats.snapshot();
  const delay = lastSr
    ? Math.max(0, Math.round(((nowMs - lastSr.receivedAtMs) / 1000) * 65536))
    : 0;
  return {
    ssrc: ssrc >>> 0,
    fractionLost: interval.fractionLost,
    cumulativeLost: s.cumulativeLost,
    extendedHighestSequence: s.extendedHighestSequence >>> 0,
    jitter: Math.floor(s.jitter),
    lastSenderReport: lastSr ? lastSr.ntpMiddle >>> 0 : 0,
    delaySinceLastSenderReport: Math.min(0xffffffff, delay),
  };
}
