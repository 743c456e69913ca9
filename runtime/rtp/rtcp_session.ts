/**
 * The RTCP side of one call (RFC 3550 section 6), sans-IO: when to report (the standard
 * interval, 5 % of the session bandwidth, randomised, at least 5 s and 2.5 s for the first),
 * the compound to send (SR when this side has sent since the last report, else RR, with a
 * report block for the peer and an SDES CNAME), and what the peer's reports say: the
 * round-trip time from LSR and DLSR, and the loss and jitter the peer sees of this side.
 *
 * @example
 * ```ts
 * import { RtcpSession } from "./rtcp_session.ts";
 * const rtcp = new RtcpSession({ ssrc: 0x1234, cname: "phone@192.0.2.7", clockRate: 8000, sessionBps: 87200 });
 * const now = 0;
 * if (rtcp.due(now)) {
 *   const bytes = rtcp.report(now, { sender: { packetCount: 250, octetCount: 40000, rtpTimestamp: 80000 } });
 *   // send bytes to the peer (multiplexed on the RTP port)
 * }
 * rtcp.figures(); // { rttMs, remoteFractionLost, remoteCumulativeLost, remoteJitterMs, ... }
 * ```
 * @module
 */
import {
  buildRtcpCompound,
  ntpFromUnixMs,
  ntpMiddle,
  parseRtcpCompound,
  type ReportBlock,
  type RtcpPacket,
  SDES_ITEMS,
} from "./rtcp.ts";
import { type LastSenderReport, receptionReport } from "./reception_report.ts";
import type { StreamStats } from "./stream_stats.ts";

/** RFC 3550 6.2: the minimum interval, halved before the first report. */
export const RTCP_MIN_INTERVAL_MS = 5000;
/** RFC 3550 6.2: RTCP gets 5 % of the session bandwidth. */
export const RTCP_BANDWIDTH_FRACTION = 0.05;
/** UDP and IPv4 headers, counted in the average RTCP size (RFC 3550 6.2). */
const LOWER_HEADERS = 28;
/** e - 3/2: compensates timer reconsideration's bias (RFC 3550 A.7). */
const COMPENSATION = Math.E - 1.5;

/**
 * RFC 3550 6.3.1 / A.7: seconds until the next report, in ms, for `members` participants of
 * which `senders` send, at `rtcpBytesPerSecond`, with this side's average compound size.
 */
export function rtcpIntervalMs(options: {
  members: number;
  senders: number;
  weSent: boolean;
  rtcpBytesPerSecond: number;
  averageSize: number;
  initial: boolean;
  random: () => number;
}): number {
  let bw = options.rtcpBytesPerSecond;
  let n = options.members;
  if (options.senders > 0 && options.senders <= options.members * 0.25) {
    if (options.weSent) {
      bw *= 0.25;
      n = options.senders;
    } else {
      bw *= 0.75;
      n -= options.senders;
    }
  }
  const min = options.initial ? RTCP_MIN_INTERVAL_MS / 2 : RTCP_MIN_INTERVAL_MS;
  const deterministic = Math.max(min, (1000 * options.averageSize * n) / bw);
  return (deterministic * (options.random() + 0.5)) / COMPENSATION;
}

/** How a session is set up. */
export interface RtcpSessionOptions {
  /** This side's SSRC (that of its RTP stream). */
  readonly ssrc: number;
  /** SDES CNAME, e.g. `user@host`. */
  readonly cname: string;
  /** RTP clock rate, to express jitter in ms. */
  readonly clockRate: number;
  /** Session bandwidth in bit/s (one stream with its headers); RTCP takes 5 % of it. */
  readonly sessionBps: number;
  /** Wall clock in Unix ms for NTP timestamps; default `performance.timeOrigin + now`. */
  readonly wallMs?: (nowMs: number) => number;
  /** Uniform [0, 1), for the interval's randomisation. */
  readonly random?: () => number;
}

/** What this side sent since the session started (for the SR). */
export interface SenderInfo {
  readonly packetCount: number;
  readonly octetCount: number;
  /** RTP timestamp matching the report's NTP time. */
  readonly rtpTimestamp: number;
}

/** What this side receives (for the report block about the peer). */
export interface ReceiverInfo {
  readonly ssrc: number;
  readonly stats: StreamStats;
}

/** What RTCP has told so far. */
export interface RtcpFigures {
  /** Round-trip time from the peer's last report block about us (RFC 3550 6.4.1). */
  readonly rttMs?: number;
  /** Loss the peer saw of our stream in its last interval, 0-1. */
  readonly remoteFractionLost?: number;
  /** Packets of ours the peer has lost in all. */
  readonly remoteCumulativeLost?: number;
  /** Interarrival jitter the peer measures on our stream, ms. */
  readonly remoteJitterMs?: number;
  readonly reportsSent: number;
  readonly reportsReceived: number;
  /** Compounds from the peer that did not parse (dropped and counted). */
  readonly malformed: number;
  /** The peer said BYE (a hint: the call's end is still ICMP or the 30 s timer). */
  readonly byeReceived: boolean;
}

/** The RTCP state of one call. */
export class RtcpSession {
  readonly #o: RtcpSessionOptions;
  readonly #wall: (nowMs: number) => number;
  readonly #random: () => number;
  #next?: number;
  #averageSize = 128; // a guess until the first report is sent
  #lastPacketCount = -1;
  #lastSr?: LastSenderReport;
  #figures: { -readonly [K in keyof RtcpFigures]: RtcpFigures[K] } = {
    reportsSent: 0,
    reportsReceived: 0,
    malformed: 0,
    byeReceived: false,
  };

  constructor(options: RtcpSessionOptions) {
    if (!(options.sessionBps > 0)) throw new RangeError(`session bandwidth ${options.sessionBps}`);
    this.#o = options;
    this.#wall = options.wallMs ?? ((now) => performance.timeOrigin + now);
    this.#random = options.random ?? Math.random;
  }

  /** True when a report is due at `nowMs` (the first is scheduled on the first call). */
  due(nowMs: number): boolean {
    if (this.#next === undefined) {
      this.#next = nowMs + this.#interval(true, false);
      return false;
    }
    return nowMs >= this.#next;
  }

  #interval(initial: boolean, weSent: boolean): number {
    return rtcpIntervalMs({
      members: 2,
      senders: 2,
      weSent,
      rtcpBytesPerSecond: (this.#o.sessionBps * RTCP_BANDWIDTH_FRACTION) / 8,
      averageSize: this.#averageSize,
      initial,
      random: this.#random,
    });
  }

  /** The compound to send now (SR or RR, SDES), and the next report scheduled. */
  report(
    nowMs: number,
    side: { sender?: SenderInfo; receiver?: ReceiverInfo },
    bye?: string,
  ): Uint8Array {
    const blocks: ReportBlock[] = side.receiver
      ? [receptionReport(side.receiver.ssrc, side.receiver.stats, nowMs, this.#lastSr)]
      : [];
    const sent = side.sender !== undefined && side.sender.packetCount !== this.#lastPacketCount;
    const packets: RtcpPacket[] = [];
    if (sent && side.sender) {
      this.#lastPacketCount = side.sender.packetCount;
      packets.push({
        type: "sr",
        ssrc: this.#o.ssrc,
        ...ntpFromUnixMs(this.#wall(nowMs)),
        rtpTimestamp: side.sender.rtpTimestamp >>> 0,
        packetCount: side.sender.packetCount >>> 0,
        octetCount: side.sender.octetCount >>> 0,
        reports: blocks,
      });
    } else {
      packets.push({ type: "rr", ssrc: this.#o.ssrc, reports: blocks });
    }
    packets.push({
      type: "sdes",
      chunks: [{ ssrc: this.#o.ssrc, items: [{ type: SDES_ITEMS.cname, text: this.#o.cname }] }],
    });
    if (bye !== undefined) packets.push({ type: "bye", sources: [this.#o.ssrc], reason: bye });
    const bytes = buildRtcpCompound(packets);
    this.#averageSize = (bytes.length + LOWER_HEADERS) / 16 + (15 * this.#averageSize) / 16;
    this.#figures.reportsSent++;
    this.#next = nowMs + this.#interval(false, sent);
    return bytes;
  }

  /** Takes a compound from the peer; returns false (and counts it) when it does not parse. */
  receive(bytes: Uint8Array, nowMs: number): boolean {
    const parsed = parseRtcpCompound(bytes);
    if (!parsed.ok) {
      this.#figures.malformed++;
      return false;
    }
    this.#figures.reportsReceived++;
    this.#averageSize = (bytes.length + LOWER_HEADERS) / 16 + (15 * this.#averageSize) / 16;
    for (const p of parsed.packets) {
      if (p.type === "sr") {
        this.#lastSr = { ntpMiddle: ntpMiddle(p.ntpSeconds, p.ntpFraction), receivedAtMs: nowMs };
      }
      if (p.type === "sr" || p.type === "rr") {
        const block = p.reports.find((r) => r.ssrc >>> 0 === this.#o.ssrc >>> 0);
        if (block) this.#reportAboutUs(block, nowMs);
      }
      if (p.type === "bye") this.#figures.byeReceived = true;
    }
    return true;
  }

  #reportAboutUs(block: ReportBlock, nowMs: number): void {
    this.#figures.remoteFractionLost = block.fractionLost / 256;
    this.#figures.remoteCumulativeLost = block.cumulativeLost;
    this.#figures.remoteJitterMs = (block.jitter * 1000) / this.#o.clockRate;
    if (block.lastSenderReport === 0) return; // the peer has no SR of ours yet
    const { ntpSeconds, ntpFraction } = ntpFromUnixMs(this.#wall(nowMs));
    const arrival = ntpMiddle(ntpSeconds, ntpFraction);
    const rtt = (arrival - block.lastSenderReport - block.delaySinceLastSenderReport) >>> 0;
    // Units of 1/65536 s; a "negative" result (wrapped) is clock noise around zero.
    if (rtt < 0x80000000) this.#figures.rttMs = (rtt * 1000) / 65536;
  }

  /** What the reports have said so far. */
  figures(): RtcpFigures {
    return { ...this.#figures };
  }
}
