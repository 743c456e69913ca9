/**
 * Which callers refused with busy the user is told of, one by one: each caller address at
 * most once per `perCallerMs`, and at most `maxReports` a window. The rest are counted and
 * summarised once the window is over, so strangers knocking during a call (or a forged
 * flood) cannot fill a log or a screen. Pure: the phone gives it the time.
 *
 * @example
 * ```ts
 * import { RefusalLog } from "./refusal_log.ts";
 * const log = new RefusalLog({ perCallerMs: 10_000, maxReports: 6, windowMs: 60_000 });
 * const peer = { address: "192.0.2.7", port: 40000 };
 * log.refused(peer, 0); // told: the peer
 * log.refused(peer, 2_000); // undefined: the same caller again, counted
 * log.flush(60_000); // { count: 1, callers: 1, ms: 60000 }
 * ```
 * @module
 */
import type { Endpoint } from "../notasip/endpoint.ts";

/** Refusals not told one by one during a window. */
export interface RefusalSummary {
  readonly count: number;
  /** Distinct caller addresses among them (counted up to 1,024). */
  readonly callers: number;
  /** How long the window was. */
  readonly ms: number;
}

/** Limits of a {@link RefusalLog}. */
export interface RefusalLogOptions {
  /** One caller address is told of at most once in this long (default 10 s). */
  readonly perCallerMs?: number;
  /** At most this many refusals told one by one per window (default 6). */
  readonly maxReports?: number;
  /** The window (default 60 s). */
  readonly windowMs?: number;
}

/** Bound on the addresses remembered, against floods from forged sources. */
const MAX_REMEMBERED = 1024;

/** Decides which refusals are told and summarises the others. */
export class RefusalLog {
  readonly #perCallerMs: number;
  readonly #maxReports: number;
  readonly #windowMs: number;
  readonly #lastTold = new Map<string, number>();
  readonly #quietCallers = new Set<string>();
  #windowStart?: number;
  #told = 0;
  #quiet = 0;

  constructor(options: RefusalLogOptions = {}) {
    this.#perCallerMs = options.perCallerMs ?? 10_000;
    this.#maxReports = options.maxReports ?? 6;
    this.#windowMs = options.windowMs ?? 60_000;
  }

  /** A caller was refused at `nowMs`: the caller when the user is to be told, else undefined. */
  refused(peer: Endpoint, nowMs: number): Endpoint | undefined {
    this.#windowStart ??= nowMs;
    const key = peer.address;
    const last = this.#lastTold.get(key);
    if (
      (last !== undefined && nowMs - last < this.#perCallerMs) || this.#told >= this.#maxReports
    ) {
      this.#quiet++;
      if (this.#quietCallers.size < MAX_REMEMBERED) this.#quietCallers.add(key);
      return undefined;
    }
    this.#lastTold.delete(key); // re-inserted last: the map's order is oldest told first
    this.#lastTold.set(key, nowMs);
    if (this.#lastTold.size > MAX_REMEMBERED) {
      this.#lastTold.delete(this.#lastTold.keys().next().value!);
    }
    this.#told++;
    return peer;
  }

  /** Ends the window when it is over: a summary of what was not told, if anything. */
  flush(nowMs: number): RefusalSummary | undefined {
    if (this.#windowStart === undefined || nowMs - this.#windowStart < this.#windowMs) {
      return undefined;
    }
    const summary = this.#quiet > 0
      ? { count: this.#quiet, callers: this.#quietCallers.size, ms: nowMs - this.#windowStart }
      : undefined;
    this.#windowStart = undefined;
    this.#told = this.#quiet = 0;
    this.#quietCallers.clear();
    return summary;
  }
}
