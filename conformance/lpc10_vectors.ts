/**
 * LPC-10e cases (`lpc10/generated/`): encoder bitstreams from `inputs/<case>.pcm`,
 * decoded float32 (`.dec.f32`, the reference's raw output) and decoded s16
 * (`.dec.pcm`, SoX's conversion), all from the lpc10 1.5 library as SoX bundles it.
 * @module
 */
import { decodeLpc10Float, lpc10 } from "../runtime/codecs/lpc10.ts";
import type { Suite, VectorCase } from "./suite.ts";
import { type VectorDir } from "../harness/vectors.ts";
import { pcmToBytes } from "../runtime/audio/wav.ts";

const DIR = "lpc10/generated";

async function encodeBits(pcm: Int16Array): Promise<Uint8Array> {
  const enc = await lpc10.createEncoder();
  try {
    return enc.encode(pcm);
  } finally {
    enc.close();
  }
}

async function decodePcm(bits: Uint8Array): Promise<Uint8Array> {
  const dec = await lpc10.createDecoder();
  try {
    return pcmToBytes(dec.decode(bits));
  } finally {
    dec.close();
  }
}

async function decodeFloat(bits: Uint8Array): Promise<Uint8Array> {
  const samples = await decodeLpc10Float(bits);
  const out = new Uint8Array(samples.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setFloat32(4 * i, samples[i], true);
  return out;
}

async function cases(v: VectorDir): Promise<VectorCase[]> {
  const files = await v.list(DIR);
  const list: VectorCase[] = [];
  for (const file of files) {
    const expected = `${DIR}/${file}`;
    if (file.endsWith(".lpc10")) {
      const input = `inputs/${file.slice(0, -".lpc10".length)}.pcm`;
      list.push({ codec: "lpc10", expected, produce: async () => encodeBits(await v.pcm(input)) });
    } else if (file.endsWith(".lpc10.dec.f32")) {
      const bits = `${DIR}/${file.slice(0, -".dec.f32".length)}`;
      list.push({ codec: "lpc10", expected, produce: async () => decodeFloat(await v.read(bits)) });
    } else if (file.endsWith(".lpc10.dec.pcm")) {
      const bits = `${DIR}/${file.slice(0, -".dec.pcm".length)}`;
      list.push({ codec: "lpc10", expected, produce: async () => decodePcm(await v.read(bits)) });
    }
  }
  return list;
}

/** The LPC-10e suite. */
export const lpc10Suite: Suite = { family: "lpc10", codecs: ["lpc10"], cases };
