/**
 * The tones a handset hears from its own phone, made in software for lines that cannot make
 * them (sound cards, or a telephony card set to another country than its built-in tones):
 * the country's dial, ring-back, busy and congestion tones, the special information tone
 * (SIT) for a number that leads nowhere, and a ringer for lines without a bell.
 *
 * @example
 * ```ts
 * import { HandsetTones } from "./handset_tones.ts";
 * const tones = await HandsetTones.create("cept");
 * const dial = tones.source("dial").next(160); // 20 ms of 425 Hz
 * tones.close();
 * ```
 * @module
 */
import { ToneGenerator } from "../dsp/tone_generator.ts";
import type { ToneSegment } from "../dsp/tone_plans.ts";
import type { ToneSource } from "../phone/tones.ts";
import type { HandsetTone } from "./handset.ts";

/**
 * The special information tone: 950, 1400 and 1800 Hz for 330 ms each, then a second of
 * silence (ITU-T Q.35 / E.180 §7), repeated: "the number cannot be reached as dialed".
 */
export const SIT_SEGMENTS: ToneSegment[] = [
  { ms: 330, tones: [{ hz: 950, dbm0: -20 }] },
  { ms: 330, tones: [{ hz: 1400, dbm0: -20 }] },
  { ms: 330, tones: [{ hz: 1800, dbm0: -20 }] },
  { ms: 1000, tones: [] },
];

/** What a ringer plays on a line without a bell: the country's ringing cadence, louder. */
export type LocalTone = HandsetTone | "ringer";

/** A country's handset tones, ready to play. */
export class HandsetTones {
  private constructor(
    readonly country: string,
    readonly generators: ReadonlyMap<LocalTone, ToneGenerator>,
  ) {}

  /** Tones of `country` (a key of the tone plans); throws a RangeError for others. */
  static async create(country: string): Promise<HandsetTones> {
    const generators = new Map<LocalTone, ToneGenerator>();
    try {
      for (const kind of ["dial", "ringback", "busy", "congestion"] as const) {
        generators.set(kind, await ToneGenerator.create({ country, kind }));
      }
      generators.set("intercept", await ToneGenerator.create({ segments: SIT_SEGMENTS }));
      generators.set("ringer", await ToneGenerator.create({ country, kind: "ringback" }));
    } catch (e) {
      for (const g of generators.values()) g.close();
      throw e;
    }
    return new HandsetTones(country.toLowerCase(), generators);
  }

  /** `tone` from its start, a block at a time. */
  source(tone: LocalTone): ToneSource {
    const generator = this.generators.get(tone);
    if (!generator) throw new RangeError(`no "${tone}" tone`);
    generator.restart();
    return { next: (samples) => generator.render(samples), finished: false };
  }

  /** Frees the generators. */
  close(): void {
    for (const g of this.generators.values()) g.close();
  }
}

/**
 * A telephony card's ring cadence (`PHONE_RING_CADENCE`): 16 bits, one per half second,
 * read from the top bit down and repeated. Whole cycles of the country's ringing cadence
 * are fitted into the 8 s, rounded to half seconds; the rest is silence.
 */
export function ringCadenceBits(segments: readonly ToneSegment[]): number {
  const cycle: number[] = [];
  for (const s of segments) {
    const halves = Math.max(1, Math.round(s.ms / 500));
    for (let i = 0; i < halves; i++) cycle.push(s.tones.length ? 1 : 0);
  }
  const bits: number[] = [];
  while (bits.length + cycle.length <= 16) bits.push(...cycle);
  if (bits.length === 0) bits.push(...cycle.slice(0, 16));
  while (bits.length < 16) bits.push(0);
  return bits.reduce((word, bit) => (word << 1) | bit, 0);
}
