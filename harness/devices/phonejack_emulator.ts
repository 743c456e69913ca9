/**
 * The test's handle on the PhoneJACK emulator (`phonejack_emu.c`): builds it, and gives
 * the hands of a person at the card — lift the handset, press keys, ring the PSTN line,
 * speak into the microphone — and the eyes to check what the card did: codecs, tones,
 * ringing, what it played, which ioctls it received. The line under test loads the same
 * library as its C library (`library: emulator.path`).
 *
 * @example
 * ```ts
 * import { CardType, PhoneJackEmulator } from "./phonejack_emulator.ts";
 * import { openPhoneJackLine } from "../../runtime/audio/phonejack/phonejack_line.ts";
 * const emulator = await PhoneJackEmulator.load();
 * emulator.reset(0);
 * emulator.addCard(0, CardType.LineJACK);
 * const line = await openPhoneJackLine({ kind: "phonejack", index: 0, library: emulator.path });
 * emulator.setHook(0, true); // an "offhook" event follows
 * ```
 * @module
 */
import { buildNative } from "./build_native.ts";

/** Card types the emulator plays. */
export const CardType = { PhoneJACK: 100, LineJACK: 300, PhoneJACKPCI: 500 } as const;

/** Pieces of card state for {@link PhoneJackEmulator.get} (the EMU_* numbers of the C file). */
export const EmuState = {
  recCodec: 1,
  playCodec: 2,
  frameMs: 3,
  recOn: 4,
  playOn: 5,
  /** 0 none, 1 dial tone, 2 ringback, 3 busy. */
  callProgressTone: 6,
  ringing: 7,
  port: 8,
  pstnState: 9,
  dryTicks: 10,
  lostFrames: 11,
  framesRead: 12,
  framesPlayed: 13,
  open: 14,
  hook: 15,
  exception: 16,
  toneOnQuarterMs: 17,
  toneOffQuarterMs: 18,
  lastTone: 19,
  /** PHONE_RING_CADENCE as last set. */
  ringCadence: 20,
} as const;

const symbols = {
  emu_reset: { parameters: ["i32"], result: "void" },
  emu_add_card: { parameters: ["i32", "i32"], result: "i32" },
  emu_set_hook: { parameters: ["i32", "i32"], result: "void" },
  emu_press_digit: { parameters: ["i32", "i32"], result: "i32" },
  emu_pstn_ring: { parameters: ["i32"], result: "void" },
  emu_flash: { parameters: ["i32"], result: "void" },
  emu_set_mic: { parameters: ["i32", "buffer", "i32", "i32"], result: "void" },
  emu_queue_rec_bytes: { parameters: ["i32", "buffer", "i32"], result: "void" },
  emu_speaker: { parameters: ["i32", "buffer", "i64"], result: "i64" },
  emu_dialed: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  emu_ioctl_log: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  emu_get: { parameters: ["i32", "i32"], result: "i64" },
  emu_now_ns: { parameters: [], result: "u64" },
  emu_last_ready_ns: { parameters: ["i32"], result: "u64" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The emulator, loaded. */
export class PhoneJackEmulator {
  private constructor(
    /** Path of the library: pass it as the line's `library`. */
    readonly path: string,
    private readonly lib: Deno.DynamicLibrary<typeof symbols>["symbols"],
  ) {}

  /** Builds (if needed) and loads the emulator. */
  static async load(): Promise<PhoneJackEmulator> {
    const path = await buildNative("phonejack_emu");
    return new PhoneJackEmulator(path, Deno.dlopen(path, symbols).symbols);
  }

  /**
   * Unplugs card `index`, or every card (closing what is open). Test files that run in
   * parallel share the emulator (one process): each should use its own card numbers.
   */
  reset(index = -1): void {
    this.lib.emu_reset(index);
  }

  /** Plugs card `type` in as `/dev/phone{index}`. */
  addCard(index: number, type: number): void {
    if (this.lib.emu_add_card(index, type) !== 0) throw new Error(`no slot ${index}`);
  }

  /** Lifts (true) or puts down the handset. */
  setHook(index: number, offHook: boolean): void {
    this.lib.emu_set_hook(index, offHook ? 1 : 0);
  }

  /** Presses a DTMF key. */
  pressDigit(index: number, digit: string): void {
    if (this.lib.emu_press_digit(index, digit.charCodeAt(0)) !== 0) {
      throw new Error(`cannot press "${digit}" on card ${index}`);
    }
  }

  /** Ring voltage on the PSTN line (LineJACK). */
  ringPstn(index: number): void {
    this.lib.emu_pstn_ring(index);
  }

  /** Flashes the hook switch. */
  flash(index: number): void {
    this.lib.emu_flash(index);
  }

  /** What the microphone hears from the start of recording. */
  setMicrophone(index: number, samples: Int16Array, loop = false): void {
    this.lib.emu_set_mic(
      index,
      new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength),
      samples.length,
      loop ? 1 : 0,
    );
  }

  /** Coded frames the DSP delivers before anything from the microphone. */
  queueRecordedBytes(index: number, bytes: Uint8Array<ArrayBuffer>): void {
    this.lib.emu_queue_rec_bytes(index, bytes, bytes.length);
  }

  /** Everything the card has played so far. */
  speaker(index: number): Uint8Array {
    const total = Number(this.lib.emu_speaker(index, null, 0n));
    const out = new Uint8Array(Math.max(0, total));
    this.lib.emu_speaker(index, out, BigInt(out.length));
    return out;
  }

  /** Digits dialled on the PSTN line. */
  dialed(index: number): string {
    const out = new Uint8Array(128);
    const n = this.lib.emu_dialed(index, out, out.length);
    return new TextDecoder().decode(out.subarray(0, Math.max(0, n)));
  }

  /** The ioctls the card received, as [request, argument] pairs. */
  ioctls(index: number): Array<[number, number]> {
    const out = new BigUint64Array(2 * 512);
    const n = this.lib.emu_ioctl_log(index, out, 512);
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) pairs.push([Number(out[2 * i]), Number(out[2 * i + 1])]);
    return pairs;
  }

  /** A piece of card state ({@link EmuState}). */
  get(index: number, what: number): number {
    return Number(this.lib.emu_get(index, what));
  }

  /** CLOCK_MONOTONIC now, in ns. */
  nowNs(): bigint {
    return BigInt(this.lib.emu_now_ns());
  }

  /** When the frame read last became ready on the card, in ns of CLOCK_MONOTONIC. */
  lastReadyNs(index: number): bigint {
    return BigInt(this.lib.emu_last_ready_ns(index));
  }
}
