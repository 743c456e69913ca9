/**
 * `deno task bench g711 [--seconds N] [--repeats N]`: G.711 encode and decode throughput
 * of the WASM codec (through the runtime's Encoder/Decoder API, as an embedder calls it),
 * (the zero-allocation `encodeInto`/`decodeInto` the phone uses per packet),
 * spandsp's native G.711 (C harness) and the pure-JS npm package alawmulaw, in one run,
 * at two block sizes: one 20 ms packet (160 samples) and one second (8000 samples).
 * Times are the best of N passes over the same synthetic signal.
 * @module
 */
import { parsePassOptions } from "./codec_passes.ts";
import alawmulaw from "alawmulaw";
import { findCodec } from "../runtime/codecs/registry.ts";
import { buildNative, runNative } from "./native.ts";
import { printTable } from "./report.ts";
import { pcmToBytes } from "../runtime/audio/wav.ts";

const { alaw, mulaw } = alawmulaw;
const RATE = 8000;
const BLOCKS = [160, 8000];

interface Timing {
  encode: number;
  decode: number;
}
type NativeResult = { samples: number; pcmu: Timing; pcma: Timing };

/** A speech-like test signal: two drifting partials under an envelope, plus noise. */
export function testSignal(samples: number): Int16Array {
  const out = new Int16Array(samples);
  let seed = 12345;
  for (let n = 0; n < samples; n++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const t = n / RATE;
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
    const voice = Math.sin(2 * Math.PI * (180 + 40 * Math.sin(t)) * t) +
      0.5 * Math.sin(2 * Math.PI * 900 * t);
    out[n] = Math.round(9000 * envelope * voice + ((seed >>> 16) - 32768) / 16);
  }
  return out;
}

function best(repeats: number, pass: () => void): number {
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    pass();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest * 1e6; // ns
}

function inBlocks<T>(length: number, block: number, f: (start: number, end: number) => T) {
  for (let i = 0; i < length; i += block) f(i, Math.min(length, i + block));
}

async function timeWasm(name: string, pcm: Int16Array, block: number, repeats: number) {
  const enc = await findCodec(name).createEncoder();
  const dec = await findCodec(name).createDecoder();
  const codes = enc.encode(pcm);
  const out8 = new Uint8Array(block), out16 = new Int16Array(block);
  const encode = best(
    repeats,
    () => inBlocks(pcm.length, block, (a, b) => enc.encodeInto(pcm.subarray(a, b), out8)),
  );
  const decode = best(
    repeats,
    () => inBlocks(codes.length, block, (a, b) => dec.decodeInto(codes.subarray(a, b), out16)),
  );
  enc.close();
  dec.close();
  return { encode, decode };
}

function timeJs(law: typeof alaw, pcm: Int16Array, block: number, repeats: number): Timing {
  const codes = law.encode(pcm);
  return {
    encode: best(
      repeats,
      () => inBlocks(pcm.length, block, (a, b) => law.encode(pcm.subarray(a, b))),
    ),
    decode: best(
      repeats,
      () => inBlocks(codes.length, block, (a, b) => law.decode(codes.subarray(a, b))),
    ),
  };
}

export async function run(args: string[]): Promise<void> {
  const { seconds, repeats } = parsePassOptions(args, "g711");
  const pcm = testSignal(seconds * RATE);
  const input = await Deno.makeTempFile({ suffix: ".s16le" });
  await Deno.writeFile(input, pcmToBytes(pcm));
  const harness = await buildNative("g711_spandsp", ["spandsp"]);
  console.log(
    `G.711, ${seconds} s of 8 kHz signal, best of ${repeats} passes; x-RT = times real time`,
  );
  const rows: (string | number)[][] = [];
  for (const block of BLOCKS) {
    const native = await runNative<NativeResult>(harness, [input, String(block), String(repeats)]);
    for (const [codec, js] of [["pcmu", mulaw], ["pcma", alaw]] as const) {
      const wasm = await timeWasm(codec, pcm, block, repeats);
      const jsTime = timeJs(js, pcm, block, repeats);
      for (const dir of ["encode", "decode"] as const) {
        const xrt = (ns: number) => (pcm.length / RATE) / (ns / 1e9);
        rows.push([
          `${codec} ${dir} /${block}`,
          xrt(wasm[dir]),
          xrt(native[codec][dir]),
          xrt(jsTime[dir]),
          native[codec][dir] / wasm[dir],
          jsTime[dir] / wasm[dir],
        ]);
      }
    }
  }
  await Deno.remove(input);
  printTable(
    ["codec dir /block", "wasm x-RT", "spandsp x-RT", "alawmulaw x-RT", "wasm/spandsp", "wasm/js"],
    rows,
  );
  console.log("ratios > 1.0 mean the WASM codec is faster");
}
