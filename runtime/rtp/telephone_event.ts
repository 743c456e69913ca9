/**
 * RFC 4733 telephone events (DTMF digits) over RTP.
 *
 * ```text
 * |     event     |E|R| volume    |          duration             |
 * ```
 *
 * Events 0-9 are the digits, 10 `*`, 11 `#`, 12-15 `A`-`D`, 16 flash (written `!` here).
 * All packets of one event carry the timestamp of its start; the first has the marker bit;
 * the duration grows until the packet with the end bit, which is sent three times.
 *
 * @example
 * ```ts
 * import { RtpPacketizer } from "./packetizer.ts";
 * import { TelephoneEventReceiver, TelephoneEventSender } from "./telephone_event.ts";
 * const rtp = new RtpPacketizer({ payloadType: 0 });
 * const dtmf = new TelephoneEventSender({ payloadType: 101 });
 * dtmf.enqueue("12#");
 * // every 20 ms:
 * const event = dtmf.tick(rtp.timestamp);
 * const datagram = event
 *   ? (rtp.skip(160, false), rtp.packetizeSide(event)) // the event replaces audio this tick
 *   : rtp.packetize(new Uint8Array(160), 160);
 *
 * const rx = new TelephoneEventReceiver();
 * rx.receive(1234, Uint8Array.of(5, 0x0a, 0, 160)); // { digit: "5", ... } the first time only
 * ```
 * @module
 */

const DIGITS = "0123456789*#ABCD!";

/** The event code of a DTMF digit (`0-9 * # A-D`, any case; `!` is flash), if it is one. */
export function dtmfEventCode(digit: string): number | undefined {
  if (digit.length !== 1) return undefined;
  const i = DIGITS.indexOf(digit.toUpperCase());
  return i < 0 ? undefined : i;
}

/** The digit of an event code 0-16, if it is one. */
export function dtmfDigit(event: number): string | undefined {
  return Number.isInteger(event) && event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

/** One telephone-event payload. */
export interface TelephoneEvent {
  /** Event code 0-255 (0-16 for DTMF and flash). */
  readonly event: number;
  /** The end bit: this packet ends the event. */
  readonly end: boolean;
  /** Power level as minus dBm0, 0-63. */
  readonly volume: number;
  /** Duration so far in timestamp units, 0-65535. */
  readonly duration: number;
}

/** Octets of one telephone-event payload. */
export const TELEPHONE_EVENT_BYTES = 4;

/** Result of {@link parseTelephoneEvent}. */
export type TelephoneEventParseResult =
  | { readonly ok: true; readonly event: TelephoneEvent }
  | { readonly ok: false; readonly reason: "bad-length"; readonly detail: string };

/** Reads a telephone-event payload (exactly 4 octets). Never throws; the R bit is ignored. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEventParseResult {
  if (payload.length !== TELEPHONE_EVENT_BYTES) {
    return { ok: false, reason: "bad-length", detail: `${payload.length} octets, expected 4` };
  }
  return {
    ok: true,
    event: {
      event: payload[0],
      end: (payload[1] & 0x80) !== 0,
      volume: payload[1] & 0x3f,
      duration: (payload[2] << 8) | payload[3],
    },
  };
}

function checkField(name: string, value: number, max: number) {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`telephone-event ${name} ${value} is not in 0..${max}`);
  }
}

/** Builds a telephone-event payload; fields out of range throw `RangeError`. */
export function buildTelephoneEvent(ev: TelephoneEvent): Uint8Array {
  checkField("event", ev.event, 255);
  checkField("volume", ev.volume, 63);
  checkField("duration", ev.duration, 0xffff);
  return Uint8Array.of(
    ev.event,
    (ev.end ? 0x80 : 0) | ev.volume,
    ev.duration >> 8,
    ev.duration & 0xff,
  );
}

/** Options of {@link TelephoneEventSender}. */
export interface TelephoneEventSenderOptions {
  /** Dynamic payload type of telephone-event in this call. */
  readonly payloadType: number;
  /** RTP clock rate, that of the audio stream (8000). */
  readonly clockRate?: number;
  /** Timestamp units between two ticks: the audio packet interval (160 = 20 ms at 8 kHz). */
  readonly packetSamples?: number;
  /** How long each digit lasts (100 ms). */
  readonly durationMs?: number;
  /** Silence between digits (100 ms). */
  readonly gapMs?: number;
  /** Volume as minus dBm0, 0-63 (10). */
  readonly volume?: number;
}

/** One packet to send, ready for `RtpPacketizer.packetizeSide`. */
export interface TelephoneEventPacket {
  readonly payloadType: number;
  /** Timestamp of the event's start. */
  readonly timestamp: number;
  readonly marker: boolean;
  readonly payload: Uint8Array;
  readonly event: number;
  readonly end: boolean;
  /** A repeat of the end packet (not to be counted in RTCP sender statistics). */
  readonly retransmission: boolean;
}

type SenderState =
  | { readonly kind: "idle" }
  | { readonly kind: "playing"; readonly event: number; readonly start: number; ticks: number }
  | { readonly kind: "ending"; readonly event: number; readonly start: number; sent: number }
  | { readonly kind: "gap"; ticksLeft: number };

/** Times the end packet is sent. */
const END_PACKETS = 3;

/**
 * Sends queued digits as RFC 4733 events, one packet per tick. Pure: driven by
 * {@link tick} with the audio stream's current timestamp, so tests need no clock.
 */
export class TelephoneEventSender {
  readonly payloadType: number;
  readonly #packetSamples: number;
  readonly #durationSamples: number;
  readonly #gapTicks: number;
  readonly #volume: number;
  readonly #queue: number[] = [];
  #state: SenderState = { kind: "idle" };

  /** Throws `RangeError` on options out of range (durations must fit 16 bits). */
  constructor(options: TelephoneEventSenderOptions) {
    const clockRate = options.clockRate ?? 8000;
    this.payloadType = options.payloadType;
    this.#packetSamples = options.packetSamples ?? 160;
    this.#durationSamples = Math.round(((options.durationMs ?? 100) * clockRate) / 1000);
    const gapSamples = ((options.gapMs ?? 100) * clockRate) / 1000;
    this.#gapTicks = Math.ceil(gapSamples / this.#packetSamples);
    this.#volume = options.volume ?? 10;
    checkField("payload type", this.payloadType, 127);
    checkField("volume", this.#volume, 63);
    if (!(this.#packetSamples >= 1) || !Number.isInteger(this.#packetSamples)) {
      throw new RangeError(`packetSamples ${this.#packetSamples} is not a positive integer`);
    }
    if (this.#durationSamples < 1 || this.#durationSamples > 0xffff) {
      throw new RangeError(`digit duration of ${this.#durationSamples} samples is not in 1..65535`);
    }
    if (!(this.#gapTicks >= 0)) throw new RangeError(`gap ${options.gapMs} ms is negative`);
  }

  /**
   * Queues digits to send (`0-9 * # A-D`, `!` for flash). Throws `RangeError` naming the
   * first character that is not a digit, and queues nothing in that case.
   */
  enqueue(digits: string): void {
    const codes = [...digits].map((d, i) => {
      const code = dtmfEventCode(d);
      if (code === undefined) throw new RangeError(`"${d}" at ${i} is not a DTMF digit`);
      return code;
    });
    this.#queue.push(...codes);
  }

  /** True while an event is being sent: the audio packet of this tick is replaced. */
  get sending(): boolean {
    return this.#state.kind === "playing" || this.#state.kind === "ending";
  }

  /** Digits waiting, the one being sent included. */
  get pending(): number {
    return this.#queue.length + (this.sending ? 1 : 0);
  }

  /**
   * Advances by one packet interval. `timestamp` is the audio stream's RTP timestamp now.
   * Returns the event packet to send this tick, or `undefined` to send audio.
   */
  tick(timestamp: number): TelephoneEventPacket | undefined {
    const state = this.#state;
    switch (state.kind) {
      case "idle": {
        const event = this.#queue.shift();
        if (event === undefined) return undefined;
        this.#state = { kind: "playing", event, start: timestamp >>> 0, ticks: 0 };
        return this.tick(timestamp);
      }
      case "playing": {
        state.ticks++;
        const elapsed = state.ticks * this.#packetSamples;
        const marker = state.ticks === 1;
        if (elapsed < this.#durationSamples) {
          return this.#packet(state.event, state.start, marker, false, elapsed, false);
        }
        this.#state = { kind: "ending", event: state.event, start: state.start, sent: 1 };
        return this.#packet(state.event, state.start, marker, true, this.#durationSamples, false);
      }
      case "ending": {
        state.sent++;
        if (state.sent >= END_PACKETS) {
          this.#state = this.#gapTicks > 0
            ? { kind: "gap", ticksLeft: this.#gapTicks }
            : { kind: "idle" };
        }
        return this.#packet(state.event, state.start, false, true, this.#durationSamples, true);
      }
      case "gap": {
        state.ticksLeft--;
        if (state.ticksLeft <= 0) this.#state = { kind: "idle" };
        return undefined;
      }
    }
  }

  #packet(
    event: number,
    start: number,
    marker: boolean,
    end: boolean,
    duration: number,
    retransmission: boolean,
  ): TelephoneEventPacket {
    const payload = buildTelephoneEvent({ event, end, volume: this.#volume, duration });
    return {
      payloadType: this.payloadType,
      timestamp: start,
      marker,
      payload,
      event,
      end,
      retransmission,
    };
  }
}

/** A telephone event reported once by {@link TelephoneEventReceiver}. */
export interface TelephoneEventNotice extends TelephoneEvent {
  /** The DTMF digit, or `undefined` for other events. */
  readonly digit?: string;
  /** RTP timestamp of the event's start. */
  readonly timestamp: number;
}

/** Events remembered to recognise retransmissions and late packets. */
const REMEMBERED = 16;

/**
 * Turns received telephone-event packets into one notice per event, whatever the number of
 * packets, retransmissions or reordering. Never throws; malformed payloads are counted.
 */
export class TelephoneEventReceiver {
  readonly #seen: string[] = [];
  #malformed = 0;

  /** Payloads dropped because they were not 4 octets. */
  get malformed(): number {
    return this.#malformed;
  }

  /**
   * Takes the RTP timestamp and payload of one telephone-event packet; returns a notice the
   * first time an event (start timestamp and code) is seen, `undefined` after that.
   */
  receive(timestamp: number, payload: Uint8Array): TelephoneEventNotice | undefined {
    const parsed = parseTelephoneEvent(payload);
    if (!parsed.ok) {
      this.#malformed++;
      return undefined;
    }
    const ev = parsed.event;
    const key = `${timestamp >>> 0}/${ev.event}`;
    if (this.#seen.includes(key)) return undefined;
    this.#seen.push(key);
    if (this.#seen.length > REMEMBERED) this.#seen.shift();
    return { ...ev, digit: dtmfDigit(ev.event), timestamp: timestamp >>> 0 };
  }
}
