/**
 * G.726 (ITU-T, 1990): ADPCM at 16, 24, 32 and 40 kbit/s, bit-exact with the ITU-T
 * G.726 Appendix II test sequences. The registry entries take linear PCM and use the
 * RFC 3551 `G726-xx` packing (dynamic payload types); {@link g726Codec} builds any other
 * variant (G.711 octets in and out, AAL2 or no packing), and {@link G726Stream} drives one
 * state whose rate may change between blocks.
 *
 * @example
 * ```ts
 * import { g726_32 } from "./g726.ts";
 * const enc = await g726_32.createEncoder();
 * const payload = enc.encode(new Int16Array(160)); // 20 ms -> 80 octets
 * enc.close();
 * ```
 * @module
 */
import type { Codec } from "./codec.ts";
import { CodecError } from "./codec.ts";
import { type CodecExports, loadCodecModule, wasmCodec } from "./wasm_codec.ts";

const wasm = () => import("./wasm/g726.ts").then((m) => m.wasmBase64);

/** Bit rate in kbit/s; the codeword has rate / 8 bits. */
export type G726Rate = 16 | 24 | 32 | 40;
/** PCM format on the PCM side: 16-bit linear, or G.711 line octets (0..255) in an Int16Array. */
export type G726Law = "linear" | "mulaw" | "alaw";
/** Codeword packing: RFC 3551 (LSB first), ITU-T I.366.2 AAL2 (MSB first), or one per byte. */
export type G726Packing = "rfc3551" | "aal2" | "none";

/** One G.726 variant. */
export interface G726Options {
  rate: G726Rate;
  /** Default `linear`. */
  law?: G726Law;
  /** Default `rfc3551`. */
  packing?: G726Packing;
}

const RATES: readonly G726Rate[] = [16, 24, 32, 40];
const LAWS: readonly G726Law[] = ["linear", "mulaw", "alaw"];
const PACKINGS: readonly G726Packing[] = ["rfc3551", "aal2", "none"];

/** Bits per codeword at a rate (2 to 5); throws on a rate G.726 does not have. */
export function codewordBits(rate: number): number {
  const index = RATES.indexOf(rate as G726Rate);
  if (index < 0) throw new RangeError(`G.726 rate must be 16, 24, 32 or 40 kbit/s, not ${rate}`);
  return index + 2;
}

/**
 * The module's `mode` integer (see codecs-as/g726/index.ts): rate index in bits 0-1,
 * law in bits 2-3, packing in bits 4-5.
 */
export function g726Mode(options: G726Options): number {
  const rate = codewordBits(options.rate) - 2;
  const law = LAWS.indexOf(options.law ?? "linear");
  const packing = PACKINGS.indexOf(options.packing ?? "rfc3551");
  if (law < 0) throw new RangeError(`unknown G.726 PCM law "${options.law}"`);
  if (packing < 0) throw new RangeError(`unknown G.726 packing "${options.packing}"`);
  return rate | (law << 2) | (packing << 4);
}

/** Samples and octets in the smallest whole-octet frame of a variant. */
export function g726Frame(options: G726Options): { samples: number; bytes: number } {
  const bits = codewordBits(options.rate);
  if ((options.packing ?? "rfc3551") === "none") return { samples: 1, bytes: 1 };
  const samples = bits === 2 ? 4 : bits === 4 ? 2 : 8;
  return { samples, bytes: (samples * bits) / 8 };
}

/**
 * A codec object for any G.726 variant. The registry's entries are the linear,
 * RFC 3551 ones; the others serve conformance tests and gateways to G.711.
 *
 * @example
 * ```ts
 * const alaw = g726Codec({ rate: 40, law: "alaw", packing: "none" });
 * const dec = await alaw.createDecoder();
 * const octets = dec.decode(Uint8Array.of(31, 0, 17)); // three A-law octets
 * ```
 */
export function g726Codec(options: G726Options): Codec {
  const law = options.law ?? "linear";
  const packing = options.packing ?? "rfc3551";
  const frame = g726Frame(options);
  const rtpName = `G726-${options.rate}`;
  const suffix = (law === "linear" ? "" : `-${law}`) + (packing === "rfc3551" ? "" : `-${packing}`);
  return wasmCodec({
    name: `g726-${options.rate}${suffix}`,
    encoding: packing === "aal2" ? `AAL2-${rtpName}` : rtpName,
    module: "g726",
    mode: g726Mode(options),
    wasm,
    clockRate: 8000,
    channels: 1,
    frameSamples: frame.samples,
    frameBytes: frame.bytes,
    bitRate: options.rate * 1000,
    ptimeMs: 20,
    description: `G.726 ADPCM, ${options.rate} kbit/s`,
    impairment: G726_IMPAIRMENT[options.rate],
  });
}

/**
 * Ie from G.113 Table I.1. G.113 gives no Bpl for G.726; the phone conceals losses in
 * its decoded audio with G.711 Appendix I, so the G.711-with-PLC value is assumed.
 */
const G726_IMPAIRMENT: Record<G726Rate, { Ie: number; Bpl: number }> = {
  16: { Ie: 50, Bpl: 25.1 },
  24: { Ie: 25, Bpl: 25.1 },
  32: { Ie: 7, Bpl: 25.1 },
  40: { Ie: 2, Bpl: 25.1 },
};

/** G.726 at 16 kbit/s, RTP `G726-16` (dynamic payload type). */
export const g726_16: Codec = g726Codec({ rate: 16 });
/** G.726 at 24 kbit/s, RTP `G726-24` (dynamic payload type). */
export const g726_24: Codec = g726Codec({ rate: 24 });
/** G.726 at 32 kbit/s, RTP `G726-32` (dynamic payload type). */
export const g726_32: Codec = g726Codec({ rate: 32 });
/** G.726 at 40 kbit/s, RTP `G726-40` (dynamic payload type). */
export const g726_40: Codec = g726Codec({ rate: 40 });

/** The four registry entries, lowest rate first. */
export const g726Codecs: readonly Codec[] = [g726_16, g726_24, g726_32, g726_40];

interface G726Exports extends CodecExports {
  set_mode(state: number, mode: number): number;
}

/**
 * One G.726 encoder or decoder state with unpacked codewords (one per byte) whose rate
 * can change between blocks, as in the STL's variable-rate operation.
 *
 * @example
 * ```ts
 * const enc = await G726Stream.create("encoder", "alaw", 16);
 * const codes = enc.encode(Int16Array.of(0xd5, 0xd5)); // two codewords at 16 kbit/s
 * enc.setRate(40);
 * enc.close();
 * ```
 */
export class G726Stream {
  #state: number;
  #buffer = 0;
  #size = 0;

  private constructor(
    private readonly x: G726Exports,
    readonly kind: "encoder" | "decoder",
    readonly law: G726Law,
    private rate: G726Rate,
  ) {
    const mode = g726Mode({ rate, law, packing: "none" });
    this.#state = kind === "encoder" ? x.enc_create(mode) : x.dec_create(mode);
    if (!this.#state) throw new CodecError("g726", `mode ${mode} is not supported`);
  }

  /** A new state in the reset condition of G.726. */
  static async create(
    kind: "encoder" | "decoder",
    law: G726Law,
    rate: G726Rate,
  ): Promise<G726Stream> {
    const x = await loadCodecModule("g726", wasm) as G726Exports;
    return new G726Stream(x, kind, law, rate);
  }

  /** Switches the rate for the following samples, keeping the adaptive state. */
  setRate(rate: G726Rate): void {
    const result = this.x.set_mode(
      this.#live(),
      g726Mode({ rate, law: this.law, packing: "none" }),
    );
    if (result < 0) throw new CodecError("g726", `cannot switch to ${rate} kbit/s (${result})`);
    this.rate = rate;
  }

  /** Encoder: PCM (G.711 octets in the law modes) to codewords, one per byte. */
  encode(pcm: Int16Array): Uint8Array {
    if (this.kind !== "encoder") throw new CodecError("g726", "encode() needs an encoder");
    const state = this.#live();
    const ptr = this.#ensure(pcm.length * 3);
    new Int16Array(this.x.memory.buffer, ptr, pcm.length).set(pcm);
    const out = ptr + pcm.length * 2;
    this.#check(this.x.encode(state, ptr, pcm.length, out));
    return new Uint8Array(this.x.memory.buffer, out, pcm.length).slice();
  }

  /** Decoder: codewords to PCM (G.711 octets in the law modes). */
  decode(codes: Uint8Array): Int16Array {
    if (this.kind !== "decoder") throw new CodecError("g726", "decode() needs a decoder");
    const state = this.#live();
    const ptr = this.#ensure(codes.length * 3);
    new Uint8Array(this.x.memory.buffer, ptr, codes.length).set(codes);
    const out = ptr + codes.length + (codes.length & 1);
    this.#check(this.x.decode(state, ptr, codes.length, out));
    return new Int16Array(this.x.memory.buffer, out, codes.length).slice();
  }

  /** Frees the state. */
  close(): void {
    if (!this.#state) return;
    if (this.kind === "encoder") this.x.enc_destroy(this.#state);
    else this.x.dec_destroy(this.#state);
    if (this.#buffer) this.x.buffer_free(this.#buffer);
    this.#state = 0;
    this.#buffer = 0;
  }

  #live(): number {
    if (!this.#state) throw new CodecError("g726", "codec state is closed");
    return this.#state;
  }

  #check(result: number): void {
    if (result < 0) {
      const what = result === -2 ? "input out of range" : `error ${result}`;
      throw new CodecError("g726", `${this.kind} at ${this.rate} kbit/s: ${what}`);
    }
  }

  #ensure(bytes: number): number {
    if (bytes + 2 > this.#size) {
      if (this.#buffer) this.x.buffer_free(this.#buffer);
      this.#size = Math.max(bytes + 2, 2 * this.#size, 256);
      this.#buffer = this.x.buffer_alloc(this.#size);
    }
    return this.#buffer;
  }
}
