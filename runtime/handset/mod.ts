/**
 * The telephone handset: the handset state machine, the dial plan, the phone book, and
 * resolving what was dialed to a session URL.
 *
 * @example
 * ```ts
 * import { Handset } from "./mod.ts";
 * const handset = new Handset({ interDigitMs: 4000 });
 * handset.hook(0, true); // dial tone
 * ```
 * @module
 */
export * from "./dial_plan.ts";
export * from "./handset.ts";
export * from "./phone_book.ts";
export * from "./resolve_dialed.ts";
export * from "./controller.ts";
export * from "./handset_tones.ts";
