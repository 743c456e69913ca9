/**
 * Collects DTMF digits for one answer (a number, an ID, a PIN): ends at `#` (one before any
 * digit is ignored), after
 * `interDigitMs` without a digit once some came, after `firstDigitMs` if none came, or at
 * `maxDigits`. Sans-IO: fed digits and the time, it says when the answer is complete.
 *
 * @example
 * ```ts
 * import { DigitCollector } from "./digit_collector.ts";
 * const c = new DigitCollector({ now: 0 });
 * c.digit("5", 100); c.digit("#", 200);
 * c.result(200); // { done: true, digits: "5", reason: "terminator" }
 * ```
 * @module
 */

/** Limits; all optional. */
export interface DigitCollectorOptions {
  /** When collection started (ms). */
  readonly now: number;
  readonly interDigitMs?: number;
  readonly firstDigitMs?: number;
  readonly maxDigits?: number;
}

/** Where collection stands. */
export type CollectResult =
  | { readonly done: false }
  | {
    readonly done: true;
    readonly digits: string;
    readonly reason: "terminator" | "timeout" | "full" | "nothing";
  };

/** One answer's digits. */
export class DigitCollector {
  #digits = "";
  #last: number;
  #ended: CollectResult | null = null;
  readonly #interDigitMs: number;
  readonly #firstDigitMs: number;
  readonly #maxDigits: number;

  constructor(options: DigitCollectorOptions) {
    this.#last = options.now;
    this.#interDigitMs = options.interDigitMs ?? 4000;
    this.#firstDigitMs = options.firstDigitMs ?? 15000;
    this.#maxDigits = options.maxDigits ?? 32;
  }

  /** A digit arrived at `now`. */
  digit(key: string, now: number): void {
    if (this.#ended) return;
    this.#last = now;
    // A "#" before any digit is a stray (a doubled terminator, or a split tone): no answer
    // the gateway asks for is empty.
    if (key === "#" && !this.#digits) return;
    if (key === "#") {
      this.#ended = { done: true, digits: this.#digits, reason: "terminator" };
      return;
    }
    this.#digits += key;
    if (this.#digits.length >= this.#maxDigits) {
      this.#ended = { done: true, digits: this.#digits, reason: "full" };
    }
  }

  /** Whether the answer is complete at `now`. */
  result(now: number): CollectResult {
    if (this.#ended) return this.#ended;
    if (this.#digits && now - this.#last >= this.#interDigitMs) {
      this.#ended = { done: true, digits: this.#digits, reason: "timeout" };
    } else if (!this.#digits && now - this.#last >= this.#firstDigitMs) {
      this.#ended = { done: true, digits: "", reason: "nothing" };
    }
    return this.#ended ?? { done: false };
  }
}
