/**
 * The Simple Internet Phone's speech codecs and receive path, in WebAssembly, for Node,
 * Deno and browsers: every registered codec behind one interface (`findCodec`), and the
 * adaptive jitter buffer with loss concealment and time-scaling (`Playout`). Each codec's
 * WebAssembly is inlined in its own chunk and loaded on first use.
 *
 * @example
 * ```ts
 * import { findCodec, Playout } from "simple-internet-phone-codecs";
 * const pcmu = findCodec("PCMU");
 * const encoder = await pcmu.createEncoder();
 * const decoder = await pcmu.createDecoder();
 * const payload = encoder.encode(new Int16Array(160)); // 20 ms -> 160 octets
 * const playout = await Playout.create({ decode: (p: Uint8Array) => decoder.decode(p) });
 * playout.put({ sequence: 1, timestamp: 0, ssrc: 7, marker: true, samples: 160 }, 0, payload);
 * const { pcm } = playout.next(40); // what to play from t = 40 ms
 * ```
 * @module
 */
export {
  type Codec,
  CodecError,
  type CodecInfo,
  type Decoder,
  type Encoder,
} from "../../../runtime/codecs/codec.ts";
export { codecs, findCodec, UnknownCodecError } from "../../../runtime/codecs/registry.ts";
export { describeMode } from "../../../runtime/codecs/wasm_codec.ts";
export {
  JitterBuffer,
  type JitterBufferOptions,
  type JitterStats,
  type PacketInfo,
  type PlayoutDecision,
  type Refusal,
} from "../../../runtime/dsp/jitter_buffer.ts";
export {
  Playout,
  type PlayoutOptions,
  type PlayoutStats,
  type PlayoutStep,
} from "../../../runtime/dsp/playout.ts";
export { Concealer } from "../../../runtime/dsp/concealer.ts";
export { TimeScaler, type TimeScalerOptions } from "../../../runtime/dsp/time_scaler.ts";
export { ClosedError } from "../../../runtime/dsp/wasm_module.ts";

/** This package's version (also in package.json). */
export const VERSION = "0.1.0";
