/**
 * G.711 cases: the STL sweep of all 65536 inputs (`g711/itu-stl/`) and the STL
 * outputs for every generated input (`g711/generated/`).
 * @module
 */
import { findCodec } from "../runtime/codecs/registry.ts";
import type { Suite, VectorCase } from "./suite.ts";
import { toWords, type VectorDir } from "../harness/vectors.ts";
import { pcmToBytes } from "../runtime/audio/wav.ts";

const LAWS = [
  { codec: "pcmu", stl: "u", generated: "mulaw" },
  { codec: "pcma", stl: "a", generated: "alaw" },
] as const;

async function encodeWords(codec: string, pcm: Int16Array): Promise<Uint8Array> {
  const enc = await findCodec(codec).createEncoder();
  try {
    return toWords(enc.encode(pcm));
  } finally {
    enc.close();
  }
}

async function decodeWords(codec: string, words: Uint16Array): Promise<Uint8Array> {
  const dec = await findCodec(codec).createDecoder();
  try {
    return pcmToBytes(dec.decode(Uint8Array.from(words)));
  } finally {
    dec.close();
  }
}

async function roundTrip(codec: string, pcm: Int16Array): Promise<Uint8Array> {
  const enc = await findCodec(codec).createEncoder();
  const dec = await findCodec(codec).createDecoder();
  try {
    return pcmToBytes(dec.decode(enc.encode(pcm)));
  } finally {
    enc.close();
    dec.close();
  }
}

function stlCases(v: VectorDir): VectorCase[] {
  const dir = "g711/itu-stl";
  return LAWS.flatMap(({ codec, stl }) => [
    {
      codec,
      expected: `${dir}/sweep-r.${stl}`,
      produce: async () => encodeWords(codec, await v.pcm(`${dir}/sweep.src`)),
    },
    {
      codec,
      expected: `${dir}/sweep-r.re${stl}`,
      produce: async () => decodeWords(codec, await v.words(`${dir}/sweep-r.${stl}`)),
    },
    {
      codec,
      expected: `${dir}/sweep-r.${stl}-${stl}`,
      produce: async () => roundTrip(codec, await v.pcm(`${dir}/sweep.src`)),
    },
  ]);
}

async function generatedCases(v: VectorDir): Promise<VectorCase[]> {
  const dir = "g711/generated";
  const files = await v.list(dir);
  const cases: VectorCase[] = [];
  for (const { codec, generated } of LAWS) {
    for (const file of files.filter((f) => f.endsWith(`.${generated}.w16`))) {
      const input = file.slice(0, -`.${generated}.w16`.length);
      cases.push({
        codec,
        expected: `${dir}/${file}`,
        produce: async () => encodeWords(codec, await v.pcm(`inputs/${input}.pcm`)),
      });
    }
    for (const file of files.filter((f) => f.endsWith(`.${generated}.dec.pcm`))) {
      const codes = file.replace(".dec.pcm", ".w16");
      cases.push({
        codec,
        expected: `${dir}/${file}`,
        produce: async () => decodeWords(codec, await v.words(`${dir}/${codes}`)),
      });
    }
  }
  return cases;
}

/** The G.711 suite. */
export const g711Suite: Suite = {
  family: "g711",
  codecs: ["pcmu", "pcma"],
  cases: async (v) => [...stlCases(v), ...await generatedCases(v)],
};
