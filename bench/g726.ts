/**
 * `deno task bench g726 [--seconds N] [--repeats N]`: encode and decode throughput of
 * the WASM G.726 codec (registry entries: linear PCM, RFC 3551 packing, through the
 * runtime's Encoder/Decoder API, 10 s blocks) beside spandsp's native G.726 (gcc -O2
 * -march=native, `bench/native/g726_spandsp.c`) on the same input: speech_a from the
 * conformance vectors, repeated. Each pass starts from a fresh state; the ratio uses the
 * best pass of each side (least disturbed by other processes), the last column the
 * medians. Needs gcc and libspandsp-dev.
 * @module
 */
import { g726Codecs } from "../runtime/codecs/g726.ts";
import type { Codec } from "../runtime/codecs/codec.ts";
import { buildNative, runNative } from "./native.ts";
import {
  concat,
  parsePassOptions,
  type PassOptions,
  speechInput,
  wasmPass,
} from "./codec_passes.ts";
import { median, printTable } from "./report.ts";

const SAMPLE_RATE = 8000;
const BLOCK_SECONDS = 10;

/** Seconds of every timed pass, and a checksum of one pass's payload and PCM. */
interface Passes {
  encodeSeconds: number[];
  decodeSeconds: number[];
  checksum: number;
}

function parseArgs(args: string[]): PassOptions {
  const options = parsePassOptions(args, "g726");
  options.seconds = Math.ceil(options.seconds / BLOCK_SECONDS) * BLOCK_SECONDS;
  return options;
}

/** Same checksum as the native harness: over the payload, then the decoded samples. */
function checksum(payload: Uint8Array, pcm: Int16Array): number {
  let sum = 0;
  for (const b of payload) sum = (Math.imul(sum, 31) + b) >>> 0;
  for (const s of pcm) sum = (Math.imul(sum, 31) + (s & 0xffff)) >>> 0;
  return sum;
}

async function wasmPasses(codec: Codec, pcm: Int16Array, passes: number): Promise<Passes> {
  const result: Passes = { encodeSeconds: [], decodeSeconds: [], checksum: 0 };
  for (let r = 0; r < passes; r++) {
    const pass = await wasmPass(codec, pcm, BLOCK_SECONDS * SAMPLE_RATE);
    result.encodeSeconds.push(pass.encode);
    result.decodeSeconds.push(pass.decode);
    if (r === passes - 1) {
      const decoded = new Int16Array(pcm.length);
      pass.decoded.reduce((at, d) => (decoded.set(d, at), at + d.length), 0);
      result.checksum = checksum(concat(pass.payloads, (n) => new Uint8Array(n)), decoded);
    }
  }
  return result;
}

/** WASM and native passes for one codec, alternating in rounds so that load from other
 * processes falls on both sides alike. */
async function measure(
  codec: Codec,
  pcm: Int16Array,
  input: string,
  harness: string,
  repeats: number,
) {
  const rounds = 3;
  const perRound = Math.ceil(repeats / rounds);
  await wasmPasses(codec, pcm, 3); // let V8 tier the module up first
  const wasm: Passes = { encodeSeconds: [], decodeSeconds: [], checksum: 0 };
  const native: Passes = { encodeSeconds: [], decodeSeconds: [], checksum: 0 };
  for (let round = 0; round < rounds; round++) {
    const w = await wasmPasses(codec, pcm, perRound);
    const n = await runNative<Passes>(harness, [input, String(codec.bitRate), String(perRound)]);
    for (const [all, one] of [[wasm, w], [native, n]]) {
      all.encodeSeconds.push(...one.encodeSeconds);
      all.decodeSeconds.push(...one.decodeSeconds);
      all.checksum = one.checksum;
    }
  }
  return { wasm, native };
}

/** Runs the benchmark and prints the table. */
export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const pcm = await speechInput(options.seconds, BLOCK_SECONDS * SAMPLE_RATE);
  const harness = await buildNative("g726_spandsp", ["spandsp"]);
  const input = await Deno.makeTempFile({ suffix: ".pcm" });
  try {
    await Deno.writeFile(input, new Uint8Array(pcm.buffer));
    const rows: (string | number)[][] = [];
    let identical = true;
    for (const codec of g726Codecs) {
      const { wasm, native } = await measure(codec, pcm, input, harness, options.repeats);
      identical &&= wasm.checksum === native.checksum;
      for (const what of ["encode", "decode"] as const) {
        const key = `${what}Seconds` as const;
        const wasmRate = pcm.length / Math.min(...wasm[key]);
        const nativeRate = pcm.length / Math.min(...native[key]);
        rows.push([
          `${codec.encoding} ${what}`,
          wasmRate,
          wasmRate / SAMPLE_RATE,
          nativeRate,
          nativeRate / SAMPLE_RATE,
          wasmRate / nativeRate,
          median(native[key]) / median(wasm[key]),
        ]);
      }
    }
    console.log(
      `G.726: ${options.seconds} s of speech_a per pass, ${BLOCK_SECONDS} s blocks (WASM), ` +
        `best of ${3 * Math.ceil(options.repeats / 3)} passes each, WASM and native alternating`,
    );
    printTable(
      [
        "rate / direction",
        "WASM samples/s",
        "WASM x RT",
        "spandsp samples/s",
        "spandsp x RT",
        "WASM/native",
        "median ratio",
      ],
      rows,
    );
    console.log(
      identical
        ? "outputs: WASM and spandsp payloads and decoded PCM identical at every rate"
        : "outputs: WASM and spandsp DIFFER (checksums)",
    );
  } finally {
    await Deno.remove(input);
  }
}
