/**
 * `deno task bench g723 [--seconds N] [--repeats N]`: encode and decode throughput of the
 * WASM G.723.1 codec (registry entry `g723` at 6.3 kbit/s and the 5.3 kbit/s mode, through
 * the runtime's Encoder/Decoder API, 250-frame blocks) beside FFmpeg's native libavcodec
 * `g723_1` (gcc -O2 -march=native, `bench/native/g723_ffmpeg.c`) on the same input:
 * speech_a from the conformance vectors, repeated. libavcodec encodes 6.3 kbit/s only, so
 * 5.3 kbit/s is compared on decoding (both decode the WASM encoder's stream). Each pass
 * starts from fresh states; the ratio uses the best pass of each side (least disturbed by
 * other processes), the last column the medians. Needs gcc and libavcodec-dev.
 * @module
 */
import { g723, g723_53 } from "../runtime/codecs/g723_1.ts";
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
const FRAME = 240;
const BLOCK_FRAMES = 250;

/** What the native harness prints. */
interface NativePasses {
  encodeSeconds: number[];
  decodeSeconds: number[];
  decode53Seconds: number[];
  payloadChecksum: number;
  pcmChecksum: number;
  pcm53Checksum: number;
}

/** Seconds of every timed WASM pass, and checksums of one pass's output. */
interface WasmPasses {
  encodeSeconds: number[];
  decodeSeconds: number[];
  payload: Uint8Array;
  payloadChecksum: number;
  pcmChecksum: number;
}

function parseArgs(args: string[]): PassOptions {
  return parsePassOptions(args, "g723");
}

/** Same checksum as the native harness. */
function checksum(values: ArrayLike<number>, mask: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum = (Math.imul(sum, 31) + (values[i] & mask)) >>> 0;
  return sum;
}

async function wasmPasses(codec: Codec, pcm: Int16Array, passes: number): Promise<WasmPasses> {
  const result: WasmPasses = {
    encodeSeconds: [],
    decodeSeconds: [],
    payload: new Uint8Array(),
    payloadChecksum: 0,
    pcmChecksum: 0,
  };
  for (let r = 0; r < passes; r++) {
    const pass = await wasmPass(codec, pcm, BLOCK_FRAMES * FRAME);
    result.encodeSeconds.push(pass.encode);
    result.decodeSeconds.push(pass.decode);
    if (r === passes - 1) {
      result.payload = concat(pass.payloads, (n) => new Uint8Array(n));
      result.payloadChecksum = checksum(result.payload, 0xff);
      result.pcmChecksum = checksum(concat(pass.decoded, (n) => new Int16Array(n)), 0xffff);
    }
  }
  return result;
}

/** Rows for one direction: samples/s and x real time of each side, best and median ratio. */
function row(label: string, samples: number, wasm: number[], native?: number[]) {
  const wasmRate = samples / Math.min(...wasm);
  if (!native) return [label, wasmRate, wasmRate / SAMPLE_RATE, "-", "-", "-", "-"];
  const nativeRate = samples / Math.min(...native);
  return [
    label,
    wasmRate,
    wasmRate / SAMPLE_RATE,
    nativeRate,
    nativeRate / SAMPLE_RATE,
    wasmRate / nativeRate,
    median(native) / median(wasm),
  ];
}

/** Runs the benchmark and prints the table. */
export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const pcm = await speechInput(options.seconds, BLOCK_FRAMES * FRAME);
  const harness = await buildNative("g723_ffmpeg", ["avcodec", "avutil"]);
  const input = await Deno.makeTempFile({ suffix: ".pcm" });
  const stream53 = await Deno.makeTempFile({ suffix: ".bit" });
  try {
    await Deno.writeFile(input, new Uint8Array(pcm.buffer));
    // Warm up (let V8 tier the module up) and make the 5.3 kbit/s stream both decode.
    await wasmPasses(g723, pcm, 2);
    const first53 = await wasmPasses(g723_53, pcm, 2);
    await Deno.writeFile(stream53, first53.payload);

    // WASM and native passes alternate in rounds so that load from other processes
    // falls on both sides alike.
    const rounds = 3;
    const perRound = Math.ceil(options.repeats / rounds);
    const w63: WasmPasses[] = [];
    const w53: WasmPasses[] = [];
    const nat: NativePasses[] = [];
    for (let round = 0; round < rounds; round++) {
      w63.push(await wasmPasses(g723, pcm, perRound));
      w53.push(await wasmPasses(g723_53, pcm, perRound));
      nat.push(await runNative<NativePasses>(harness, [input, String(perRound), stream53]));
    }
    const all = <T>(list: T[], pick: (x: T) => number[]) => list.flatMap(pick);
    const n = pcm.length;
    const rows = [
      row("6.3 encode", n, all(w63, (x) => x.encodeSeconds), all(nat, (x) => x.encodeSeconds)),
      row("6.3 decode", n, all(w63, (x) => x.decodeSeconds), all(nat, (x) => x.decodeSeconds)),
      row("5.3 encode", n, all(w53, (x) => x.encodeSeconds)),
      row("5.3 decode", n, all(w53, (x) => x.decodeSeconds), all(nat, (x) => x.decode53Seconds)),
    ];
    console.log(
      `G.723.1: ${n / SAMPLE_RATE} s of speech_a per pass, ${BLOCK_FRAMES}-frame blocks (WASM), ` +
        `best of ${rounds * perRound} passes each, WASM and native alternating`,
    );
    printTable(
      [
        "rate / direction",
        "WASM samples/s",
        "WASM x RT",
        "libavcodec samples/s",
        "libavcodec x RT",
        "WASM/native",
        "median ratio",
      ],
      rows,
    );
    const last63 = w63[w63.length - 1];
    const lastNative = nat[nat.length - 1];
    const last53 = w53[w53.length - 1];
    const same = (a: number, b: number) => a === b ? "identical" : "DIFFERENT";
    console.log(
      `outputs: 6.3 kbit/s payload ${same(last63.payloadChecksum, lastNative.payloadChecksum)} ` +
        `(libavcodec's encoder is a port that can drift from the ITU one), its decoding ` +
        `${same(last63.pcmChecksum, lastNative.pcmChecksum)}; 5.3 kbit/s decoding ` +
        same(last53.pcmChecksum, lastNative.pcm53Checksum),
    );
  } finally {
    await Deno.remove(input);
    await Deno.remove(stream53);
  }
}
