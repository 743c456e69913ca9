/**
 * Tells a caller when the far end answers. NOTASIP has no answer signal: the callee sends
 * ring-back until it is answered, then voice, on the same stream. This listens to what the
 * caller hears (8 kHz, after the jitter buffer) and says `ringing` once it hears ring-back,
 * then `talking` once the far end answered, by whichever comes first:
 *
 * - `voice`: 250 ms of speech-like sound in 400 ms (someone said hello);
 * - `ringback-cut`: a ring-back burst ended much shorter (< 60 %) than the longest one heard
 *   (answered in the middle of a burst, into silence);
 * - `ringback-stopped`: no ring-back for the longest gap heard between bursts (or 4 s, the
 *   longest gap of the known plans, before two bursts were heard) plus `marginMs`;
 * - `no-ringback`: no ring-back at all in the first `noRingbackMs` of the call (answered at
 *   once, e.g. auto-answer).
 *
 * The caller does not know the callee's country, so a block is "tone" when the ring-back
 * frequencies of any known plan (`tone_plans.ts`) hold most of its energy; breaks in a burst
 * shorter than `mergeMs` (the UK's double burst, a lost packet) do not end it.
 *
 * @example
 * ```ts
 * import { AnswerDetector } from "./answer_detector.ts";
 * const detector = new AnswerDetector();
 * const verdict = detector.process(new Int16Array(160)); // what the caller plays, per frame
 * if (verdict) console.log(verdict.progress, verdict.cause); // "ringing ringback", ...
 * ```
 * @module
 */
import { TONE_PLANS } from "./tone_plans.ts";

/** How the caller's call is doing, as far as the audio tells. */
export type AnswerProgress = "ringing" | "talking";

/** Why the detector decided. */
export type AnswerCause =
  | "ringback"
  | "voice"
  | "ringback-cut"
  | "ringback-stopped"
  | "no-ringback";

/** A change of {@link AnswerProgress}. */
export interface AnswerVerdict {
  readonly progress: AnswerProgress;
  readonly cause: AnswerCause;
  /** Milliseconds of audio heard when it was decided. */
  readonly atMs: number;
}

/** Timings of the detector; all have defaults. */
export interface AnswerDetectorOptions {
  /** No ring-back this long after the start means the call was answered (default 2500 ms). */
  readonly noRingbackMs?: number;
  /** Added to the longest gap before ring-back counts as stopped (default 1000 ms). */
  readonly marginMs?: number;
  /** Breaks in a burst up to this long are part of it (default 800 ms). */
  readonly mergeMs?: number;
}

const BLOCK = 80; // 10 ms at 8 kHz
const MIN_LEVEL = 150 * 150 * BLOCK; // below about -47 dBov: silence
const TONE_SHARE = 0.55;
const VOICE_WINDOW = 40; // blocks
const VOICE_BLOCKS = 25; // of VOICE_WINDOW
const RINGING_BLOCKS = 10; // 100 ms of tone
const CUT_SHARE = 0.6;

/** The ring-back frequencies of each known plan, as Goertzel coefficients. */
function planCoefficients(): number[][] {
  const plans: number[][] = [];
  for (const tones of Object.values(TONE_PLANS)) {
    const hz = new Set<number>();
    for (const seg of tones.tones.ringback) for (const t of seg.tones) hz.add(t.hz);
    if (hz.size) plans.push([...hz].map((f) => 2 * Math.cos((2 * Math.PI * f) / 8000)));
  }
  return plans;
}

/** The longest silent part of any known plan's ring-back cadence, ms. */
function longestPlanGap(): number {
  let longest = 0;
  for (const tones of Object.values(TONE_PLANS)) {
    for (const seg of tones.tones.ringback) {
      if (seg.tones.length === 0) longest = Math.max(longest, seg.ms);
    }
  }
  return longest;
}

/** Follows one outgoing call from its first reply; make a new one per call. */
export class AnswerDetector {
  static readonly #plans = planCoefficients();
  static readonly #planGap = longestPlanGap();
  readonly #noRingback: number;
  readonly #margin: number;
  readonly #merge: number;
  readonly #block = new Float64Array(BLOCK);
  #fill = 0;
  #blocks = 0; // 10 ms blocks heard
  #state: "waiting" | AnswerProgress = "waiting";
  readonly #recent: boolean[] = []; // voice or not, last VOICE_WINDOW blocks
  #toneRun = 0; // consecutive tone blocks (before ringing)
  #burstStart?: number; // block where the current burst began
  #lastTone?: number; // block of the last tone heard
  #longestBurst = 0; // blocks
  #longestGap = 0; // blocks, between bursts
  #burstOpen = false;

  constructor(options: AnswerDetectorOptions = {}) {
    this.#noRingback = (options.noRingbackMs ?? 2500) / 10;
    this.#margin = (options.marginMs ?? 1000) / 10;
    this.#merge = (options.mergeMs ?? 800) / 10;
  }

  /** `waiting` before anything was decided, then `ringing`, then `talking` (final). */
  get progress(): "waiting" | AnswerProgress {
    return this.#state;
  }

  /** Feeds what the caller hears (8 kHz); returns a verdict when the progress changes. */
  process(pcm: Int16Array): AnswerVerdict | null {
    let verdict: AnswerVerdict | null = null;
    for (let i = 0; i < pcm.length && this.#state !== "talking"; i++) {
      this.#block[this.#fill++] = pcm[i];
      if (this.#fill < BLOCK) continue;
      this.#fill = 0;
      const decided = this.#step(this.#measure());
      if (decided) verdict = decided;
    }
    return verdict;
  }

  #measure(): "tone" | "voice" | "silence" {
    let energy = 0;
    for (let i = 0; i < BLOCK; i++) energy += this.#block[i] * this.#block[i];
    if (energy < MIN_LEVEL) return "silence";
    let best = 0;
    for (const plan of AnswerDetector.#plans) {
      let share = 0;
      for (const c of plan) share += goertzel(this.#block, c);
      best = Math.max(best, share);
    }
    return best >= TONE_SHARE * energy ? "tone" : "voice";
  }

  #step(kind: "tone" | "voice" | "silence"): AnswerVerdict | null {
    const n = this.#blocks++;
    this.#recent.push(kind === "voice");
    if (this.#recent.length > VOICE_WINDOW) this.#recent.shift();
    if (this.#recent.filter(Boolean).length >= VOICE_BLOCKS) {
      return this.#decide("talking", "voice");
    }
    if (kind === "tone") return this.#tone(n);
    if (this.#state === "waiting") {
      this.#toneRun = 0;
      return n + 1 >= this.#noRingback ? this.#decide("talking", "no-ringback") : null;
    }
    return this.#quiet(n);
  }

  #tone(n: number): AnswerVerdict | null {
    if (this.#burstOpen && this.#lastTone !== undefined && n - this.#lastTone > this.#merge) {
      this.#burstOpen = false; // (closed in #quiet normally; kept for safety)
    }
    if (!this.#burstOpen) {
      if (this.#lastTone !== undefined) {
        this.#longestGap = Math.max(this.#longestGap, n - this.#lastTone - 1);
      }
      this.#burstOpen = true;
      this.#burstStart = n;
    }
    this.#lastTone = n;
    if (this.#state !== "waiting") return null;
    this.#toneRun++;
    return this.#toneRun >= RINGING_BLOCKS ? this.#decide("ringing", "ringback") : null;
  }

  // Ringing, and this block is not tone: has the burst ended, and does that mean an answer?
  #quiet(n: number): AnswerVerdict | null {
    const last = this.#lastTone ?? n;
    const since = n - last;
    if (this.#burstOpen && since >= this.#merge) {
      this.#burstOpen = false;
      const length = last - (this.#burstStart ?? last) + 1;
      if (this.#longestBurst > 0 && length < CUT_SHARE * this.#longestBurst) {
        return this.#decide("talking", "ringback-cut");
      }
      this.#longestBurst = Math.max(this.#longestBurst, length);
    }
    const gap = this.#longestGap > 0 ? this.#longestGap : AnswerDetector.#planGap / 10;
    return since >= gap + this.#margin ? this.#decide("talking", "ringback-stopped") : null;
  }

  #decide(progress: AnswerProgress, cause: AnswerCause): AnswerVerdict | null {
    if (this.#state === progress) return null;
    this.#state = progress;
    return { progress, cause, atMs: this.#blocks * 10 };
  }
}

// |X(f)|^2 of one block, scaled so that a pure sine at f gives its whole energy.
function goertzel(block: Float64Array, coefficient: number): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < block.length; i++) {
    const s0 = block[i] + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (2 * (s1 * s1 + s2 * s2 - coefficient * s1 * s2)) / block.length;
}
