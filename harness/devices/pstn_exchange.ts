/**
 * The telephone exchange the PhoneJACK emulator puts behind each LineJACK's PSTN port
 * (`phonejack_emu.c`, last section): subscribers that answer, are busy or never answer; the
 * far party's voice and DTMF keys; incoming calls with ring cadence; the far party hanging up.
 * Tones are the North American precise tones (dial 350+440 Hz, ring-back 440+480 Hz 2 s on
 * 4 s off, busy 480+620 Hz 0.5/0.5 s, reorder 0.25/0.25 s). Not part of the product.
 *
 * @example
 * ```ts
 * import { CardType, PhoneJackEmulator } from "./phonejack_emulator.ts";
 * import { EmulatedExchange, ExchangeState, Subscriber } from "./pstn_exchange.ts";
 * const emulator = await PhoneJackEmulator.load();
 * emulator.addCard(2, CardType.LineJACK);
 * const exchange = EmulatedExchange.of(emulator, 2);
 * exchange.addSubscriber("5551234", Subscriber.answersAfter(1500));
 * exchange.setFarVoice(new Int16Array(8000));
 * // ... the line under test seizes the PSTN port and dials 5551234 ...
 * exchange.state() === ExchangeState.connected;
 * ```
 * @module
 */
import type { PhoneJackEmulator } from "./phonejack_emulator.ts";

/** The exchange's states (EXS_* of the C file). */
export const ExchangeState = {
  idle: 0,
  dialTone: 1,
  dialing: 2,
  ringback: 3,
  connected: 4,
  busy: 5,
  reorder: 6,
  cleared: 7,
  incoming: 8,
} as const;

/** How a subscriber behaves when called. */
export interface SubscriberBehaviour {
  readonly kind: 0 | 1 | 2;
  readonly answerMs: number;
}

/** Subscriber behaviours. */
export const Subscriber = {
  answersAfter: (ms: number): SubscriberBehaviour => ({ kind: 0, answerMs: ms }),
  busy: { kind: 1, answerMs: 0 } as SubscriberBehaviour,
  neverAnswers: { kind: 2, answerMs: 0 } as SubscriberBehaviour,
} as const;

const symbols = {
  emu_exchange_add: { parameters: ["i32", "buffer", "i32", "i32"], result: "i32" },
  emu_exchange_set_voice: { parameters: ["i32", "buffer", "i32"], result: "void" },
  emu_exchange_far_digits: { parameters: ["i32", "buffer"], result: "i32" },
  emu_exchange_incoming: { parameters: ["i32"], result: "void" },
  emu_exchange_hangup: { parameters: ["i32"], result: "void" },
  emu_exchange_get: { parameters: ["i32", "i32"], result: "i64" },
  emu_exchange_routed: { parameters: ["i32", "buffer", "i32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

const libraries = new Map<string, Deno.DynamicLibrary<typeof symbols>["symbols"]>();

function cString(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** The exchange behind card `index`'s PSTN port. */
export class EmulatedExchange {
  private constructor(
    private readonly lib: Deno.DynamicLibrary<typeof symbols>["symbols"],
    readonly index: number,
  ) {}

  /** The exchange of a card the emulator has (same library instance as the line's). */
  static of(emulator: PhoneJackEmulator, index: number): EmulatedExchange {
    let lib = libraries.get(emulator.path);
    if (!lib) {
      lib = Deno.dlopen(emulator.path, symbols).symbols;
      libraries.set(emulator.path, lib);
    }
    return new EmulatedExchange(lib, index);
  }

  /** A number on this exchange (at most 16). */
  addSubscriber(number: string, behaviour: SubscriberBehaviour): void {
    const ok = this.lib.emu_exchange_add(
      this.index,
      cString(number),
      behaviour.kind,
      behaviour.answerMs,
    );
    if (ok !== 0) throw new Error(`card ${this.index}: cannot add subscriber ${number}`);
  }

  /** What the far party says once connected (looped). */
  setFarVoice(samples: Int16Array): void {
    const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    this.lib.emu_exchange_set_voice(this.index, bytes as Uint8Array<ArrayBuffer>, samples.length);
  }

  /** The far party presses keys (in-band DTMF, 100 ms on, 100 ms off). */
  farDigits(digits: string): void {
    if (this.lib.emu_exchange_far_digits(this.index, cString(digits)) !== 0) {
      throw new Error(`card ${this.index}: cannot send "${digits}"`);
    }
  }

  /** A call comes in: the line rings every 6 s until answered. */
  incomingCall(): void {
    this.lib.emu_exchange_incoming(this.index);
  }

  /** The far party hangs up. */
  farHangUp(): void {
    this.lib.emu_exchange_hangup(this.index);
  }

  /** One of {@link ExchangeState}. */
  state(): number {
    return Number(this.lib.emu_exchange_get(this.index, 1));
  }

  /** The byte range of the card's speaker buffer the far party heard (end -1: still talking). */
  heardRange(): { from: number; to: number } {
    return {
      from: Number(this.lib.emu_exchange_get(this.index, 2)),
      to: Number(this.lib.emu_exchange_get(this.index, 3)),
    };
  }

  /** Rings sent for incoming calls so far. */
  rings(): number {
    return Number(this.lib.emu_exchange_get(this.index, 4));
  }

  /** Calls the exchange has routed. */
  callsRouted(): number {
    return Number(this.lib.emu_exchange_get(this.index, 5));
  }

  /** The number last dialled and routed. */
  routedNumber(): string {
    const out = new Uint8Array(32);
    const n = this.lib.emu_exchange_routed(this.index, out, out.length);
    return new TextDecoder().decode(out.subarray(0, Math.max(0, n)));
  }
}
