/**
 * The receiving side of one call's RTP: parses each datagram, keeps to one source (SSRC)
 * and the payload types agreed for the call, validates sequence numbers (RFC 3550 A.1) and
 * keeps statistics. Nothing thrown, ever: every rejected datagram is dropped and counted
 * under its reason.
 *
 * @example
 * ```ts
 * import { RtpReceiver } from "./receiver.ts";
 * const rx = new RtpReceiver({ clockRate: 8000, payloadTypes: [0], eventPayloadTypes: [101] });
 * const datagram = new Uint8Array(0); // from the socket layer
 * const result = rx.receive(datagram, performance.now());
 * if (result.accepted) {
 *   // hand result.packet.payload to the jitter buffer
 * } else {
 *   console.log(result.reason); // "malformed"; rx.counters.malformed === 1
 * }
 * ```
 * @module
 */
import { parseRtpPacket, type RtpPacket, type RtpParseError } from "./packet.ts";
import type { PayloadError, PayloadFormat, PayloadFrame } from "./payload_format.ts";
import { StreamStats, type StreamStatsOptions, type StreamStatsSnapshot } from "./stream_stats.ts";

/** Why a datagram was dropped. */
export type RtpDropReason =
  | "malformed"
  | "foreign-ssrc"
  | "wrong-payload-type"
  | "probation"
  | "bad-sequence"
  | "duplicate"
  | "bad-payload";

/** Every drop reason, in a stable order (for displays). */
export const RTP_DROP_REASONS: readonly RtpDropReason[] = [
  "malformed",
  "foreign-ssrc",
  "wrong-payload-type",
  "probation",
  "bad-sequence",
  "duplicate",
  "bad-payload",
];

/** Options for {@link RtpReceiver}. */
export interface RtpReceiverOptions extends StreamStatsOptions {
  /** Audio payload types accepted for this call (besides those of `formats`). */
  readonly payloadTypes?: Iterable<number>;
  /**
   * Payload formats by payload type. Their types are accepted, and each accepted packet's
   * payload is split into frames; a payload that does not split is dropped as "bad-payload"
   * (after counting for sequence and loss: it did arrive).
   */
  readonly formats?: ReadonlyMap<number, PayloadFormat>;
  /**
   * Accepted payload types whose timestamps are not sampling instants, such as RFC 4733
   * telephone-event: they count for sequence and loss but not for jitter.
   */
  readonly eventPayloadTypes?: Iterable<number>;
  /** Expected SSRC; by default the receiver locks to the first well-formed packet's. */
  readonly ssrc?: number;
}

/** Outcome of {@link RtpReceiver.receive}. */
export type RtpReceiveResult =
  | {
    readonly accepted: true;
    readonly packet: RtpPacket;
    readonly extendedSequence: number;
    readonly reordered: boolean;
    /** Frames of the payload, when a format is known for its payload type. */
    readonly frames?: readonly PayloadFrame[];
  }
  | {
    readonly accepted: false;
    readonly reason: RtpDropReason;
    /** For "malformed": what the parser objected to. */
    readonly malformed?: RtpParseError;
    /** For "bad-payload": what the payload format objected to. */
    readonly payloadError?: PayloadError;
    readonly detail?: string;
  };

/** Drop counters: one per reason, and malformed packets by parse error. */
export interface RtpReceiverCounters {
  readonly accepted: number;
  readonly dropped: Readonly<Record<RtpDropReason, number>>;
  readonly malformed: Readonly<Partial<Record<RtpParseError, number>>>;
}

/** Receives the RTP stream of one call. */
export class RtpReceiver {
  readonly #options: RtpReceiverOptions;
  readonly #payloadTypes: Set<number>;
  readonly #eventTypes: Set<number>;
  #ssrc: number | undefined;
  #stats: StreamStats | undefined;
  #accepted = 0;
  readonly #dropped: Record<RtpDropReason, number>;
  readonly #malformed: Partial<Record<RtpParseError, number>> = {};

  /** Creates a receiver for the given clock rate and payload types. */
  constructor(options: RtpReceiverOptions) {
    this.#options = options;
    this.#eventTypes = new Set(options.eventPayloadTypes ?? []);
    this.#payloadTypes = new Set([
      ...(options.payloadTypes ?? []),
      ...(options.formats?.keys() ?? []),
      ...this.#eventTypes,
    ]);
    this.#ssrc = options.ssrc;
    this.#dropped = Object.fromEntries(RTP_DROP_REASONS.map((r) => [r, 0])) as Record<
      RtpDropReason,
      number
    >;
  }

  /** SSRC the receiver is locked to, if any yet. */
  get ssrc(): number | undefined {
    return this.#ssrc;
  }

  /** Counters by outcome; a fresh copy on each read. */
  get counters(): RtpReceiverCounters {
    return {
      accepted: this.#accepted,
      dropped: { ...this.#dropped },
      malformed: { ...this.#malformed },
    };
  }

  /** Statistics of the locked source, or `undefined` before its first packet. */
  stats(): StreamStatsSnapshot | undefined {
    return this.#stats?.snapshot();
  }

  /** The statistics object itself, for interval reports (RTCP). */
  get streamStats(): StreamStats | undefined {
    return this.#stats;
  }

  /**
   * Takes one datagram, received at `arrivalMs` (a monotonic clock in milliseconds).
   * Never throws. The packet's payload is a view into `datagram`.
   */
  receive(datagram: Uint8Array, arrivalMs: number): RtpReceiveResult {
    const parsed = parseRtpPacket(datagram);
    if (!parsed.ok) {
      this.#malformed[parsed.reason] = (this.#malformed[parsed.reason] ?? 0) + 1;
      return this.#drop("malformed", parsed.detail, parsed.reason);
    }
    const packet = parsed.packet;
    if (!this.#payloadTypes.has(packet.payloadType)) {
      return this.#drop("wrong-payload-type", `payload type ${packet.payloadType}`);
    }
    if (this.#ssrc === undefined) this.#ssrc = packet.ssrc;
    if (packet.ssrc !== this.#ssrc) {
      return this.#drop("foreign-ssrc", `SSRC ${packet.ssrc}, expected ${this.#ssrc}`);
    }
    this.#stats ??= new StreamStats(packet.sequence, this.#options);
    const jitter = !this.#eventTypes.has(packet.payloadType);
    const verdict = this.#stats.update(packet.sequence, packet.timestamp, arrivalMs, jitter);
    if (verdict.kind !== "accepted") {
      return this.#drop(verdict.kind, `sequence ${packet.sequence}`);
    }
    const accepted = {
      accepted: true as const,
      packet,
      extendedSequence: verdict.extendedSequence,
      reordered: verdict.reordered,
    };
    const format = this.#options.formats?.get(packet.payloadType);
    if (!format) {
      this.#accepted++;
      return accepted;
    }
    const split = format.split(packet.payload);
    if (!split.ok) {
      const detail = `${format.encoding}: ${split.detail} at ${split.offset}`;
      this.#dropped["bad-payload"]++;
      return { accepted: false, reason: "bad-payload", detail, payloadError: split.reason };
    }
    this.#accepted++;
    return { ...accepted, frames: split.frames };
  }

  /** Forgets the source and its statistics (counters stay): the next packet may be a new SSRC. */
  resetSource(ssrc?: number): void {
    this.#ssrc = ssrc;
    this.#stats = undefined;
  }

  #drop(reason: RtpDropReason, detail: string, malformed?: RtpParseError): RtpReceiveResult {
    this.#dropped[reason]++;
    return { accepted: false, reason, detail, malformed };
  }
}
