/**
 * Seeded uniform numbers in [0, 1) as a plain function, the form the state machines
 * take for choosing ports; the generator is the network layer's {@link Prng}.
 * Tests and simulations repeat exactly; nothing here is for unpredictability.
 *
 * @example
 * ```ts
 * import { seededRandom } from "./seeded_random.ts";
 * const random = seededRandom(42);
 * random(); // the same number in [0, 1) on every run
 * ```
 * @module
 */
import { Prng } from "../netsim/prng.ts";

/** A function giving uniformly distributed numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}
