/**
 * Runs actions after per-item delays with one timer: a min-heap ordered by due time (then by
 * insertion), so thousands of in-flight packets cost one {@link PreciseTimer}. Items with equal
 * due times run in the order they were scheduled; actions run about 0.3 ms late (Deno's
 * `setTimeout` would add 1 to 2 ms). {@link DelayLine.close} releases the timer.
 *
 * @example
 * ```ts
 * import { DelayLine } from "./delay_line.ts";
 * const line = new DelayLine();
 * line.schedule(20, () => console.log("20 ms later"));
 * await new Promise((r) => setTimeout(r, 30));
 * await line.close();
 * ```
 * @module
 */

import { PreciseTimer } from "./precise_timer.ts";

interface Entry {
  readonly due: number;
  readonly order: number;
  readonly action: () => void;
}

/** Delayed actions on one timer; `clear` cancels everything still pending. */
export class DelayLine {
  readonly #heap: Entry[] = [];
  #order = 0;
  readonly #timer = new PreciseTimer(() => this.#fire());
  #timerDue = Infinity;
  #closed = false;
  /** Actions that threw (they are caught so one bad action cannot stop the others). */
  failures = 0;

  /** Actions waiting to run. */
  get pending(): number {
    return this.#heap.length;
  }

  /** Runs `action` after `delayMs` (0 still defers to a timer turn). */
  schedule(delayMs: number, action: () => void): void {
    if (this.#closed) throw new RangeError("DelayLine is closed");
    if (!(delayMs >= 0)) throw new RangeError(`delay ${delayMs} ms must be >= 0`);
    this.#push({ due: performance.now() + delayMs, order: this.#order++, action });
    this.#arm();
  }

  /** Cancels every pending action. */
  clear(): void {
    this.#heap.length = 0;
    this.#timer.clear();
    this.#timerDue = Infinity;
  }

  /** Cancels pending actions and releases the timer. */
  async close(): Promise<void> {
    this.#closed = true;
    this.clear();
    await this.#timer.close();
  }

  #arm(): void {
    const next = this.#heap[0];
    if (next === undefined || next.due >= this.#timerDue) return;
    this.#timerDue = next.due;
    this.#timer.setAt(next.due);
  }

  #fire(): void {
    this.#timerDue = Infinity;
    // Run what is due, allowing 20 µs of timer rounding.
    const limit = performance.now() + 0.02;
    while (this.#heap.length > 0 && this.#heap[0].due <= limit) {
      const entry = this.#pop();
      try {
        entry.action();
      } catch {
        this.failures++;
      }
    }
    this.#arm();
  }

  #push(entry: Entry): void {
    const h = this.#heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  #pop(): Entry {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      while (true) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.order < b.order);
}
