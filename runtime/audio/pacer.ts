/**
 * A drift-free real-time pacer for lines without a device clock: tick k is due exactly
 * k periods after the first call, however late earlier ticks fired, so 50 ticks of 20 ms
 * take 1 s. A consumer that falls far behind loses the missed ticks (counted as overruns),
 * as it would lose samples from a real sound card.
 *
 * @example
 * ```ts
 * const pacer = new Pacer(20);
 * for (let i = 0; i < 50; i++) await pacer.next(); // about 1 s
 * ```
 * @module
 */

/** Time source and sleep, injectable so tests can run on a fake clock. */
export interface Clock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Resolves after about `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The process's monotonic clock and timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What one tick of a {@link Pacer} reports. */
export interface PacerTick {
  /** How long after its due time the tick was delivered, in ms. */
  readonly lateMs: number;
  /** Ticks skipped just before this one because the consumer was too far behind. */
  readonly skipped: number;
}

/** Hands out ticks every `periodMs` milliseconds. */
export class Pacer {
  #start: number | undefined;
  #tick = 0;
  /** Ticks skipped in total because the consumer fell behind by more than `maxLagPeriods`. */
  overruns = 0;

  /**
   * @param periodMs time between ticks
   * @param maxLagPeriods how many periods a consumer may fall behind before ticks are skipped
   * @param clock time source (the real one unless testing)
   */
  constructor(
    readonly periodMs: number,
    readonly maxLagPeriods = 5,
    readonly clock: Clock = realClock,
  ) {
    if (!(periodMs > 0)) throw new RangeError(`pacer period must be positive, got ${periodMs}`);
  }

  /** Waits for the next tick. The first tick is due one period after the first call. */
  async next(): Promise<PacerTick> {
    const now = this.clock.now();
    if (this.#start === undefined) this.#start = now;
    this.#tick++;
    let due = this.#start + this.#tick * this.periodMs;
    let skipped = 0;
    const lag = now - due;
    if (lag > this.maxLagPeriods * this.periodMs) {
      skipped = Math.floor(lag / this.periodMs);
      this.#tick += skipped;
      due += skipped * this.periodMs;
      this.overruns += skipped;
    }
    if (due > now) await this.clock.sleep(due - now);
    return { lateMs: Math.max(0, this.clock.now() - due), skipped };
  }

  /** Due time (on the pacer's clock) of the tick `next()` returned last; NaN before the first. */
  lastDue(): number {
    return this.#start === undefined ? NaN : this.#start + this.#tick * this.periodMs;
  }

  /** Starts over: the next call to `next()` is a first call again. */
  reset(): void {
    this.#start = undefined;
    this.#tick = 0;
  }
}
