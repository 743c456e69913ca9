/**
 * Call-progress tones of several countries: dial, ring-back, busy and congestion, as
 * frequencies, levels and cadences. Data only; {@link ToneGenerator} plays them.
 *
 * Sources (frequencies and cadences):
 * - ITU-T E.180 (03/1998) and its Supplement 2, "Various tones used in national networks".
 * - US: the North American "Precise Tone Plan" (ANSI T1.401, Telcordia GR-506-CORE),
 *   including its levels.
 * - JP: NTT East/West, "Telephone network interfaces" technical reference (dial 400 Hz,
 *   ring-back 400 Hz modulated by 16 Hz 1 s on / 2 s off, busy 400 Hz 0.5 / 0.5 s; NTT uses
 *   the busy tone for congestion), as listed in E.180 Supplement 2.
 * - UK: BT SIN 350 and BS 6305 (dial 350+450 Hz, ring 400+450 Hz 0.4/0.2/0.4/2.0 s, busy
 *   400 Hz 0.375/0.375 s, congestion "equipment engaged" 400 Hz 0.4 on / 0.35 off / 0.225 on
 *   6 dB louder / 0.525 off).
 * - CEPT: the harmonised European tones of CEPT T/CS 20-15, ETSI ETR 187 (1995) and ETSI
 *   TR 101 041 (1997): 425 Hz; ringing 1 s on / 4 s off; busy 0.5/0.5 s; congestion
 *   0.25/0.25 s; about -20 dBm0.
 *
 * Levels other than US and CEPT are not given by the sources above: -16 dBm0 per
 * component is our choice. The depth of the Japanese 16 Hz modulation is not given
 * either: 80 % is our choice.
 *
 * @example
 * ```ts
 * import { tonePlan } from "./tone_plans.ts";
 * const busy = tonePlan("uk", "busy"); // [{ ms: 375, tones: [{ hz: 400, dbm0: -16 }] }, { ms: 375, tones: [] }]
 * ```
 * @module
 */

/** One sine component of a tone. */
export interface ToneComponent {
  hz: number;
  /** Level of this component in dBm0. */
  dbm0: number;
}

/** A stretch of a cadence: the components sounding (none = silence) for `ms` (0 = forever). */
export interface ToneSegment {
  ms: number;
  tones: ToneComponent[];
  /** Amplitude modulation frequency (Hz), e.g. Japan's 16 Hz ring-back. */
  modulationHz?: number;
  /** Modulation depth 0..1. */
  modulationDepth?: number;
}

/** The call-progress tones a phone plays locally. */
export type ToneKind = "dial" | "ringback" | "busy" | "congestion";

/** One country's (or region's) tones. */
export interface CountryTones {
  name: string;
  source: string;
  tones: Record<ToneKind, ToneSegment[]>;
}

const on = (ms: number, hz: number[], dbm0: number): ToneSegment => ({
  ms,
  tones: hz.map((f) => ({ hz: f, dbm0 })),
});
const off = (ms: number): ToneSegment => ({ ms, tones: [] });

/** Country code (lower case) to tones. */
export const TONE_PLANS: Readonly<Record<string, CountryTones>> = {
  us: {
    name: "United States / North America",
    source: "Precise Tone Plan (ANSI T1.401, Telcordia GR-506-CORE); ITU-T E.180 Suppl. 2",
    tones: {
      dial: [on(0, [350, 440], -13)],
      ringback: [on(2000, [440, 480], -19), off(4000)],
      busy: [on(500, [480, 620], -24), off(500)],
      congestion: [on(250, [480, 620], -24), off(250)],
    },
  },
  jp: {
    name: "Japan",
    source: "NTT telephone network interfaces technical reference; ITU-T E.180 Suppl. 2",
    tones: {
      dial: [on(0, [400], -16)],
      ringback: [{ ...on(1000, [400], -16), modulationHz: 16, modulationDepth: 0.8 }, off(2000)],
      busy: [on(500, [400], -16), off(500)],
      congestion: [on(500, [400], -16), off(500)],
    },
  },
  uk: {
    name: "United Kingdom",
    source: "BT SIN 350, BS 6305; ITU-T E.180 Suppl. 2",
    tones: {
      dial: [on(0, [350, 450], -16)],
      ringback: [on(400, [400, 450], -16), off(200), on(400, [400, 450], -16), off(2000)],
      busy: [on(375, [400], -16), off(375)],
      congestion: [on(400, [400], -16), off(350), on(225, [400], -10), off(525)],
    },
  },
  cept: {
    name: "Europe (CEPT / ETSI harmonised)",
    source: "CEPT T/CS 20-15, ETSI ETR 187 (1995), ETSI TR 101 041 (1997)",
    tones: {
      dial: [on(0, [425], -20)],
      ringback: [on(1000, [425], -20), off(4000)],
      busy: [on(500, [425], -20), off(500)],
      congestion: [on(250, [425], -20), off(250)],
    },
  },
};

/** The cadence of `kind` in `country`; throws naming the known countries and kinds. */
export function tonePlan(country: string, kind: ToneKind): ToneSegment[] {
  const plan = TONE_PLANS[country.toLowerCase()];
  if (!plan) {
    throw new RangeError(
      `no tone plan for country "${country}"; known: ${Object.keys(TONE_PLANS).join(", ")}`,
    );
  }
  const segments = plan.tones[kind];
  if (!segments) {
    throw new RangeError(`no "${kind}" tone; known: ${Object.keys(plan.tones).join(", ")}`);
  }
  return segments;
}
