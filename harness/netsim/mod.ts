/**
 * Network simulation for tests and benches: a userspace impairment relay that puts a bad network
 * (netem-style delay tables, Gilbert-Elliott loss, reordering, duplication) between two phones,
 * seeded so runs repeat. Not part of the phone: the product never imports it.
 *
 * @example A lossy, jittery path between two phones
 * ```ts
 * import { ImpairmentRelay, loadDistTable } from "./mod.ts";
 * await using relay = ImpairmentRelay.start({
 *   listen: { address: "127.0.0.1" },
 *   target: { address: "127.0.0.1", port: 10000 },
 *   toTarget: {
 *     delay: { kind: "table", meanMs: 80, jitterMs: 10, table: loadDistTable("normal") },
 *     loss: { kind: "gilbert-elliott", goodToBad: 0.01, badToGood: 0.3 },
 *   },
 *   seed: 1,
 * });
 * console.log(`dial ${relay.address.address}:${relay.address.port}`);
 * ```
 * @module
 */

export {
  ImpairmentRelay,
  type RelayCounters,
  type RelayDirectionCounters,
  type RelayOptions,
} from "./impairment_relay.ts";
export { Impairment, type ImpairmentCounters, type ImpairmentProfile } from "./impairment.ts";
export { type DelayDistribution, delaySampler, expectedMeanMs } from "./delay_distribution.ts";
export { expectedLossRate, type LossModel, LossProcess } from "./loss_model.ts";
export {
  DIST_DIRECTORIES,
  type DistTable,
  findDistFile,
  loadDistTable,
  parseDistTable,
} from "./netem_table.ts";
export { Prng } from "./prng.ts";
export { DelayLine } from "./delay_line.ts";
export { PreciseTimer } from "./precise_timer.ts";
