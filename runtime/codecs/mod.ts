/**
 * Speech codecs in WebAssembly behind one interface.
 *
 * @example
 * ```ts
 * import { findCodec } from "./mod.ts";
 * const enc = await findCodec("PCMA").createEncoder();
 * const octets = enc.encode(new Int16Array([0, 1000, -1000]));
 * ```
 * @module
 */
export * from "./codec.ts";
export * from "./registry.ts";
export { describeMode } from "./wasm_codec.ts";
