/**
 * Call-progress analysis on an analog line: what a gateway hears after it dials (ring-back,
 * busy, congestion/reorder, dial tone, or a person answering) from the audio alone, as analog
 * lines give no answer signal. Each 10 ms block is measured with Goertzel filters at the
 * country's tone frequencies (`tone_plans.ts`); a block is "tone" when those frequencies hold
 * most of its energy, "voice" when it is loud but not tonal, "silence" otherwise. Tone bursts
 * are timed and matched against the plan's cadences (±25 %).
 *
 * Verdicts: `busy` or `congestion` after two bursts of their cadence, `ringback` after one
 * burst of its length, `dial` after 2.6 s of steady tone, `voice` after 300 ms of speech out of
 * 400 (an answer, or speech on a connected line). Where a plan's busy and congestion bursts
 * are alike (Japan) either may be reported: both mean the call did not connect. The UK's
 * double-burst cadences are not handled yet (refused).
 *
 * @example
 * ```ts
 * import { CallProgressDetector } from "./call_progress.ts";
 * const detector = new CallProgressDetector("us");
 * const verdict = detector.process(new Int16Array(160)); // per frame of any length
 * if (verdict) console.log(verdict); // "busy", "ringback", "voice", ...
 * ```
 * @module
 */

import { type ToneKind, tonePlan } from "./tone_plans.ts";

/** What was recognised. */
export type CallProgress = "dial" | "ringback" | "busy" | "congestion" | "voice";

const BLOCK = 80; // 10 ms at 8 kHz
const MIN_LEVEL = 200 * 200 * BLOCK; // energy of a block below about -44 dBov: silence
const TONE_SHARE = 0.6; // the plan's frequencies hold this much of the block's energy

interface Cadence {
  readonly kind: ToneKind;
  readonly onMs: number;
  readonly offMs: number;
}

/** Recognises call-progress tones and speech in a stream of 8 kHz samples. */
export class CallProgressDetector {
  readonly #coefficients: number[];
  readonly #cadences: Cadence[];
  readonly #block = new Float64Array(BLOCK);
  #fill = 0;
  #toneRun = 0; // blocks of tone in the current burst
  #bursts: { kind: ToneKind; count: number } | null = null;
  #recent: ("tone" | "voice" | "silence")[] = [];
  #reported: CallProgress | null = null;

  /** For `country`'s tone plan (`us`, `jp`, `cept`); throws for others. */
  constructor(country: string) {
    if (country.toLowerCase() === "uk") {
      // Its ring-back and congestion are double bursts this single-burst matcher confuses.
      throw new RangeError(
        "call-progress analysis of the UK's double-burst cadences is not done yet",
      );
    }
    const kinds: ToneKind[] = ["dial", "ringback", "busy", "congestion"];
    const frequencies = new Set<number>();
    this.#cadences = [];
    for (const kind of kinds) {
      const plan = tonePlan(country, kind);
      for (const seg of plan) for (const t of seg.tones) frequencies.add(t.hz);
      const onMs = plan.find((s) => s.tones.length > 0)?.ms ?? 0;
      const offMs = plan.find((s) => s.tones.length === 0)?.ms ?? 0;
      this.#cadences.push({ kind, onMs, offMs });
    }
    this.#coefficients = [...frequencies].map((hz) => 2 * Math.cos((2 * Math.PI * hz) / 8000));
  }

  /** The last verdict, or `null` before any. */
  get current(): CallProgress | null {
    return this.#reported;
  }

  /** Starts over (e.g. after dialling). */
  reset(): void {
    this.#fill = 0;
    this.#toneRun = 0;
    this.#bursts = null;
    this.#recent = [];
    this.#reported = null;
  }

  /** Feeds samples; returns a verdict when it changes, else `null`. */
  process(pcm: Int16Array): CallProgress | null {
    let changed: CallProgress | null = null;
    for (let i = 0; i < pcm.length; i++) {
      this.#block[this.#fill++] = pcm[i];
      if (this.#fill === BLOCK) {
        this.#fill = 0;
        const verdict = this.#classify(this.#measure());
        if (verdict && verdict !== this.#reported) {
          this.#reported = verdict;
          changed = verdict;
        }
      }
    }
    return changed;
  }

  #measure(): "tone" | "voice" | "silence" {
    let energy = 0;
    for (let i = 0; i < BLOCK; i++) energy += this.#block[i] * this.#block[i];
    if (energy < MIN_LEVEL) return "silence";
    let toneEnergy = 0;
    for (const coefficient of this.#coefficients) {
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < BLOCK; i++) {
        const s0 = this.#block[i] + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      // |X(f)|^2 scaled to the block's energy: a pure sine gives its whole energy.
      toneEnergy += (2 * (s1 * s1 + s2 * s2 - coefficient * s1 * s2)) / BLOCK;
    }
    return toneEnergy >= TONE_SHARE * energy ? "tone" : "voice";
  }

  #classify(kind: "tone" | "voice" | "silence"): CallProgress | null {
    this.#recent.push(kind);
    if (this.#recent.length > 40) this.#recent.shift();
    const voiced = this.#recent.filter((k) => k === "voice").length;
    if (voiced >= 30) return "voice";
    if (kind === "tone") {
      this.#toneRun++;
      // Longer than any ring-back burst: a steady tone.
      return this.#toneRun * 10 >= 2600 ? "dial" : null;
    }
    if (this.#toneRun > 0) {
      const onMs = this.#toneRun * 10;
      this.#toneRun = 0;
      const kindOfBurst = this.#burstKind(onMs);
      if (!kindOfBurst) {
        this.#bursts = null;
        return null;
      }
      this.#bursts = this.#bursts?.kind === kindOfBurst
        ? { kind: kindOfBurst, count: this.#bursts.count + 1 }
        : { kind: kindOfBurst, count: 1 };
      if (kindOfBurst === "ringback") return "ringback";
      if (this.#bursts.count >= 2) return kindOfBurst as CallProgress;
    }
    return null;
  }

  #burstKind(onMs: number): ToneKind | null {
    // Busy and congestion first: their bursts are the short ones.
    for (const kind of ["congestion", "busy", "ringback"] as const) {
      if (this.#cadenceNear(onMs, kind)) return kind;
    }
    return null;
  }

  #cadenceNear(onMs: number, kind: ToneKind): boolean {
    const c = this.#cadences.find((x) => x.kind === kind);
    if (!c || c.onMs === 0) return false;
    return onMs >= c.onMs * 0.75 - 20 && onMs <= c.onMs * 1.25 + 20;
  }
}
