/**
 * `deno task bench dvi4 [--seconds N] [--repeats N]`: DVI4 (IMA ADPCM) encode and decode
 * throughput of the WASM codec (the zero-allocation `encodeInto`/`decodeInto` the phone
 * uses per packet) beside spandsp's native DVI4 (C harness), in one run, at 20 ms packets
 * (160 samples) and 1 s packets (8000 samples), each packet one DVI4 block with its header.
 * Times are the best of N passes over the same synthetic signal.
 * @module
 */
import { parsePassOptions } from "./codec_passes.ts";
import { findCodec } from "../runtime/codecs/registry.ts";
import { buildNative, runNative } from "./native.ts";
import { printTable } from "./report.ts";
import { pcmToBytes } from "../runtime/audio/wav.ts";
import { testSignal } from "./g711.ts";

const RATE = 8000;
const BLOCKS = [160, 8000];

type NativeResult = { samples: number; encode: number; decode: number };

function best(repeats: number, pass: () => void): number {
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    pass();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest * 1e6; // ns
}

async function timeWasm(pcm: Int16Array, block: number, repeats: number) {
  const enc = await findCodec("dvi4").createEncoder();
  const dec = await findCodec("dvi4").createDecoder();
  const size = 4 + block / 2;
  const packets = pcm.length / block;
  const codes = new Uint8Array(packets * size);
  for (let p = 0; p < packets; p++) {
    enc.encodeInto(pcm.subarray(p * block, (p + 1) * block), codes.subarray(p * size));
  }
  const out8 = new Uint8Array(size), out16 = new Int16Array(block);
  const encode = best(repeats, () => {
    for (let p = 0; p < packets; p++) {
      enc.encodeInto(pcm.subarray(p * block, (p + 1) * block), out8);
    }
  });
  const decode = best(repeats, () => {
    for (let p = 0; p < packets; p++) {
      dec.decodeInto(codes.subarray(p * size, (p + 1) * size), out16);
    }
  });
  enc.close();
  dec.close();
  return { encode, decode };
}

export async function run(args: string[]): Promise<void> {
  const { seconds, repeats } = parsePassOptions(args, "dvi4");
  const pcm = testSignal(seconds * RATE);
  const input = await Deno.makeTempFile({ suffix: ".s16le" });
  await Deno.writeFile(input, pcmToBytes(pcm));
  const harness = await buildNative("dvi4_spandsp", ["spandsp"]);
  console.log(
    `DVI4, ${seconds} s of 8 kHz signal, best of ${repeats} passes; x-RT = times real time`,
  );
  const rows: (string | number)[][] = [];
  for (const block of BLOCKS) {
    const native = await runNative<NativeResult>(harness, [input, String(block), String(repeats)]);
    const used = pcm.subarray(0, native.samples);
    const wasm = await timeWasm(used, block, repeats);
    for (const dir of ["encode", "decode"] as const) {
      const xrt = (ns: number) => (used.length / RATE) / (ns / 1e9);
      rows.push([
        `dvi4 ${dir} /${block}`,
        xrt(wasm[dir]),
        xrt(native[dir]),
        native[dir] / wasm[dir],
      ]);
    }
  }
  await Deno.remove(input);
  printTable(["codec dir /block", "wasm x-RT", "spandsp x-RT", "wasm/spandsp"], rows);
  console.log("ratios > 1.0 mean the WASM codec is faster");
}
