/**
 * Random local UDP ports for calls, never reusing a closed one too soon.
 *
 * NOTASIP -02 §5: a port number "should not be used again until 256 (maximum IPv4 TTL)
 * + 30 seconds passes", so stray packets of an old call can't be taken for a new one.
 * One instance should be shared by the caller and the callee of a host.
 *
 * @example
 * ```ts
 * import { PortQuarantine } from "./port_quarantine.ts";
 * const ports = new PortQuarantine();
 * const p = ports.allocate(0, Math.random); // 49152..65535, now in use
 * ports.release(p, 1000); // closed at t = 1 s: free again from t = 287 s
 * ports.isAvailable(p, 200_000); // false
 * ```
 * @module
 */
import { checkPort } from "./endpoint.ts";

/** (256 s maximum IPv4 TTL + 30 s) in milliseconds. */
export const PORT_HOLD_MS = (256 + 30) * 1000;

/** Options of {@link PortQuarantine}. */
export interface PortQuarantineOptions {
  /** Lowest port handed out (default 49152, the IANA dynamic range). */
  readonly min?: number;
  /** Highest port handed out (default 65535). */
  readonly max?: number;
  /** How long a released port stays unusable (default {@link PORT_HOLD_MS}). */
  readonly holdMs?: number;
  /**
   * Hand out RTP/RTCP pairs (RFC 3550 section 11): an even port whose successor is free
   * too; both are taken, and released together. Default false.
   */
  readonly pairs?: boolean;
}

/** Random draws before falling back to a scan of the whole range. */
const RANDOM_TRIES = 32;

/** Hands out random ports that are neither in use nor released in the last `holdMs`. */
export class PortQuarantine {
  readonly min: number;
  readonly max: number;
  readonly holdMs: number;
  readonly pairs: boolean;
  readonly #inUse = new Set<number>();
  readonly #until = new Map<number, number>();
  readonly #pairBases = new Set<number>();

  /** Throws a `RangeError` for a range outside 1..65535, empty, or a negative hold. */
  constructor(options: PortQuarantineOptions = {}) {
    this.min = checkPort(options.min ?? 49152, "PortQuarantine min");
    this.max = checkPort(options.max ?? 65535, "PortQuarantine max");
    this.holdMs = options.holdMs ?? PORT_HOLD_MS;
    this.pairs = options.pairs ?? false;
    if (this.min > this.max) {
      throw new RangeError(`PortQuarantine: min ${this.min} > max ${this.max}`);
    }
    if (!(this.holdMs >= 0)) {
      throw new RangeError(`PortQuarantine: holdMs must be >= 0, got ${this.holdMs}`);
    }
  }

  /** Marks a port as in use without allocating it (e.g. the well-known port). */
  reserve(port: number): void {
    this.#inUse.add(checkPort(port, "PortQuarantine.reserve"));
  }

  /** True when `port` is neither in use nor quarantined at `nowMs`. */
  isAvailable(port: number, nowMs: number): boolean {
    if (this.#inUse.has(port)) return false;
    const until = this.#until.get(port);
    if (until === undefined) return true;
    if (nowMs >= until) {
      this.#until.delete(port);
      return true;
    }
    return false;
  }

  /** The time a released port becomes usable again, if it is still quarantined. */
  quarantinedUntil(port: number, nowMs: number): number | undefined {
    return this.isAvailable(port, nowMs) || this.#inUse.has(port)
      ? undefined
      : this.#until.get(port);
  }

  /**
   * A random available port in `min..max`, marked in use.
   * @param random a source of numbers in [0, 1), e.g. `Math.random` or a seeded one in tests.
   * @throws Error when every port of the range is in use or quarantined.
   */
  allocate(nowMs: number, random: () => number): number {
    const step = this.pairs ? 2 : 1;
    const first = this.pairs ? this.min + (this.min % 2) : this.min;
    const last = this.pairs ? this.max - 1 : this.max;
    const span = Math.max(0, Math.floor((last - first) / step) + 1);
    const free = (port: number) =>
      this.isAvailable(port, nowMs) && (!this.pairs || this.isAvailable(port + 1, nowMs));
    for (let i = 0; i < RANDOM_TRIES && span > 0; i++) {
      const port = first + step * Math.min(span - 1, Math.floor(random() * span));
      if (free(port)) return this.#take(port);
    }
    const start = Math.floor(random() * span);
    for (let i = 0; i < span; i++) {
      const port = first + step * ((start + i) % span);
      if (free(port)) return this.#take(port);
    }
    throw new Error(
      `PortQuarantine: no free port in ${this.min}..${this.max} at t=${nowMs} ms ` +
        `(${this.#inUse.size} in use, ${this.#until.size} quarantined)`,
    );
  }

  /** The port was closed at `nowMs`: it may not be handed out before `nowMs + holdMs`. */
  release(port: number, nowMs: number): void {
    this.#inUse.delete(port);
    this.#until.set(port, nowMs + this.holdMs);
    if (this.#pairBases.delete(port)) this.release(port + 1, nowMs);
  }

  #take(port: number): number {
    this.#inUse.add(port);
    if (this.pairs) {
      this.#inUse.add(port + 1);
      this.#pairBases.add(port);
    }
    return port;
  }
}
