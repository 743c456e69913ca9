/**
 * What the codec benchmarks share: the speech they time, and a timed pass of a WASM
 * codec through the runtime's Encoder/Decoder API.
 * @module
 */
import { numberOption, parseBenchArgs } from "./options.ts";
import type { Codec } from "../runtime/codecs/codec.ts";
import { readVectorPcm } from "../harness/vectors.ts";

/** `inputs/speech_a.pcm` from the vectors, repeated to at least `seconds`, whole `block`s. */
export async function speechInput(seconds: number, block: number): Promise<Int16Array> {
  const source = await readVectorPcm("inputs/speech_a.pcm");
  const out = new Int16Array(Math.ceil((seconds * 8000) / block) * block);
  for (let at = 0; at < out.length; at += source.length) {
    out.set(source.subarray(0, Math.min(source.length, out.length - at)), at);
  }
  return out;
}

/** The parts one after the other. */
export function concat<T extends Uint8Array | Int16Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** One pass from fresh states: encode the input in `block`-sample calls, then decode it. */
export async function wasmPass(codec: Codec, pcm: Int16Array, block: number) {
  const enc = await codec.createEncoder();
  const dec = await codec.createDecoder();
  const payloads: Uint8Array[] = [];
  let t0 = performance.now();
  for (let at = 0; at < pcm.length; at += block) {
    payloads.push(enc.encode(pcm.subarray(at, at + block)));
  }
  const encode = (performance.now() - t0) / 1000;
  const decoded: Int16Array[] = [];
  t0 = performance.now();
  for (const p of payloads) decoded.push(dec.decode(p));
  const decode = (performance.now() - t0) / 1000;
  enc.close();
  dec.close();
  return { encode, decode, payloads, decoded };
}

/** `--seconds N` and `--repeats N` (whole numbers >= 1) of a codec benchmark. */
export interface PassOptions {
  seconds: number;
  repeats: number;
}

/** Parses `--seconds N --repeats N`; the usage line names the benchmark. */
export function parsePassOptions(args: string[], bench: string): PassOptions {
  return parseBenchArgs(bench, args, {
    seconds: numberOption(60, 1, 3600),
    repeats: numberOption(15, 1, 1000),
  });
}
