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
 * const jb = await JitterBuffer.create({ clockRate: 8000 });
 * jb.put({ sequence: 1, timestamp: 160, ssrc: 7, marker: true, samples: 160 }, 1000, payload);
 * const d = jb.get(1040);           // what plays from t = 1040 ms
 * if (d.kind === "play") play(decode(d.payload), d.outSamples);
 * jb.played(producedSamples);        // what really came out (after time-scaling)
 * ```
 * @module
 */
import { ClosedError, loadDspModule, type ModuleExports } from "./wasm_module.ts";

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
   * recent packets that would be late). 200 means 1 % late weighs like 2 ms. Default 200.
   */
  lateCostMs?: number;
  /** Time constant of the target's fall. Default 2000. */
  decayMs?: number;
  /** Added to the quantile. Default 0. */
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

const SETTING_KEYS: Record<string, number> = {
  minDelayMs: 0,
  maxDelayMs: 1,
  lateCostMs: 2,
  decayMs: 3,
  marginMs: 4,
  initialDelayMs: 5,
  attackCount: 6,
  timeScale: 7,
  scaleThresholdMs: 8,
  maxScale: 9,
  tickMs: 10,
  maxConcealMs: 11,
  jumpMs: 12,
  dropThresholdMs: 13,
  lateWaitMs: 14,
  waitStepMs: 15,
  gapStretchMs: 16,
  lateBelief: 17,
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

const STAT_NAMES: (keyof JitterStats)[] = [
  "received",
  "played",
  "concealed",
  "concealedSamples",
  "late",
  "duplicates",
  "overflow",
  "invalid",
  "resyncs",
  "stretchedSamples",
  "compressedSamples",
  "insertedSamples",
  "silenceSamples",
  "currentDelayMs",
  "targetDelayMs",
  "buffered",
  "talkspurts",
  "droppedForDelay",
  "playoutOffsetMs",
  "minTransitMs",
  "lossRate",
  "levelShifts",
];

const REFUSALS: Record<number, Refusal> = { [-10]: "duplicate", [-11]: "late", [-12]: "invalid" };

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
    const d = new Float64Array(this.x.memory.buffer, this.x.jb_decision(this.#h), 8);
    const timestamp = d[2], samples = d[3];
    if (kind === 0) {
      const slot = d[1];
      const payload = this.#payloads[slot] as P;
      this.#payloads[slot] = undefined;
      return {
        kind: "play",
        payload,
        sequence: d[5],
        timestamp,
        samples,
        outSamples: d[4],
        errorMs: d[7],
      };
    }
    if (kind === 1) {
      return { kind: "conceal", timestamp, samples, inserted: d[6] === 1, errorMs: d[7] };
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
      STAT_NAMES.length,
    );
    const out = {} as JitterStats;
    STAT_NAMES.forEach((name, i) => out[name] = s[i]);
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
