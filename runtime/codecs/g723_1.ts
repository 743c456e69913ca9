/**
 * G.723.1 (ITU-T, 1996/2006): 6.3 kbit/s MP-MLQ and 5.3 kbit/s ACELP speech coding in
 * 30 ms frames, with Annex A silence compression (VAD, SID frames, comfort noise), bit-exact
 * with the ITU-T fixed-point reference (Software Package Release 2). The registry entry
 * {@link g723} sends 6.3 kbit/s as RTP `G723`, static payload type 4 (RFC 3551); every
 * decoder follows the rate of each frame it reads, so it also receives 5.3 kbit/s and
 * mixed-rate streams. {@link g723_53} (the 5.3 kbit/s mode, same RTP encoding) and
 * {@link g723Codec} (VAD, no high-pass filter, no postfilter) are the other modes, and
 * {@link G723Encoder} switches the rate between frames.
 *
 * @example
 * ```ts
 * import { g723 } from "./g723_1.ts";
 * const enc = await g723.createEncoder();
 * const payload = enc.encode(new Int16Array(240)); // one 30 ms frame -> 24 octets
 * enc.close();
 * ```
 * @module
 */
import type { Codec, Encoder } from "./codec.ts";
import { CodecError } from "./codec.ts";
import { type CodecExports, loadCodecModule, wasmCodec } from "./wasm_codec.ts";

const wasm = () => import("./wasm/g723_1.ts").then((m) => m.wasmBase64);

/** Samples in one G.723.1 frame (30 ms at 8000 Hz). */
export const G723_FRAME_SAMPLES = 240;

/** Bit rate in bit/s. */
export type G723Rate = 6300 | 5300;

/** One G.723.1 variant; the defaults are those of the ITU reference program. */
export interface G723Options {
  /** Encoder rate, default 6300. The decoder reads each frame's rate from the frame. */
  rate?: G723Rate;
  /** Encoder input high-pass filter, default on. */
  highPass?: boolean;
  /** Decoder pitch and formant postfilter, default on. */
  postFilter?: boolean;
  /** Annex A voice activity detection and discontinuous transmission, default off. */
  vad?: boolean;
}

/**
 * The module's `mode` integer (see codecs-as/g723_1/index.ts): bit 0 = 5.3 kbit/s,
 * bit 1 = no high-pass filter, bit 2 = no postfilter, bit 3 = VAD.
 */
export function g723Mode(options: G723Options = {}): number {
  const rate = options.rate ?? 6300;
  if (rate !== 6300 && rate !== 5300) {
    throw new RangeError(`G.723.1 rate must be 6300 or 5300 bit/s, not ${rate}`);
  }
  return (rate === 5300 ? 1 : 0) | (options.highPass === false ? 2 : 0) |
    (options.postFilter === false ? 4 : 0) | (options.vad ? 8 : 0);
}

// Octets of a frame by its first octet: one table, the RTP payload format's.
import { g723FrameLength } from "../rtp/g723_frames.ts";
export { g723FrameLength };

/**
 * Splits concatenated G.723.1 frames (an RTP payload or an ITU `.bit` file) into frames.
 * Throws a RangeError naming the offset when the last frame is cut short.
 */
export function splitG723Frames(payload: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let at = 0; at < payload.length;) {
    const length = g723FrameLength(payload[at]);
    if (at + length > payload.length) {
      throw new RangeError(
        `G.723.1 frame at offset ${at} needs ${length} octets, only ${payload.length - at} left`,
      );
    }
    frames.push(payload.subarray(at, at + length));
    at += length;
  }
  return frames;
}

/**
 * A codec object for any G.723.1 variant. The registry holds {@link g723}; this serves the
 * 5.3 kbit/s mode, VAD, conformance variants and tests.
 *
 * @example
 * ```ts
 * const dtx = g723Codec({ vad: true });
 * const enc = await dtx.createEncoder();
 * const silence = enc.encode(new Int16Array(2400)); // SID and untransmitted frames
 * enc.close();
 * ```
 */
export function g723Codec(options: G723Options = {}): Codec {
  const rate = options.rate ?? 6300;
  const mode = g723Mode(options);
  const variant = [
    options.vad ? "vad" : "",
    options.highPass === false ? "nohp" : "",
    options.postFilter === false ? "nopf" : "",
  ].filter((s) => s).map((s) => `-${s}`).join("");
  return wasmCodec({
    name: (rate === 6300 ? "g723" : "g723-53") + variant,
    encoding: "G723",
    payloadType: 4,
    module: "g723_1",
    mode,
    wasm,
    clockRate: 8000,
    channels: 1,
    frameSamples: G723_FRAME_SAMPLES,
    frameBytes: rate === 6300 ? 24 : 20,
    bitRate: rate,
    ptimeMs: 30,
    description: rate === 6300
      ? "G.723.1 MP-MLQ, 6.3 kbit/s" + (options.vad ? ", Annex A VAD" : "")
      : "G.723.1 ACELP, 5.3 kbit/s" + (options.vad ? ", Annex A VAD" : ""),
    // G.113 Appendix I: Ie 15 (6.3) / 19 (5.3); Bpl 16.1 with its own concealment.
    impairment: { Ie: rate === 6300 ? 15 : 19, Bpl: 16.1 },
  });
}

/** G.723.1 at 6.3 kbit/s, RTP `G723`, payload type 4: the registry entry. */
export const g723: Codec = g723Codec();
/**
 * G.723.1 at 5.3 kbit/s, RTP `G723`, payload type 4 (SDP `bitrate=5.3`). Not in the
 * registry, which keeps one entry per RTP encoding; any G.723.1 decoder reads its frames.
 */
export const g723_53: Codec = g723Codec({ rate: 5300 });

interface G723Exports extends CodecExports {
  set_rate(state: number, rate: number): number;
}

/**
 * A G.723.1 encoder whose rate can change from one frame to the next (the ITU
 * reference's rate file), as a {@link Encoder}.
 *
 * @example
 * ```ts
 * const enc = await G723Encoder.create({ rate: 6300 });
 * const high = enc.encode(new Int16Array(240)); // 24 octets
 * enc.setRate(5300);
 * const low = enc.encode(new Int16Array(240)); // 20 octets
 * enc.close();
 * ```
 */
export class G723Encoder implements Encoder {
  readonly info: Codec;
  #state: number;
  #rate: G723Rate;
  #buffer = 0;
  #size = 0;

  private constructor(private readonly x: G723Exports, private readonly options: G723Options) {
    this.info = g723Codec(options);
    this.#rate = options.rate ?? 6300;
    this.#state = x.enc_create(g723Mode(options));
    if (!this.#state) throw new CodecError(this.info.name, "cannot create the encoder");
  }

  /** A new encoder in the reset state. */
  static async create(options: G723Options = {}): Promise<G723Encoder> {
    g723Mode(options); // validates before anything is allocated
    const x = await loadCodecModule("g723_1", wasm) as G723Exports;
    return new G723Encoder(x, options);
  }

  /** The rate of the following frames (the coder state carries over). */
  setRate(rate: G723Rate): void {
    if (rate !== 6300 && rate !== 5300) {
      throw new RangeError(`G.723.1 rate must be 6300 or 5300 bit/s, not ${rate}`);
    }
    const result = this.x.set_rate(this.#live(), rate === 5300 ? 1 : 0);
    if (result < 0) throw new CodecError(this.info.name, `cannot switch to ${rate} bit/s`);
    this.#rate = rate;
  }

  /** The rate of the next frame. */
  get rate(): G723Rate {
    return this.#rate;
  }

  /** Encodes whole frames; returns their concatenated octets. */
  encode(pcm: Int16Array): Uint8Array {
    const [at, n] = this.#run(pcm);
    return new Uint8Array(this.x.memory.buffer, at, n).slice();
  }

  /** Like {@link encode}, into `out`; returns the number of octets written. */
  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    const [at, n] = this.#run(pcm);
    if (n > out.length) {
      throw new CodecError(this.info.name, `output holds ${out.length} octets, ${n} needed`);
    }
    out.set(new Uint8Array(this.x.memory.buffer, at, n));
    return n;
  }

  /** Encodes into the module's buffer; returns where the octets are and how many. */
  #run(pcm: Int16Array): [number, number] {
    const state = this.#live();
    if (pcm.length % G723_FRAME_SAMPLES !== 0) {
      throw new CodecError(
        this.info.name,
        `${pcm.length} samples is not a whole number of ${G723_FRAME_SAMPLES}-sample frames`,
      );
    }
    const frames = pcm.length / G723_FRAME_SAMPLES;
    const ptr = this.#ensure(pcm.length * 2 + frames * 24);
    const out = ptr + pcm.length * 2;
    new Int16Array(this.x.memory.buffer, ptr, pcm.length).set(pcm);
    const n = this.x.encode(state, ptr, pcm.length, out);
    if (n < 0) throw new CodecError(this.info.name, `encoder error ${n}`);
    return [out, n];
  }

  /** Back to the reset state, at the rate it was created with. */
  reset(): void {
    this.x.enc_reset(this.#live());
    this.#rate = this.options.rate ?? 6300;
  }

  /** Frees the state. */
  close(): void {
    if (!this.#state) return;
    this.x.enc_destroy(this.#state);
    if (this.#buffer) this.x.buffer_free(this.#buffer);
    this.#state = 0;
    this.#buffer = 0;
  }

  #live(): number {
    if (!this.#state) throw new CodecError(this.info.name, "codec state is closed");
    return this.#state;
  }

  #ensure(bytes: number): number {
    if (bytes > this.#size) {
      if (this.#buffer) this.x.buffer_free(this.#buffer);
      this.#size = Math.max(bytes, 2 * this.#size, 1024);
      this.#buffer = this.x.buffer_alloc(this.#size);
    }
    return this.#buffer;
  }
}
