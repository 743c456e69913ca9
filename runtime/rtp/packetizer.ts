/**
 * One outgoing RTP stream (RFC 3550 section 5.1, RFC 3551 section 4.1): random initial SSRC,
 * sequence number and timestamp; the timestamp advances by the samples each packet carries;
 * the marker bit is set on the first packet of each talkspurt.
 *
 * @example
 * ```ts
 * import { RtpPacketizer } from "./packetizer.ts";
 * const out = new RtpPacketizer({ payloadType: 0 });
 * const first = out.packetize(new Uint8Array(160), 160); // marker set: start of a talkspurt
 * const second = out.packetize(new Uint8Array(160), 160); // timestamp + 160, sequence + 1
 * out.skip(160); // 20 ms of silence not sent: the next packet starts a new talkspurt
 * ```
 * @module
 */
import { buildRtpPacket } from "./packet.ts";

/** Fills `bytes` with random values; `crypto.getRandomValues` by default. */
export type RandomFill = (bytes: Uint8Array) => void;

/** Options for {@link RtpPacketizer}. Absent initial values are chosen at random. */
export interface RtpPacketizerOptions {
  /** Payload type of audio packets, 0-127. */
  readonly payloadType: number;
  readonly ssrc?: number;
  /** Sequence number of the first packet. */
  readonly sequence?: number;
  /** RTP timestamp of the first sample. */
  readonly timestamp?: number;
  /** Source of randomness for the initial values (tests pass a fixed one). */
  readonly random?: RandomFill;
}

/** Fields of a packet sent outside the audio flow, such as an RFC 4733 event. */
export interface RtpSideInit {
  readonly payloadType: number;
  readonly timestamp: number;
  readonly marker: boolean;
  readonly payload: Uint8Array;
  /** A deliberate repeat (RFC 4733 end packets): left out of the packet and octet counts. */
  readonly retransmission?: boolean;
}

const defaultRandom: RandomFill = (bytes) => {
  crypto.getRandomValues(bytes);
};

function random32(fill: RandomFill): number {
  const b = new Uint8Array(4);
  fill(b);
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

/** Builds the packets of one outgoing RTP stream. */
export class RtpPacketizer {
  /** Synchronization source of this stream. */
  readonly ssrc: number;
  readonly payloadType: number;
  #sequence: number;
  #timestamp: number;
  #talkspurtStart = true;
  #packets = 0;
  #octets = 0;

  /** Creates a stream; initial SSRC, sequence and timestamp are random unless given. */
  constructor(options: RtpPacketizerOptions) {
    const fill = options.random ?? defaultRandom;
    this.payloadType = options.payloadType;
    this.ssrc = options.ssrc ?? random32(fill);
    this.#sequence = options.sequence ?? random32(fill) & 0xffff;
    this.#timestamp = options.timestamp ?? random32(fill);
    if (!Number.isInteger(this.payloadType) || this.payloadType < 0 || this.payloadType > 127) {
      throw new RangeError(`payload type ${this.payloadType} is not in 0..127`);
    }
  }

  /** Sequence number the next packet will carry. */
  get sequence(): number {
    return this.#sequence;
  }

  /** RTP timestamp of the next sample to be sent. */
  get timestamp(): number {
    return this.#timestamp;
  }

  /** Packets built so far (for the RTCP sender report). */
  get packetCount(): number {
    return this.#packets;
  }

  /** Payload octets built so far (for the RTCP sender report). */
  get octetCount(): number {
    return this.#octets;
  }

  /** Marks the next audio packet as the first of a talkspurt. */
  startTalkspurt(): void {
    this.#talkspurtStart = true;
  }

  /**
   * Builds the packet for `payload`, which encodes `samples` samples, and advances the
   * timestamp by `samples`. The first packet after construction, {@link skip} or
   * {@link startTalkspurt} carries the marker bit.
   */
  packetize(payload: Uint8Array, samples: number): Uint8Array {
    const packet = this.#build(this.payloadType, this.#timestamp, this.#talkspurtStart, payload);
    this.#talkspurtStart = false;
    this.skip(samples, false);
    return packet;
  }

  /**
   * Advances the timestamp by `samples` without sending (silence suppressed, or time
   * covered by other packets such as telephone events). By default the next audio
   * packet then starts a new talkspurt.
   */
  skip(samples: number, newTalkspurt = true): void {
    if (!Number.isInteger(samples) || samples < 0) {
      throw new RangeError(`samples ${samples} is not a non-negative integer`);
    }
    this.#timestamp = (this.#timestamp + samples) >>> 0;
    if (newTalkspurt && samples > 0) this.#talkspurtStart = true;
  }

  /**
   * Builds a packet of this stream (same SSRC, next sequence number) with its own payload
   * type, timestamp and marker, as RFC 4733 events need. The audio timestamp is not moved.
   */
  packetizeSide(init: RtpSideInit): Uint8Array {
    const count = !init.retransmission;
    return this.#build(init.payloadType, init.timestamp >>> 0, init.marker, init.payload, count);
  }

  #build(
    payloadType: number,
    timestamp: number,
    marker: boolean,
    payload: Uint8Array,
    count = true,
  ) {
    const packet = buildRtpPacket({
      marker,
      payloadType,
      sequence: this.#sequence,
      timestamp,
      ssrc: this.ssrc,
      payload,
    });
    this.#sequence = (this.#sequence + 1) & 0xffff;
    if (count) {
      this.#packets++;
      this.#octets += payload.length;
    }
    return packet;
  }
}
