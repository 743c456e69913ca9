/**
 * What the network does to each packet of one direction: lose it, delay it, hold it back so
 * later ones overtake it, or deliver it twice. Pure and seeded: the same profile and seed give
 * the same fate to the n-th packet, whatever the timing.
 *
 * Reordering here holds a packet back by `extraDelayMs` on top of its delay (netem instead
 * sends the chosen packets early; holding back also works when the base delay is 0).
 * A duplicate draws its own delay.
 *
 * @example
 * ```ts
 * import { Impairment } from "./impairment.ts";
 * const net = new Impairment({
 *   delay: { kind: "normal", meanMs: 30, stdDevMs: 5 },
 *   loss: { kind: "bernoulli", probability: 0.02 },
 * }, 1);
 * net.decide(); // e.g. [31.2]: one copy after 31.2 ms; [] means lost
 * ```
 * @module
 */

import { type DelayDistribution, delaySampler, validateDelay } from "./delay_distribution.ts";
import { type LossModel, LossProcess, validateLoss } from "./loss_model.ts";
import { NetError } from "../../runtime/net/net_error.ts";
import { Prng } from "./prng.ts";

/** The impairments of one direction; every field is optional (default: a perfect path). */
export interface ImpairmentProfile {
  readonly delay?: DelayDistribution;
  readonly loss?: LossModel;
  /** Probability that a delivered packet is sent twice. */
  readonly duplicateProbability?: number;
  /** Probability and extra hold-back of a packet that is to arrive out of order. */
  readonly reorder?: { readonly probability: number; readonly extraDelayMs: number };
}

/** What happened, in counts and summed delays. */
export interface ImpairmentCounters {
  packets: number;
  lost: number;
  duplicated: number;
  reordered: number;
  /** Copies scheduled for delivery (packets − lost + duplicated). */
  copies: number;
  /** Sum and sum of squares of the delays drawn for the copies, ms. */
  delaySumMs: number;
  delaySumSqMs: number;
}

/** Checks a profile, throwing a {@link NetError} that names the bad field. */
export function validateProfile(p: ImpairmentProfile, where = "profile"): void {
  if (p === null || typeof p !== "object") {
    throw NetError.invalid("impairment", `${where}: expected an object, got ${String(p)}`);
  }
  if (p.delay !== undefined) validateDelay(p.delay, `${where}.delay`);
  if (p.loss !== undefined) validateLoss(p.loss, `${where}.loss`);
  const dup = p.duplicateProbability;
  if (dup !== undefined && !(dup >= 0 && dup <= 1)) {
    throw NetError.invalid("impairment", `${where}.duplicateProbability ${dup} is not in 0..1`);
  }
  const r = p.reorder;
  if (
    r !== undefined &&
    !(r.probability >= 0 && r.probability <= 1 && r.extraDelayMs >= 0 &&
      Number.isFinite(r.extraDelayMs))
  ) {
    throw NetError.invalid(
      "impairment",
      `${where}.reorder needs probability in 0..1 and extraDelayMs >= 0, got ${JSON.stringify(r)}`,
    );
  }
}

/** Decides the fate of each packet of one direction. */
export class Impairment {
  readonly counters: ImpairmentCounters = {
    packets: 0,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    copies: 0,
    delaySumMs: 0,
    delaySumSqMs: 0,
  };
  readonly #loss: LossProcess;
  readonly #delay: () => number;
  readonly #rng: Prng;
  readonly #profile: ImpairmentProfile;

  /** Separate generator streams for loss, delay and the rest keep each reproducible alone. */
  constructor(profile: ImpairmentProfile, seed: number) {
    validateProfile(profile);
    this.#profile = profile;
    this.#loss = new LossProcess(profile.loss ?? { kind: "none" }, Prng.derive(seed, 1));
    this.#delay = delaySampler(profile.delay ?? { kind: "constant", ms: 0 }, Prng.derive(seed, 2));
    this.#rng = Prng.derive(seed, 3);
  }

  /** The delays (ms) of the copies to deliver for the next packet; empty when it is lost. */
  decide(): number[] {
    const c = this.counters;
    c.packets++;
    // Draw every decision for every packet so one choice never shifts another's sequence.
    const lost = this.#loss.next();
    const reorder = this.#rng.chance(this.#profile.reorder?.probability ?? 0);
    const duplicate = this.#rng.chance(this.#profile.duplicateProbability ?? 0);
    const first = this.#delay();
    const second = this.#delay();
    if (lost) {
      c.lost++;
      return [];
    }
    const copies = [reorder ? first + this.#profile.reorder!.extraDelayMs : first];
    if (reorder) c.reordered++;
    if (duplicate) {
      copies.push(second);
      c.duplicated++;
    }
    for (const d of copies) {
      c.copies++;
      c.delaySumMs += d;
      c.delaySumSqMs += d * d;
    }
    return copies;
  }
}
