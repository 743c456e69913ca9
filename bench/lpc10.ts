/**
 * `deno task bench lpc10 [--seconds N] [--repeats N]`: encode and decode throughput of the
 * WASM LPC-10 codec (through the runtime's Encoder/Decoder API, 9 s blocks = 400 frames)
 * beside spandsp's LPC-10 (the same DoD algorithm in C, gcc -O2 -march=native,
 * `bench/native/lpc10_spandsp.c`) on the same input: speech_a from the conformance vectors,
 * repeated. WASM and native passes alternate in rounds so that load from other processes
 * falls on both alike; the ratio uses the best pass of each side, the last column the medians.
 * Needs gcc and libspandsp-dev.
 * @module
 */
import { findCodec } from "../runtime/codecs/registry.ts";
import { buildNative, runNative } from "./native.ts";
import { parsePassOptions, speechInput, wasmPass } from "./codec_passes.ts";
import { median, printTable } from "./report.ts";

const SAMPLE_RATE = 8000;
const BLOCK = 400 * 180; // 9 s, whole frames

interface Passes {
  encodeSeconds: number[];
  decodeSeconds: number[];
}

/** Runs the benchmark and prints the table. */
export async function run(args: string[]): Promise<void> {
  const options = parsePassOptions(args, "lpc10");
  const codec = findCodec("lpc10");
  const pcm = await speechInput(options.seconds, BLOCK);
  const harness = await buildNative("lpc10_spandsp", ["spandsp"]);
  const input = await Deno.makeTempFile({ suffix: ".pcm" });
  try {
    await Deno.writeFile(input, new Uint8Array(pcm.buffer));
    for (let i = 0; i < 2; i++) await wasmPass(codec, pcm, BLOCK); // let V8 tier up first
    const wasm: Passes = { encodeSeconds: [], decodeSeconds: [] };
    const native: Passes = { encodeSeconds: [], decodeSeconds: [] };
    const rounds = 3, perRound = Math.ceil(options.repeats / rounds);
    for (let round = 0; round < rounds; round++) {
      for (let r = 0; r < perRound; r++) {
        const pass = await wasmPass(codec, pcm, BLOCK);
        wasm.encodeSeconds.push(pass.encode);
        wasm.decodeSeconds.push(pass.decode);
      }
      const n = await runNative<Passes>(harness, [input, String(perRound)]);
      native.encodeSeconds.push(...n.encodeSeconds);
      native.decodeSeconds.push(...n.decodeSeconds);
    }
    const rows = (["encode", "decode"] as const).map((what) => {
      const key = `${what}Seconds` as const;
      const wasmRate = pcm.length / Math.min(...wasm[key]);
      const nativeRate = pcm.length / Math.min(...native[key]);
      return [
        what,
        wasmRate,
        wasmRate / SAMPLE_RATE,
        nativeRate,
        nativeRate / SAMPLE_RATE,
        wasmRate / nativeRate,
        median(native[key]) / median(wasm[key]),
      ];
    });
    console.log(
      `LPC-10: ${pcm.length / SAMPLE_RATE} s of speech_a per pass, 9 s blocks (WASM), best of ` +
        `${
          rounds * perRound
        } passes each, alternating; measured on a shared machine: read the ratios`,
    );
    printTable(
      [
        "direction",
        "WASM samples/s",
        "WASM x RT",
        "spandsp samples/s",
        "spandsp x RT",
        "WASM/native",
        "median ratio",
      ],
      rows,
    );
  } finally {
    await Deno.remove(input);
  }
}
