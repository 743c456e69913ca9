/**
 * LPC-10e (FS-1015, 1984; "e" = enhanced, 1986): the US federal 2400 bit/s vocoder,
 * bit-exact with the lpc10 1.5 library (the f2c translation of the US DoD LPC-10e code
 * that SoX bundles) and with SoX's `lpc10` file format: 180-sample (22.5 ms) frames of
 * 54 bits packed MSB first into 7 bytes. RTP: encoding `LPC10` with a dynamic payload
 * type (not the static `LPC` type 7 of RFC 3551, which is a different coder).
 *
 * @example
 * ```ts
 * import { lpc10 } from "./lpc10.ts";
 * const enc = await lpc10.createEncoder();
 * const payload = enc.encode(new Int16Array(720)); // 4 frames, 90 ms -> 28 bytes
 * enc.close();
 * ```
 * @module
 */
import type { Codec } from "./codec.ts";
import { CodecError } from "./codec.ts";
import { type CodecExports, loadCodecModule, wasmCodec } from "./wasm_codec.ts";

const wasm = () => import("./wasm/lpc10.ts").then((m) => m.wasmBase64);

/** Samples in one LPC-10e frame (22.5 ms at 8000 Hz). */
export const LPC10_FRAME_SAMPLES = 180;
/** Bytes in one packed frame (54 bits and 2 zero pad bits). */
export const LPC10_FRAME_BYTES = 7;

/**
 * The registry entry. Packets are 4 frames (90 ms), the smallest whole number of
 * frames that is also a whole number of 10 ms line frames. G.113 gives no equipment
 * impairment for LPC-10, so `impairment` is left undefined.
 */
export const lpc10: Codec = wasmCodec({
  name: "lpc10",
  encoding: "LPC10",
  module: "lpc10",
  mode: 0,
  wasm,
  clockRate: 8000,
  channels: 1,
  frameSamples: LPC10_FRAME_SAMPLES,
  frameBytes: LPC10_FRAME_BYTES,
  bitRate: 2400,
  ptimeMs: 90,
  description: "LPC-10e (FS-1015), 2.4 kbit/s",
});

interface Lpc10Exports extends CodecExports {
  decode_f32(state: number, data: number, bytes: number, out: number): number;
}

/**
 * Decodes whole frames to the reference decoder's raw float output (nominal full scale
 * ±1.0, may exceed it), before the conversion to 16 bits that `lpc10`'s decoder does.
 * Starts from the decoder's initial state. Throws a CodecError naming the length when
 * `payload` is not a whole number of 7-byte frames.
 *
 * @example
 * ```ts
 * const samples = await decodeLpc10Float(new Uint8Array(7)); // 180 floats
 * ```
 */
export async function decodeLpc10Float(payload: Uint8Array): Promise<Float32Array> {
  if (payload.length % LPC10_FRAME_BYTES !== 0) {
    throw new CodecError(
      "lpc10",
      `payload of ${payload.length} bytes is not a whole number of ${LPC10_FRAME_BYTES}-byte frames`,
    );
  }
  const x = await loadCodecModule("lpc10", wasm) as Lpc10Exports;
  const frames = payload.length / LPC10_FRAME_BYTES;
  const outBytes = frames * LPC10_FRAME_SAMPLES * 4;
  const buffer = x.buffer_alloc(payload.length + outBytes + 4);
  const state = x.dec_create(0);
  try {
    new Uint8Array(x.memory.buffer, buffer, payload.length).set(payload);
    const out = buffer + ((payload.length + 3) & ~3);
    const samples = x.decode_f32(state, buffer, payload.length, out);
    if (samples < 0) throw new CodecError("lpc10", `decode_f32 failed (${samples})`);
    return new Float32Array(x.memory.buffer.slice(out, out + samples * 4));
  } finally {
    x.dec_destroy(state);
    x.buffer_free(buffer);
  }
}
