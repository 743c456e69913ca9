/**
 * A small seeded pseudo-random generator (mulberry32) so tests and simulations repeat
 * exactly. Not for anything that needs unpredictability.
 *
 * @example
 * ```ts
 * import { seededRandom } from "./seeded_random.ts";
 * const random = seededRandom(42);
 * random(); // the same number in [0, 1) on every run
 * ```
 * @module
 */

/** Returns a function giving uniformly distributed numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
