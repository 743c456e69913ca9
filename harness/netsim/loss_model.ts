/**
 * Packet loss models: independent (Bernoulli) and bursty (Gilbert-Elliott, a two-state
 * Markov chain with a loss probability per state, as in netem's `loss gemodel p r 1-h 1-k`).
 *
 * @example
 * ```ts
 * import { Prng } from "./prng.ts";
 * import { LossProcess } from "./loss_model.ts";
 * const loss = new LossProcess({ kind: "bernoulli", probability: 0.05 }, new Prng(1));
 * loss.next(); // true about once in 20 calls
 * ```
 * @module
 */

import { NetError } from "../../runtime/net/net_error.ts";
import type { Prng } from "./prng.ts";

/** How packets are lost. */
export type LossModel =
  | { readonly kind: "none" }
  | { readonly kind: "bernoulli"; readonly probability: number }
  | {
    readonly kind: "gilbert-elliott";
    /** Probability of moving from the good to the bad state, per packet (netem's p). */
    readonly goodToBad: number;
    /** Probability of moving from the bad to the good state, per packet (netem's r). */
    readonly badToGood: number;
    /** Loss probability in the good state (netem's 1-k); default 0. */
    readonly lossInGood?: number;
    /** Loss probability in the bad state (netem's 1-h); default 1. */
    readonly lossInBad?: number;
  };

const isProbability = (p: unknown) => typeof p === "number" && p >= 0 && p <= 1;

/** Checks a model, throwing a {@link NetError} that names the bad field. */
export function validateLoss(m: LossModel, where = "loss"): void {
  const need = (ok: boolean, what: string) => {
    if (!ok) throw NetError.invalid("impairment", `${where}: ${what}`);
  };
  need(m !== null && typeof m === "object", `expected a loss model object, got ${String(m)}`);
  if (m.kind === "none") return;
  if (m.kind === "bernoulli") {
    return need(isProbability(m.probability), `probability ${m.probability} is not in 0..1`);
  }
  if (m.kind === "gilbert-elliott") {
    for (const key of ["goodToBad", "badToGood", "lossInGood", "lossInBad"] as const) {
      const v = m[key];
      need(
        v === undefined && key.startsWith("loss") || isProbability(v),
        `${key} ${v} is not in 0..1`,
      );
    }
    return need(m.goodToBad + m.badToGood > 0, "goodToBad and badToGood cannot both be 0");
  }
  need(false, `unknown kind "${(m as { kind: unknown }).kind}"`);
}

/** The long-run fraction of packets lost. */
export function expectedLossRate(m: LossModel): number {
  if (m.kind === "none") return 0;
  if (m.kind === "bernoulli") return m.probability;
  const bad = m.goodToBad / (m.goodToBad + m.badToGood);
  return (1 - bad) * (m.lossInGood ?? 0) + bad * (m.lossInBad ?? 1);
}

/** Draws loss decisions, one per packet, from a model and a generator. */
export class LossProcess {
  readonly #model: LossModel;
  readonly #rng: Prng;
  #bad = false;

  constructor(model: LossModel, rng: Prng) {
    validateLoss(model);
    this.#model = model;
    this.#rng = rng;
  }

  /** True if the next packet is lost. */
  next(): boolean {
    const m = this.#model;
    if (m.kind === "none") return false;
    if (m.kind === "bernoulli") return this.#rng.chance(m.probability);
    const lost = this.#rng.chance(this.#bad ? (m.lossInBad ?? 1) : (m.lossInGood ?? 0));
    // The state for the next packet.
    this.#bad = this.#bad ? !this.#rng.chance(m.badToGood) : this.#rng.chance(m.goodToBad);
    return lost;
  }
}
