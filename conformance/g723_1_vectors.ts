/**
 * G.723.1 cases: every output file in `g723_1/generated/`, made by the ITU-T fixed-point
 * reference (Release 2, with Annex A) as MANIFEST.md describes. Bitstreams (`.bit`) are
 * encodings of `inputs/<name>.pcm` with the options of their tag (`r63`, `r53`, `v` = VAD,
 * `-nohp` = no high-pass filter, `rsw` = the rate of each frame from `<name>.rsw.rate`);
 * `.dec.pcm` decodes the matching `.bit` with the postfilter, `.dec-nopf.pcm` without,
 * `.dec-fer.pcm` with the frames `<name>.r63.fer` flags erased (concealed, content ignored).
 * The `.fer` and `.rate` files are inputs of those cases. Any other file is a failing case.
 * @module
 */
import {
  G723_FRAME_SAMPLES,
  g723Codec,
  G723Encoder,
  type G723Options,
  type G723Rate,
  splitG723Frames,
} from "../runtime/codecs/g723_1.ts";
import type { Suite, VectorCase } from "./suite.ts";
import { type VectorDir } from "../harness/vectors.ts";
import { pcmToBytes } from "../runtime/audio/wav.ts";

const DIR = "g723_1/generated";
const TAGS: Record<string, G723Options> = {
  r63: { rate: 6300 },
  r53: { rate: 5300 },
  r63v: { rate: 6300, vad: true },
  r53v: { rate: 5300, vad: true },
  "r53-nohp": { rate: 5300, highPass: false },
  rsw: { rate: 6300 },
};
const INPUT_FILE = /\.(fer|rate)$/;
const OUTPUT_FILE = /^(.+)\.([^.]+)\.(bit|dec\.pcm|dec-nopf\.pcm|dec-fer\.pcm)$/;

/** Encodes `pcm`; with `rates` (one octet per frame, 0 = 6.3, 1 = 5.3) set before each frame. */
async function encode(pcm: Int16Array, options: G723Options, rates?: Uint8Array) {
  const enc = await G723Encoder.create(options);
  try {
    if (!rates) return enc.encode(pcm);
    const parts: Uint8Array[] = [];
    for (let f = 0; f * G723_FRAME_SAMPLES < pcm.length; f++) {
      if (f >= rates.length) throw new Error(`rate file has no entry for frame ${f}`);
      enc.setRate((rates[f] ? 5300 : 6300) as G723Rate);
      parts.push(enc.encode(pcm.subarray(f * G723_FRAME_SAMPLES, (f + 1) * G723_FRAME_SAMPLES)));
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  } finally {
    enc.close();
  }
}

/** Decodes a bitstream; frames flagged in `erased` (one s16le word each) are concealed. */
async function decode(bits: Uint8Array, postFilter: boolean, erased?: Uint8Array) {
  const dec = await g723Codec({ postFilter }).createDecoder();
  try {
    if (!erased) return pcmToBytes(dec.decode(bits));
    const frames = splitG723Frames(bits);
    const out = new Int16Array(frames.length * G723_FRAME_SAMPLES);
    frames.forEach((frame, f) => {
      if (2 * f + 1 >= erased.length) throw new Error(`erasure file has no entry for frame ${f}`);
      const flag = erased[2 * f] | (erased[2 * f + 1] << 8);
      out.set(flag ? dec.conceal(G723_FRAME_SAMPLES) : dec.decode(frame), f * G723_FRAME_SAMPLES);
    });
    return pcmToBytes(out);
  } finally {
    dec.close();
  }
}

function caseFor(v: VectorDir, file: string): VectorCase {
  const expected = `${DIR}/${file}`;
  const match = file.match(OUTPUT_FILE);
  const options = match ? TAGS[match[2]] : undefined;
  if (!match || !options) {
    return {
      codec: "g723",
      expected,
      produce: () => Promise.reject(new Error(`no G.723.1 rule for ${file} (see MANIFEST.md)`)),
    };
  }
  const [, name, tag, kind] = match;
  const codec = options.rate === 5300 ? "g723-53" : "g723";
  const bits = `${DIR}/${name}.${tag}.bit`;
  if (kind === "bit") {
    return {
      codec,
      expected,
      produce: async () =>
        encode(
          await v.pcm(`inputs/${name}.pcm`),
          options,
          tag === "rsw" ? await v.read(`${DIR}/${name}.rsw.rate`) : undefined,
        ),
    };
  }
  if (kind === "dec-fer.pcm") {
    return {
      codec,
      expected,
      produce: async () =>
        decode(await v.read(bits), true, await v.read(`${DIR}/${name}.${tag}.fer`)),
    };
  }
  return {
    codec,
    expected,
    produce: async () => decode(await v.read(bits), kind === "dec.pcm"),
  };
}

/** The G.723.1 suite. */
export const g723Suite: Suite = {
  family: "g723_1",
  codecs: ["g723", "g723-53"],
  cases: async (v) =>
    (await v.list(DIR)).filter((f) => !INPUT_FILE.test(f)).map((f) => caseFor(v, f)),
};
