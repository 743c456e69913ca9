/**
 * Adaptive jitter buffer for the receive path (WebAssembly state machine, `codecs-as/jitter`).
 *
 * Feed it every RTP packet with its arrival time (`put`), and ask it at every playout
 * step what to play (`get`): a packet, concealment for a missing one, or silence between
 * talkspurts. The target delay is the best trade of delay against late packets over the
 * recent transit times (rising at once, falling slowly, jumping on a detected change of
 * the network's delay level); it is reached in silences (sample-exact waits) and,
 * inside talkspurts, by asking the caller to time-scale frames (`outSamples` differs from
 * `samples`) or to insert concealment while late packets come in.
 *
 * @example
 * ```ts
 * import { JitterBuffer } from "./jitter_buffer.ts";
 * declare const payload: Uint8Array;
 * declare function decode(payload: Uint8Array): Int16Array;
 * declare function play(pcm: Int16Array, samples: number): number; // samples really produced
 * const jb = await JitterBuffer.create({ clockRate: 8000 });
 * jb.put({ sequence: 1, timestamp: 160, ssrc: 7, marker: true, samples: 160 }, 1000, payload);
 * const d = jb.get(1040);           // what plays from t = 1040 ms
 * if (d.kind === "play") {
 *   const producedSamples = play(decode(d.payload), d.outSamples);
 *   jb.played(producedSamples); // what really came out (after time-scaling)
 * }
 * ```
 * @module
 */
import { ClosedError, loadDspModule, type ModuleExports } from "./wasm_module.ts";
import {
  CONCEAL,
  D_ERROR_MS,
  D_INSERTED,
  D_OUT,
  D_SAMPLES,
  D_SEQ,
  D_SLOT,
  D_TS,
  DECISION_FIELDS,
  DUPLICATE,
  INVALID,
  K_ATTACK_COUNT,
  K_DECAY,
  K_DROP_THRESHOLD,
  K_GAP_STRETCH,
  K_INITIAL_DELAY,
  K_JUMP,
  K_LATE_BELIEF,
  K_LATE_COST,
  K_LATE_WAIT,
  K_MARGIN,
  K_MAX_CONCEAL,
  K_MAX_DELAY,
  K_MAX_SCALE,
  K_MIN_DELAY,
  K_SCALE_THRESHOLD,
  K_TICK,
  K_TIME_SCALE,
  K_WAIT_STEP,
  LATE,
  PLAY,
  S_BUFFERED,
  S_COMPRESSED,
  S_CONCEALED,
  S_CONCEALED_SAMPLES,
  S_CURRENT_DELAY,
  S_DROPPED_FOR_DELAY,
  S_DUPLICATES,
  S_INSERTED,
  S_INVALID,
  S_LATE,
  S_LEVEL_SHIFTS,
  S_LOSS_RATE,
  S_MIN_TRANSIT,
  S_OVERFLOW,
  S_PLAYED,
  S_PLAYOUT_OFFSET,
  S_RECEIVED,
  S_RESYNCS,
  S_SILENCE,
  S_STRETCHED,
  S_TALKSPURTS,
  S_TARGET_DELAY,
  STAT_FIELDS,
} from "../../codecs-as/jitter/abi.ts";

interface JitterExports extends ModuleExports {
  jb_create(clockRate: number, capacity: number, history: number): number;
  jb_destroy(h: number): void;
  jb_reset(h: number): number;
  jb_put(
    h: number,
    seq: number,
    ts: number,
    ssrc: number,
    arrivalMs: number,
    marker: number,
    samples: number,
  ): number;
  jb_get(h: number, playMs: number): number;
  jb_played(h: number, outSamples: number): number;
  jb_set(h: number, key: number, value: number): number;
  jb_decision(h: number): number;
  jb_stats(h: number): number;
}

/** Tuning; every field is optional. Times in milliseconds. */
export interface JitterBufferOptions {
  /** RTP clock rate (Hz). Default 8000. */
  clockRate?: number;
  /** Packets held at most; the oldest goes when full. Default 64. */
  capacity?: number;
  /** Packets whose transit times form the delay statistics. Default 500. */
  history?: number;
  /** Buffering never below / above this, over the smallest transit seen. Defaults 0 / 500. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Price of late packets: the target delay minimises delay + lateCostMs x (share of
   * recent packets that would be late). 1000 means 1 % late weighs like 10 ms: in the
   * E-model 1 % loss costs about 4 R points, a few ms of delay under 150 ms next to
   * nothing, and bursty arrival only stays on time when a burst's first packet is
   * covered. Default 1000.
   */
  lateCostMs?: number;
  /** Time constant of the target's fall. Default 2000. */
  decayMs?: number;
  /** Added to the chosen offset: arrivals that just make it still vary by a few ms. Default 10. */
  marginMs?: number;
  /** Buffering of the first packets, before statistics exist. Default 40. */
  initialDelayMs?: number;
  /** This many late arrivals in a row lift the target at once (route change). Default 3. */
  attackCount?: number;
  /** Ask for time-scaling inside talkspurts (waveform codecs). Default true. */
  timeScale?: boolean;
  /** Delay error tolerated before scaling or inserting. Default 8. */
  scaleThresholdMs?: number;
  /** Largest change of one packet's length by time-scaling, as a fraction. Default 0.5. */
  maxScale?: number;
  /** Length of a silence step while waiting for packets. Default 10. */
  tickMs?: number;
  /** Concealment after which a talkspurt counts as ended. Default 100. */
  maxConcealMs?: number;
  /** A timestamp moving this much against arrival time is a jump: resynchronise. Default 1000. */
  jumpMs?: number;
  /** Without time-scaling: skip a packet when this far behind the target. Default 60. */
  dropThresholdMs?: number;
  /**
   * With time-scaling: how long playout may fall behind the target waiting for a late
   * packet (filling with concealment) before declaring it lost. Default 50.
   */
  lateWaitMs?: number;
  /** Length of one concealment step while waiting. Default 2.5. */
  waitStepMs?: number;
  /**
   * With time-scaling: when a packet starts playing and its successor has not arrived,
   * ask to stretch it by this much (real speech instead of later concealment); 0 = never.
   * Default 0.
   */
  gapStretchMs?: number;
  /**
   * Wait for a missing packet only while it is at least this likely to be late rather
   * than lost (from the recent transit times and the measured loss rate). Default 0.3.
   */
  lateBelief?: number;
}

const SETTING_KEYS: Record<
  Exclude<keyof JitterBufferOptions, "clockRate" | "capacity" | "history">,
  number
> = {
  minDelayMs: K_MIN_DELAY,
  maxDelayMs: K_MAX_DELAY,
  lateCostMs: K_LATE_COST,
  decayMs: K_DECAY,
  marginMs: K_MARGIN,
  initialDelayMs: K_INITIAL_DELAY,
  attackCount: K_ATTACK_COUNT,
  timeScale: K_TIME_SCALE,
  scaleThresholdMs: K_SCALE_THRESHOLD,
  maxScale: K_MAX_SCALE,
  tickMs: K_TICK,
  maxConcealMs: K_MAX_CONCEAL,
  jumpMs: K_JUMP,
  dropThresholdMs: K_DROP_THRESHOLD,
  lateWaitMs: K_LATE_WAIT,
  waitStepMs: K_WAIT_STEP,
  gapStretchMs: K_GAP_STRETCH,
  lateBelief: K_LATE_BELIEF,
};

/** The RTP header fields the buffer needs, plus the media duration of the payload. */
export interface PacketInfo {
  sequence: number;
  timestamp: number;
  ssrc: number;
  marker: boolean;
  /** Media duration in timestamp units (samples), e.g. 160 for 20 ms of G.711. */
  samples: number;
}

/** Why `put` refused a packet; all are counted in the statistics. */
export type Refusal = "duplicate" | "late" | "invalid";

/** What to play next. `timestamp` is the sender's RTP timestamp of the first sample. */
export type PlayoutDecision<P> =
  | {
    kind: "play";
    payload: P;
    sequence: number;
    timestamp: number;
    /** Samples in the packet. */
    samples: number;
    /** Samples to produce from them: fewer to catch up, more to build delay. */
    outSamples: number;
    /** Playout delay minus target delay (ms) when this was decided. */
    errorMs: number;
  }
  | {
    kind: "conceal";
    timestamp: number;
    samples: number;
    /** True when this fills time while a late packet is awaited (the media does not advance). */
    inserted: boolean;
    errorMs: number;
  }
  | { kind: "silence"; timestamp: number; samples: number };

/** Counters since creation or reset, and the current delays. */
export interface JitterStats {
  received: number;
  played: number;
  /** Concealment steps and samples (losses, late packets, insertions). */
  concealed: number;
  concealedSamples: number;
  /** Packets that came after their time (or were overtaken while queued). */
  late: number;
  duplicates: number;
  /** Packets dropped because the buffer was full. */
  overflow: number;
  invalid: number;
  /** Timestamp jumps and SSRC changes. */
  resyncs: number;
  stretchedSamples: number;
  compressedSamples: number;
  insertedSamples: number;
  silenceSamples: number;
  /** Buffering at the last decision, over the smallest transit seen (ms). */
  currentDelayMs: number;
  /** What the buffer is steering to, same reference (ms). */
  targetDelayMs: number;
  buffered: number;
  talkspurts: number;
  /** Packets skipped to shrink the delay (only without time-scaling). */
  droppedForDelay: number;
  /** Absolute playout offset: a packet plays at its media time plus this (ms). */
  playoutOffsetMs: number;
  /** Smallest transit (arrival minus media time) in the window (ms). */
  minTransitMs: number;
  /** Recent share of packets that never arrived (exponentially weighted). */
  lossRate: number;
  /** Changes of the network's delay level detected. */
  levelShifts: number;
}

/** Where each statistic sits in the module's stats record. */
const STAT_FIELDS_AT: Record<keyof JitterStats, number> = {
  received: S_RECEIVED,
  played: S_PLAYED,
  concealed: S_CONCEALED,
  concealedSamples: S_CONCEALED_SAMPLES,
  late: S_LATE,
  duplicates: S_DUPLICATES,
  overflow: S_OVERFLOW,
  invalid: S_INVALID,
  resyncs: S_RESYNCS,
  stretchedSamples: S_STRETCHED,
  compressedSamples: S_COMPRESSED,
  insertedSamples: S_INSERTED,
  silenceSamples: S_SILENCE,
  currentDelayMs: S_CURRENT_DELAY,
  targetDelayMs: S_TARGET_DELAY,
  buffered: S_BUFFERED,
  talkspurts: S_TALKSPURTS,
  droppedForDelay: S_DROPPED_FOR_DELAY,
  playoutOffsetMs: S_PLAYOUT_OFFSET,
  minTransitMs: S_MIN_TRANSIT,
  lossRate: S_LOSS_RATE,
  levelShifts: S_LEVEL_SHIFTS,
};

const REFUSALS: Record<number, Refusal> = {
  [DUPLICATE]: "duplicate",
  [LATE]: "late",
  [INVALID]: "invalid",
};

/** Adaptive jitter buffer holding payloads of type `P` (usually `Uint8Array`). */
export class JitterBuffer<P = Uint8Array> {
  #h: number;
  #payloads: (P | undefined)[];

  private constructor(private readonly x: JitterExports, h: number, capacity: number) {
    this.#h = h;
    this.#payloads = new Array(capacity);
  }

  /**
   * A new buffer. Throws a `RangeError` naming the option that is out of range.
   *
   * @example
   * ```ts
   * import { JitterBuffer } from "./jitter_buffer.ts";
   * const jb = await JitterBuffer.create({ clockRate: 8000, lateCostMs: 600 });
   * ```
   */
  static async create<P = Uint8Array>(options: JitterBufferOptions = {}): Promise<JitterBuffer<P>> {
    const x = await loadDspModule<JitterExports>("jitter");
    const rate = options.clockRate ?? 8000;
    const capacity = options.capacity ?? 64;
    const history = options.history ?? 500;
    const h = x.jb_create(rate, capacity, history);
    if (!h) {
      throw new RangeError(
        `jitter buffer: clockRate ${rate} (1000-192000), capacity ${capacity} (2-1024) ` +
          `or history ${history} (8-8192) out of range`,
      );
    }
    const jb = new JitterBuffer<P>(x, h, capacity);
    for (const [name, key] of Object.entries(SETTING_KEYS)) {
      const value = options[name as keyof JitterBufferOptions];
      if (value === undefined) continue;
      if (x.jb_set(h, key, Number(value)) !== 0) {
        jb.close();
        throw new RangeError(`jitter buffer: option ${name} = ${value} is out of range`);
      }
    }
    return jb;
  }

  #live(): number {
    if (!this.#h) throw new ClosedError("jitter buffer");
    return this.#h;
  }

  /**
   * Queues a packet that arrived at `arrivalMs` (host clock, the same clock as `get`).
   * Returns the slot it was stored in, or why it was refused. Never throws for a bad
   * packet: refusals are counted in {@link stats}.
   */
  put(packet: PacketInfo, arrivalMs: number, payload: P): number | Refusal {
    const r = this.x.jb_put(
      this.#live(),
      packet.sequence & 0xffff,
      packet.timestamp >>> 0,
      packet.ssrc >>> 0,
      arrivalMs,
      packet.marker ? 1 : 0,
      Number.isInteger(packet.samples) ? packet.samples : -1,
    );
    if (r >= 0) {
      this.#payloads[r] = payload;
      return r;
    }
    return REFUSALS[r] ?? "invalid";
  }

  /** What plays from `playMs` on (the time its first sample reaches the listener). */
  get(playMs: number): PlayoutDecision<P> {
    const kind = this.x.jb_get(this.#live(), playMs);
    if (kind < 0) throw new RangeError(`jitter buffer: playMs ${playMs} is not a finite time`);
    const d = new Float64Array(this.x.memory.buffer, this.x.jb_decision(this.#h), DECISION_FIELDS);
    const timestamp = d[D_TS], samples = d[D_SAMPLES];
    if (kind === PLAY) {
      const slot = d[D_SLOT];
      const payload = this.#payloads[slot] as P;
      this.#payloads[slot] = undefined;
      return {
        kind: "play",
        payload,
        sequence: d[D_SEQ],
        timestamp,
        samples,
        outSamples: d[D_OUT],
        errorMs: d[D_ERROR_MS],
      };
    }
    if (kind === CONCEAL) {
      return {
        kind: "conceal",
        timestamp,
        samples,
        inserted: d[D_INSERTED] === 1,
        errorMs: d[D_ERROR_MS],
      };
    }
    return { kind: "silence", timestamp, samples };
  }

  /** Reports how many samples the last decision really produced (time-scaling is inexact). */
  played(outSamples: number): void {
    this.x.jb_played(this.#live(), outSamples);
  }

  /** Counters and delays. */
  stats(): JitterStats {
    const s = new Float64Array(
      this.x.memory.buffer,
      this.x.jb_stats(this.#live()),
      STAT_FIELDS,
    );
    const out = {} as JitterStats;
    for (const [name, at] of Object.entries(STAT_FIELDS_AT)) out[name as keyof JitterStats] = s[at];
    return out;
  }

  /** Empties the buffer and clears statistics, as for a new call. */
  reset(): void {
    this.x.jb_reset(this.#live());
    this.#payloads.fill(undefined);
  }

  /** Frees the state; the buffer is unusable afterwards. */
  close(): void {
    if (!this.#h) return;
    this.x.jb_destroy(this.#h);
    this.#h = 0;
    this.#payloads = [];
  }
}

/** The option-to-key and statistic-to-field tables, for the ABI agreement test only. */
export const _abiTables = { settings: SETTING_KEYS, stats: STAT_FIELDS_AT };
