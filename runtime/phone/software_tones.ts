/**
 * The phone's tones made in software (WebAssembly): a country's ring-back and busy
 * cadences, and in-band DTMF digits, for lines that cannot make tones themselves.
 *
 * @example
 * ```ts
 * import { softwareTones } from "./software_tones.ts";
 * const tones = await softwareTones("jp");
 * const ringback = tones.callProgress("ringback").next(160); // 20 ms of Japanese ring-back
 * tones.close();
 * ```
 * @module
 */
import { DtmfGenerator } from "../dsp/dtmf_generator.ts";
import { ToneGenerator } from "../dsp/tone_generator.ts";
import { TONE_PLANS } from "../dsp/tone_plans.ts";
import type { Tones, ToneSource } from "./tones.ts";

/** Countries whose call-progress tones are known. */
export const TONE_COUNTRIES: readonly string[] = Object.keys(TONE_PLANS);

/** A finite tone: samples served a block at a time, then silence. */
function finite(pcm: Int16Array): ToneSource {
  let at = 0;
  return {
    next(samples: number) {
      const out = new Int16Array(samples);
      out.set(pcm.subarray(at, at + samples));
      at += samples;
      return out;
    },
    get finished() {
      return at >= pcm.length;
    },
  };
}

/** Tones of `country` (see {@link TONE_COUNTRIES}); throws a RangeError for others. */
export async function softwareTones(country = "us"): Promise<Tones & { close(): void }> {
  if (!TONE_COUNTRIES.includes(country)) {
    throw new RangeError(`no tones for "${country}"; known: ${TONE_COUNTRIES.join(", ")}`);
  }
  const generators = {
    ringback: await ToneGenerator.create({ country, kind: "ringback" }),
    busy: await ToneGenerator.create({ country, kind: "busy" }),
  };
  const dtmf = await DtmfGenerator.create();
  return {
    callProgress(kind) {
      const generator = generators[kind];
      generator.restart(); // each call hears its cadence from the start
      return { next: (samples) => generator.render(samples), finished: false };
    },
    dtmf: (digit) => finite(dtmf.generate(digit)),
    close() {
      generators.ringback.close();
      generators.busy.close();
      dtmf.close();
    },
  };
}
