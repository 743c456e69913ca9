/**
 * DTMF (ITU-T Q.23) digit generation: 0-9, *, #, A-D as tone pairs with configurable
 * duration, pause, level and twist, played by the tones module.
 *
 * @example
 * ```ts
 * import { DtmfGenerator } from "./dtmf_generator.ts";
 * const gen = await DtmfGenerator.create();
 * const pcm = gen.generate("5734#", { durationMs: 80, pauseMs: 80 });
 * ```
 * @module
 */
import { ToneGenerator } from "./tone_generator.ts";
import type { ToneSegment } from "./tone_plans.ts";

/** Low (row) and high (column) group frequencies, Q.23. */
export const DTMF_LOW = [697, 770, 852, 941] as const;
export const DTMF_HIGH = [1209, 1336, 1477, 1633] as const;
const KEYPAD = ["123A", "456B", "789C", "*0#D"];

/** The two frequencies of a key; throws a `RangeError` for anything not on the keypad. */
export function dtmfFrequencies(digit: string): [number, number] {
  const key = digit.toUpperCase();
  for (let row = 0; row < 4; row++) {
    const col = KEYPAD[row].indexOf(key);
    if (key.length === 1 && col >= 0) return [DTMF_LOW[row], DTMF_HIGH[col]];
  }
  throw new RangeError(`"${digit}" is not a DTMF key (0-9, *, #, A-D)`);
}

/** How digits sound. Levels are per tone; twist is high group minus low group (dB). */
export interface DtmfOptions {
  /** Tone duration, default 100 ms. */
  durationMs?: number;
  /** Silence after each digit, default 100 ms. */
  pauseMs?: number;
  /** Low-group level, default -8 dBm0. */
  levelDbm0?: number;
  /** High group relative to low group, default +2 dB (as telephones send). */
  twistDb?: number;
  /**
   * Frequency error for testing receivers: each frequency is multiplied by (1 + deviation);
   * a pair gives the low and the high group their own. Default 0.
   */
  deviation?: number | [number, number];
}

/** Turns digit strings into PCM. */
export class DtmfGenerator {
  private constructor(private readonly tones: ToneGenerator, readonly sampleRate: number) {}

  /** A generator at the given sample rate (default 8000). */
  static async create(sampleRate = 8000): Promise<DtmfGenerator> {
    const tones = await ToneGenerator.create(
      { segments: [{ ms: 1, tones: [] }], loop: false },
      sampleRate,
    );
    return new DtmfGenerator(tones, sampleRate);
  }

  /** The segments for `digits` (tone, pause, tone, pause ...). */
  static segments(digits: string, o: DtmfOptions = {}): ToneSegment[] {
    const durationMs = o.durationMs ?? 100, pauseMs = o.pauseMs ?? 100;
    const low = o.levelDbm0 ?? -8, twist = o.twistDb ?? 2;
    const [devLow, devHigh] = typeof o.deviation === "number"
      ? [o.deviation, o.deviation]
      : o.deviation ?? [0, 0];
    if (!(durationMs > 0) || !(pauseMs >= 0)) {
      throw new RangeError(
        `DTMF: duration ${durationMs} ms must be > 0 and pause ${pauseMs} ms >= 0`,
      );
    }
    return [...digits].flatMap((d) => {
      const [fl, fh] = dtmfFrequencies(d);
      const tone: ToneSegment = {
        ms: durationMs,
        tones: [{ hz: fl * (1 + devLow), dbm0: low }, {
          hz: fh * (1 + devHigh),
          dbm0: low + twist,
        }],
      };
      return pauseMs > 0 ? [tone, { ms: pauseMs, tones: [] }] : [tone];
    });
  }

  /**
   * PCM for `digits`: each digit's tone then its pause. At most 16 digits per call (the
   * tone player holds 32 segments); longer strings are generated in pieces.
   */
  generate(digits: string, options: DtmfOptions = {}): Int16Array {
    const chunks: Int16Array[] = [];
    for (let i = 0; i < digits.length; i += 16) {
      const segments = DtmfGenerator.segments(digits.slice(i, i + 16), options);
      const samples = segments.reduce((n, s) => n + Math.round((s.ms * this.sampleRate) / 1000), 0);
      this.tones.load({ segments, loop: false });
      chunks.push(this.tones.render(samples));
    }
    const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) out.set(c, (at += c.length) - c.length);
    return out;
  }

  /** Frees the state. */
  close(): void {
    this.tones.close();
  }
}
