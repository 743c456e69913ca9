/**
 * Call-progress analysis on an analog line: what a gateway hears after it dials (ring-back,
 * busy, congestion/reorder, dial tone, or a person answering) from the audio alone, as analog
 * lines give no answer signal. Each 10 ms block is measured with Goertzel filters at the
 * country's tone frequencies (`tone_plans.ts`); a block is "tone" when one tone's frequencies
 * hold most of its energy, "voice" when it is loud but not tonal, "silence" otherwise. The
 * line's history is kept as alternating tone and gap intervals, and its latest intervals are
 * matched against each tone's whole cadence cycle (±25 %, at any phase), so double bursts such
 * as the UK's ring-back (0.4 on, 0.2 off, 0.4 on, 2 off) and "equipment engaged" (0.4 on,
 * 0.35 off, 0.225 on, 0.525 off) are told from a busy tone of similar bursts.
 *
 * Verdicts: a tone is reported once the latest intervals fit its cadence and no other tone's
 * (`busy` and `congestion` need two bursts, `ringback` one), `dial` after 2.6 s of steady tone,
 * `voice` after 300 ms of speech out of 400 (an answer, or speech on a connected line). Where
 * a plan's busy and congestion are the same tone (Japan) `busy` is reported: both mean the
 * call did not connect.
 *
 * @example
 * ```ts
 * import { CallProgressDetector } from "./call_progress.ts";
 * const detector = new CallProgressDetector("uk");
 * const verdict = detector.process(new Int16Array(160)); // per frame of any length
 * if (verdict) console.log(verdict); // "busy", "ringback", "voice", ...
 * ```
 * @module
 */

import { type ToneKind, tonePlan } from "./tone_plans.ts";

/** What was recognised. */
export type CallProgress = "dial" | "ringback" | "busy" | "congestion" | "voice";

const BLOCK = 80; // 10 ms at 8 kHz
const BLOCK_MS = 10;
const MIN_LEVEL = 200 * 200 * BLOCK; // energy of a block below about -44 dBov: silence
const TONE_SHARE = 0.6; // one tone's frequencies hold this much of the block's energy
const HISTORY = 8; // intervals kept: two cycles of a double-burst cadence

/** A stretch of tone or of gap, in ms. */
interface Interval {
  readonly tone: boolean;
  readonly ms: number;
}

/** A cadenced tone: its cycle as alternating tone and gap intervals. */
interface Cadence {
  readonly kind: "ringback" | "busy" | "congestion";
  readonly cycle: readonly Interval[];
  /** Bursts heard before it is reported (a single burst of busy could be anything). */
  readonly bursts: number;
}

/** Recognises call-progress tones and speech in a stream of 8 kHz samples. */
export class CallProgressDetector {
  /** Goertzel coefficients, one list per distinct tone (its frequencies). */
  readonly #tones: number[][];
  readonly #cadences: Cadence[];
  readonly #block = new Float64Array(BLOCK);
  #fill = 0;
  #run: Interval | null = null; // the interval in progress
  #intervals: Interval[] = []; // completed ones, oldest first
  #recent: ("tone" | "voice" | "silence")[] = [];
  #reported: CallProgress | null = null;

  /** For `country`'s tone plan (`us`, `uk`, `jp`, `cept`); throws for others. */
  constructor(country: string) {
    const kinds: ToneKind[] = ["dial", "ringback", "busy", "congestion"];
    const tones = new Map<string, number[]>();
    this.#cadences = [];
    for (const kind of kinds) {
      const plan = tonePlan(country, kind);
      for (const seg of plan) {
        if (seg.tones.length === 0) continue;
        const hz = seg.tones.map((t) => t.hz).sort((a, b) => a - b);
        tones.set(hz.join("+"), hz.map((f) => 2 * Math.cos((2 * Math.PI * f) / 8000)));
      }
      if (kind !== "dial") {
        this.#cadences.push({ kind, cycle: cycleOf(plan), bursts: kind === "ringback" ? 1 : 2 });
      }
    }
    this.#tones = [...tones.values()];
  }

  /** The last verdict, or `null` before any. */
  get current(): CallProgress | null {
    return this.#reported;
  }

  /** Starts over (e.g. after dialling). */
  reset(): void {
    this.#fill = 0;
    this.#run = null;
    this.#intervals = [];
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
    // The best-fitting tone: summing every frequency of a plan whose tones lie close
    // together (the UK's 350, 400, 450 Hz) would let low voice pass for tone.
    let toneEnergy = 0;
    for (const tone of this.#tones) {
      let sum = 0;
      for (const coefficient of tone) sum += this.#power(coefficient);
      toneEnergy = Math.max(toneEnergy, sum);
    }
    return toneEnergy >= TONE_SHARE * energy ? "tone" : "voice";
  }

  // |X(f)|^2 scaled to the block's energy (Goertzel): a pure sine gives its whole energy.
  #power(coefficient: number): number {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < BLOCK; i++) {
      const s0 = this.#block[i] + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return (2 * (s1 * s1 + s2 * s2 - coefficient * s1 * s2)) / BLOCK;
  }

  #classify(kind: "tone" | "voice" | "silence"): CallProgress | null {
    this.#recent.push(kind);
    if (this.#recent.length > 40) this.#recent.shift();
    const voiced = this.#recent.filter((k) => k === "voice").length;
    if (voiced >= 30) return "voice";
    const tone = kind === "tone";
    if (this.#run && this.#run.tone === tone) {
      this.#run = { tone, ms: this.#run.ms + BLOCK_MS };
      // Longer than any cadence's burst: a steady tone.
      return tone && this.#run.ms >= 2600 ? "dial" : null;
    }
    if (this.#run) {
      this.#intervals.push(this.#run);
      if (this.#intervals.length > HISTORY) this.#intervals.shift();
    }
    this.#run = { tone, ms: BLOCK_MS };
    return this.#cadenceVerdict();
  }

  /**
   * The tone whose cadence the latest intervals fit, when no other's does: the shortest
   * run of latest intervals that tells them apart decides, once it has enough bursts.
   */
  #cadenceVerdict(): CallProgress | null {
    const seen = this.#intervals;
    for (let length = 1; length <= seen.length; length++) {
      const latest = seen.slice(seen.length - length);
      const fitting = this.#cadences.filter((c) => fits(latest, c.cycle));
      if (fitting.length === 0) return null; // longer runs contain this one: none fits
      const kinds = new Set(fitting.map((c) => c.kind));
      // Busy and congestion alike (Japan) both mean "not connected".
      const kind = kinds.size === 1
        ? fitting[0].kind
        : [...kinds].every((k) => k === "busy" || k === "congestion")
        ? "busy"
        : null;
      if (!kind) continue;
      const bursts = latest.filter((i) => i.tone).length;
      if (bursts >= this.#cadences.find((c) => c.kind === kind)!.bursts) return kind;
    }
    return null;
  }
}

/** A plan's cadence as alternating intervals (adjacent tone segments merged). */
function cycleOf(plan: readonly { ms: number; tones: readonly unknown[] }[]): Interval[] {
  const out: Interval[] = [];
  for (const seg of plan) {
    const tone = seg.tones.length > 0;
    const last = out[out.length - 1];
    if (last?.tone === tone) out[out.length - 1] = { tone, ms: last.ms + seg.ms };
    else out.push({ tone, ms: seg.ms });
  }
  return out;
}

/** Whether `latest` follows `cycle` from some phase, each interval within ±25 % (+20 ms). */
function fits(latest: readonly Interval[], cycle: readonly Interval[]): boolean {
  if (cycle.some((c) => c.ms === 0)) return false; // steady: no cadence
  for (let phase = 0; phase < cycle.length; phase++) {
    const ok = latest.every((seen, j) => {
      const want = cycle[(phase + j) % cycle.length];
      return seen.tone === want.tone && seen.ms >= want.ms * 0.75 - 20 &&
        seen.ms <= want.ms * 1.25 + 20;
    });
    if (ok) return true;
  }
  return false;
}
