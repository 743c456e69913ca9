/**
 * The null line: a microphone of silence paced in real time (or not at all) and a speaker
 * that discards everything. For tests, benchmarks and phones that only relay.
 *
 * @example
 * ```ts
 * const line = openNullLine({ kind: "null" });
 * const frame = await line.read(); // 160 zero samples, 20 ms after the call
 * await line.close();
 * ```
 * @module
 */
import { frameSamplesFor, type Line } from "./line.ts";
import { FileLine } from "./file_line.ts";

/** How to open the null line. */
export interface NullLineSpec {
  /** Selects this backend. */
  readonly kind: "null";
  /** `clock` (default) paces `read()` in real time; `none` returns frames at once. */
  readonly pacing?: "clock" | "none";
  /** Frame duration in ms (default 20). */
  readonly frameMs?: number;
}

/** Opens the null line. */
export function openNullLine(spec: NullLineSpec): Line & FileLine {
  const frameSamples = frameSamplesFor("null", spec.frameMs ?? 20);
  return new FileLine("null", "null", frameSamples, spec.pacing ?? "clock", undefined, undefined);
}
