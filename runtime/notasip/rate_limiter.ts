/**
 * Token buckets keyed by a string (a source address, or "" for a total), with a bounded
 * number of keys so a flood of forged sources cannot grow it without limit.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "./rate_limiter.ts";
 * const perSource = new RateLimiter(2, 1024); // 2 a second, bursts of 2, 1024 sources
 * perSource.take("198.51.100.2", 0); // true
 * perSource.take("198.51.100.2", 1); // true
 * perSource.take("198.51.100.2", 2); // false: wait 500 ms for the next
 * ```
 * @module
 */

/** Allows `perSecond` events a second per key, in bursts of at most `perSecond`. */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  /** Throws a `RangeError` for a rate or key bound that is not positive. */
  constructor(readonly perSecond: number, readonly maxKeys: number) {
    if (!(perSecond > 0)) throw new RangeError(`RateLimiter: rate must be > 0, not ${perSecond}`);
    if (!(maxKeys >= 1)) throw new RangeError(`RateLimiter: maxKeys must be >= 1, not ${maxKeys}`);
  }

  /** Takes one token for `key` at `nowMs`; false when its bucket is empty. */
  take(key: string, nowMs: number): boolean {
    let bucket = this.#buckets.get(key);
    if (bucket) {
      this.#buckets.delete(key); // re-inserted below: the map stays in least-recent order
      const refill = ((nowMs - bucket.at) * this.perSecond) / 1000;
      bucket = { tokens: Math.min(this.perSecond, bucket.tokens + Math.max(0, refill)), at: nowMs };
    } else {
      if (this.#buckets.size >= this.maxKeys) {
        this.#buckets.delete(this.#buckets.keys().next().value!);
      }
      bucket = { tokens: this.perSecond, at: nowMs };
    }
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
