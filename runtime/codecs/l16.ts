/**
 * L16 (RFC 3551 section 4.5.11): uncompressed 16-bit PCM, most significant octet first,
 * mono, at 8000 Hz (128 kbit/s) and 16000 Hz (256 kbit/s), both under a dynamic payload
 * type (`L16/8000`, `L16/16000`). RFC 3551's static types 10 and 11 are L16 at 44100 Hz
 * (stereo and mono), which the phone's 8 kHz lines do not carry: they are not registered.
 *
 * @example
 * ```ts
 * import { l16 } from "./l16.ts";
 * const enc = await l16.createEncoder();
 * enc.encode(Int16Array.of(1, -2)); // Uint8Array [0, 1, 255, 254]
 * enc.close();
 * ```
 * @module
 */
import { wasmCodec } from "./wasm_codec.ts";

const wasm = () => import("./wasm/l16.ts").then((m) => m.wasmBase64);
const common = {
  module: "l16",
  wasm,
  encoding: "L16",
  channels: 1,
  frameSamples: 1,
  frameBytes: 2,
  ptimeMs: 20,
  // Uncoded: no equipment impairment; loss handled by G.711 Appendix I PLC.
  impairment: { Ie: 0, Bpl: 25.1 },
};

/** L16 mono at 8000 Hz, dynamic payload type. */
export const l16 = wasmCodec({
  ...common,
  name: "l16",
  clockRate: 8000,
  bitRate: 128000,
  mode: 0,
  description: "linear 16-bit PCM, 128 kbit/s",
});

/** L16 mono at 16000 Hz, dynamic payload type. */
export const l16_16 = wasmCodec({
  ...common,
  name: "l16-16",
  clockRate: 16000,
  bitRate: 256000,
  mode: 1,
  description: "linear 16-bit PCM wideband 16 kHz, 256 kbit/s",
});
