/**
 * One-way delay distributions for the impairment relay, sampled from a seeded {@link Prng}.
 * Samples below zero (a wide normal, a table's left tail) are clamped to 0 ms.
 *
 * - `constant`: always `ms`.
 * - `uniform`: evenly in [`minMs`, `maxMs`].
 * - `normal`: mean `meanMs`, standard deviation `stdDevMs`.
 * - `pareto`: `scaleMs / U^(1/shape)`; never below `scaleMs`, mean `scaleMs·shape/(shape−1)`
 *   for shape > 1: a floor plus a heavy tail, like a path with occasional queueing.
 * - `table`: netem's rule, `meanMs + jitterMs · t / 8192` for a random entry t of an iproute2
 *   `.dist` table (see `netem_table.ts`).
 *
 * @example
 * ```ts
 * import { Prng } from "./prng.ts";
 * import { delaySampler } from "./delay_distribution.ts";
 * const sample = delaySampler({ kind: "normal", meanMs: 40, stdDevMs: 5 }, new Prng(1));
 * sample(); // about 40
 * ```
 * @module
 */

import { NetError } from "../../runtime/net/net_error.ts";
import { type DistTable, NETEM_DIST_SCALE } from "./netem_table.ts";
import type { Prng } from "./prng.ts";

/** A delay distribution, in milliseconds. */
export type DelayDistribution =
  | { readonly kind: "constant"; readonly ms: number }
  | { readonly kind: "uniform"; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: "normal"; readonly meanMs: number; readonly stdDevMs: number }
  | { readonly kind: "pareto"; readonly scaleMs: number; readonly shape: number }
  | {
    readonly kind: "table";
    readonly meanMs: number;
    readonly jitterMs: number;
    readonly table: DistTable;
  };

/** Checks a distribution, throwing a {@link NetError} that names the bad field. */
export function validateDelay(d: DelayDistribution, where = "delay"): void {
  const need = (ok: boolean, what: string) => {
    if (!ok) throw NetError.invalid("impairment", `${where}: ${what}`);
  };
  const finite = (v: unknown) => typeof v === "number" && Number.isFinite(v);
  need(d !== null && typeof d === "object", `expected a distribution object, got ${String(d)}`);
  switch (d.kind) {
    case "constant":
      return need(finite(d.ms) && d.ms >= 0, `constant ms ${d.ms} must be >= 0`);
    case "uniform":
      return need(
        finite(d.minMs) && finite(d.maxMs) && d.minMs >= 0 && d.maxMs >= d.minMs,
        `uniform needs 0 <= minMs <= maxMs, got ${d.minMs}..${d.maxMs}`,
      );
    case "normal":
      return need(
        finite(d.meanMs) && finite(d.stdDevMs) && d.meanMs >= 0 && d.stdDevMs >= 0,
        `normal needs meanMs >= 0 and stdDevMs >= 0, got ${d.meanMs}, ${d.stdDevMs}`,
      );
    case "pareto":
      return need(
        finite(d.scaleMs) && finite(d.shape) && d.scaleMs >= 0 && d.shape > 0,
        `pareto needs scaleMs >= 0 and shape > 0, got ${d.scaleMs}, ${d.shape}`,
      );
    case "table":
      return need(
        finite(d.meanMs) && finite(d.jitterMs) && d.meanMs >= 0 && d.jitterMs >= 0 &&
          d.table?.values instanceof Int16Array && d.table.values.length > 0,
        "table needs meanMs >= 0, jitterMs >= 0 and a loaded table (loadDistTable)",
      );
    default:
      need(false, `unknown kind "${(d as { kind: unknown }).kind}"`);
  }
}

/** A function drawing one delay (ms, >= 0) per call from `rng`. */
export function delaySampler(d: DelayDistribution, rng: Prng): () => number {
  validateDelay(d);
  const clamp = (v: number) => (v > 0 ? v : 0);
  switch (d.kind) {
    case "constant":
      return () => d.ms;
    case "uniform":
      return () => d.minMs + (d.maxMs - d.minMs) * rng.next();
    case "normal":
      return () => clamp(d.meanMs + d.stdDevMs * rng.normal());
    case "pareto":
      return () => d.scaleMs / Math.pow(rng.nextOpen(), 1 / d.shape);
    case "table": {
      const values = d.table.values;
      return () => {
        const t = values[Math.floor(rng.next() * values.length)];
        return clamp(d.meanMs + (d.jitterMs * t) / NETEM_DIST_SCALE);
      };
    }
  }
}

/** The mean of the distribution before clamping (Infinity for pareto with shape <= 1). */
export function expectedMeanMs(d: DelayDistribution): number {
  switch (d.kind) {
    case "constant":
      return d.ms;
    case "uniform":
      return (d.minMs + d.maxMs) / 2;
    case "normal":
      return d.meanMs;
    case "pareto":
      return d.shape > 1 ? (d.scaleMs * d.shape) / (d.shape - 1) : Infinity;
    case "table": {
      const values = d.table.values;
      const mean = values.reduce((a, v) => a + v, 0) / values.length;
      return d.meanMs + (d.jitterMs * mean) / NETEM_DIST_SCALE;
    }
  }
}
