/**
 * Runs the media ticks of many calls from one clock: each call is given a slot, a fixed
 * phase inside the tick, so N calls are spread over the tick in small batches instead of
 * one synchronous block every 20 ms. Before each batch, the sockets that are ready are read
 * (`Reactor.poll`), so packets that arrived are in the jitter buffers before playout. While
 * the engine runs it holds the reactor's background wait: sockets are read in one batch per
 * slot (every `tickMs / slots` ms) instead of one thread hand-off per arriving packet, which
 * is most of the cost of many calls.
 *
 * Work is bounded: a call's `tick` runs at most {@link CallEngineOptions.maxCatchUp} times
 * per batch; a process that fell further behind skips the rest (counted in `skipped`) instead
 * of spending seconds catching up while every other call waits.
 *
 * @example
 * ```ts
 * import { CallEngine } from "./call_engine.ts";
 * const engine = new CallEngine({ tickMs: 20, slots: 4 });
 * const remove = engine.add({ tick: (nowMs) => console.log("send and play at", nowMs) });
 * engine.start();
 * await new Promise((r) => setTimeout(r, 50));
 * remove();
 * engine.stop();
 * ```
 * @module
 */
import { Reactor } from "../net/reactor.ts";

/** One call's per-tick work: send what is due and play one frame out. */
export interface EngineCall {
  tick(nowMs: number): void;
  /** Told how many ticks were skipped (the engine was too late), e.g. to move RTP time on. */
  skipped?(ticks: number): void;
}

/** Engine settings; every field is optional. */
export interface CallEngineOptions {
  /** The media tick in ms; default 20. */
  readonly tickMs?: number;
  /** Batches per tick (calls are spread over them); default 8. */
  readonly slots?: number;
  /** Calls put in one slot before the next slot is used; default 25. */
  readonly callsPerSlot?: number;
  /** Ticks one call may run in one batch when the engine is late; default 3. */
  readonly maxCatchUp?: number;
  /** Read ready sockets before each batch; default the process's reactor. `null`: do not. */
  readonly reactor?: Reactor | null;
  /** Clock in ms; default `performance.now`. */
  readonly now?: () => number;
}

/** Counters of the engine. */
export interface CallEngineStats {
  /** Call ticks run, call ticks started more than one tick late, call ticks skipped. */
  ticks: number;
  lateTicks: number;
  skipped: number;
  /** Worst lateness of a batch start, ms. */
  worstLateMs: number;
  /** Batches run. */
  batches: number;
}

interface Entry {
  readonly call: EngineCall;
  /** When this call's next tick is due. */
  due: number;
}

/** Drives every call's tick, spread over slots (see the module doc). */
export class CallEngine {
  readonly stats: CallEngineStats = {
    ticks: 0,
    lateTicks: 0,
    skipped: 0,
    worstLateMs: 0,
    batches: 0,
  };
  readonly #tickMs: number;
  readonly #slotMs: number;
  readonly #maxCatchUp: number;
  readonly #callsPerSlot: number;
  readonly #reactor: Reactor | null;
  readonly #now: () => number;
  readonly #slots: Entry[][];
  #nextSlot = 0;
  #added = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #slotDue = 0;
  #running = false;
  #release: (() => void) | undefined;

  constructor(options: CallEngineOptions = {}) {
    const tickMs = options.tickMs ?? 20;
    const slots = options.slots ?? 8;
    if (!(tickMs > 0 && tickMs <= 1000)) throw new RangeError(`tickMs ${tickMs} is not 0..1000`);
    if (!(Number.isInteger(slots) && slots >= 1 && slots <= 1000)) {
      throw new RangeError(`slots ${slots} is not an integer 1..1000`);
    }
    this.#tickMs = tickMs;
    this.#slotMs = tickMs / slots;
    this.#maxCatchUp = options.maxCatchUp ?? 3;
    this.#callsPerSlot = Math.max(1, options.callsPerSlot ?? 25);
    this.#reactor = options.reactor === undefined ? Reactor.shared() : options.reactor;
    this.#now = options.now ?? (() => performance.now());
    this.#slots = Array.from({ length: slots }, () => []);
  }

  /** Calls now running. */
  get size(): number {
    return this.#slots.reduce((n, s) => n + s.length, 0);
  }

  /**
   * Adds a call to the least loaded slot; its first tick is at that slot's next turn.
   * Returns a function that removes it.
   */
  add(call: EngineCall): () => void {
    // Fill slots up to callsPerSlot before opening another, so few calls need few wake-ups
    // (each costs a timer and a poll); beyond slots x callsPerSlot, the least loaded slot.
    let slot = this.#slots.findIndex((s) => s.length < this.#callsPerSlot);
    if (slot < 0) {
      slot = 0;
      for (let i = 1; i < this.#slots.length; i++) {
        if (this.#slots[i].length < this.#slots[slot].length) slot = i;
      }
    }
    this.#added++;
    const entry: Entry = { call, due: -Infinity };
    this.#slots[slot].push(entry);
    return () => {
      const list = this.#slots[slot];
      const at = list.indexOf(entry);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Starts the clock (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#release = this.#reactor?.hold();
    this.#slotDue = this.#now();
    this.#schedule();
  }

  /** Stops the clock; calls stay added. */
  stop(): void {
    this.#running = false;
    this.#release?.();
    this.#release = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Runs the batch of one slot now (the timer calls it; tests may too). */
  runSlot(slot: number, now: number): void {
    const list = this.#slots[slot];
    this.stats.batches++;
    this.#reactor?.poll(); // also when this slot is empty: it is the only reader while held
    for (const entry of list) {
      if (entry.due === -Infinity) entry.due = now;
      let runs = 0;
      while (entry.due <= now && runs < this.#maxCatchUp) {
        const late = now - entry.due;
        if (late > this.stats.worstLateMs) this.stats.worstLateMs = late;
        if (late > this.#tickMs) this.stats.lateTicks++;
        this.stats.ticks++;
        try {
          entry.call.tick(entry.due);
        } catch (err) {
          console.error("CallEngine: a call's tick threw", err);
        }
        entry.due += this.#tickMs;
        runs++;
      }
      if (entry.due <= now) {
        // Too far behind: skip to the present rather than starve the other calls.
        const behind = Math.floor((now - entry.due) / this.#tickMs) + 1;
        this.stats.skipped += behind;
        entry.due += behind * this.#tickMs;
        try {
          entry.call.skipped?.(behind);
        } catch (err) {
          console.error("CallEngine: a call's skip handler threw", err);
        }
      }
    }
  }

  #schedule(): void {
    if (!this.#running) return;
    const wait = Math.max(0, this.#slotDue - this.#now());
    this.#timer = setTimeout(() => this.#fire(), wait);
  }

  #fire(): void {
    if (!this.#running) return;
    const now = this.#now();
    // Run every slot whose turn has come (several if the process was held up).
    let guard = this.#slots.length;
    while (this.#slotDue <= now && guard-- > 0) {
      this.runSlot(this.#nextSlot, now);
      this.#advance();
    }
    if (this.#slotDue <= now) {
      // More than a whole tick behind: resume from now; calls catch up within their bound.
      this.#slotDue = now + this.#slotMs;
    }
    this.#schedule();
  }

  /** Moves to the next slot that has calls (slot 0 always runs, to read the sockets). */
  #advance(): void {
    do {
      this.#nextSlot = (this.#nextSlot + 1) % this.#slots.length;
      this.#slotDue += this.#slotMs;
    } while (this.#nextSlot !== 0 && this.#slots[this.#nextSlot].length === 0);
  }
}
