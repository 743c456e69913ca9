/**
 * Reception statistics of one RTP source: sequence validation as in RFC 3550 Appendix A.1
 * (probation, wrap-around, cycles, restart after a large jump), loss as in A.3 and
 * interarrival jitter as in A.8, plus counts of reordered and duplicate packets.
 *
 * @example
 * ```ts
 * import { StreamStats } from "./stream_stats.ts";
 * const stats = new StreamStats(1000, { clockRate: 8000 });
 * stats.update(1000, 0, 0);     // { kind: "probation" }: one packet proves nothing yet
 * stats.update(1001, 160, 20);  // { kind: "accepted", ... }
 * stats.update(1003, 480, 60);  // 1002 lost
 * stats.snapshot().cumulativeLost; // 1
 * stats.intervalReport().fractionLost; // 85 (1/3 of 256)
 * ```
 * @module
 */

const SEQ_MOD = 0x10000;
/** Recently received sequence numbers remembered for duplicate detection. */
/** Smallest window of remembered sequence numbers (a power of two). */
const MIN_SEEN_WINDOW = 256;

/** Tuning of {@link StreamStats}; the defaults are those of RFC 3550 A.1. */
export interface StreamStatsOptions {
  /** RTP clock rate in Hz (jitter is kept in these units). */
  readonly clockRate: number;
  /** In-sequence packets needed before a source is valid (A.1 MIN_SEQUENTIAL, 2). */
  readonly minSequential?: number;
  /** A forward jump this large or larger is suspect (A.1 MAX_DROPOUT, 3000). */
  readonly maxDropout?: number;
  /** A backward step up to this size is reordering (A.1 MAX_MISORDER, 100). */
  readonly maxMisorder?: number;
}

/** What {@link StreamStats.update} decided about one packet. */
export type SequenceVerdict =
  | {
    readonly kind: "accepted";
    /** Sequence number extended with the count of wrap-arounds (cycles). */
    readonly extendedSequence: number;
    /** True when it arrived after a packet with a higher sequence number. */
    readonly reordered: boolean;
  }
  /** Source still on probation: not yet enough packets in sequence. */
  | { readonly kind: "probation" }
  /** A large jump in sequence: dropped unless the next packet follows it (then restart). */
  | { readonly kind: "bad-sequence" }
  /** Same sequence number as a packet already received. */
  | { readonly kind: "duplicate" };

/** Cumulative statistics of one source. */
export interface StreamStatsSnapshot {
  /** False while on probation. */
  readonly valid: boolean;
  /** First extended sequence number counted (after the last restart). */
  readonly baseSequence: number;
  /** Highest extended sequence number received. */
  readonly extendedHighestSequence: number;
  /** Wrap-arounds of the 16-bit sequence number so far. */
  readonly cycles: number;
  /** Packets expected: extended highest - base + 1. */
  readonly expected: number;
  /** Packets accepted (duplicates excluded). */
  readonly received: number;
  /** expected - received; negative when late packets from before the base arrive. */
  readonly cumulativeLost: number;
  /** Interarrival jitter in timestamp units (RFC 3550 A.8). */
  readonly jitter: number;
  /** The same jitter in milliseconds. */
  readonly jitterMs: number;
  /** Packets accepted after a packet with a higher sequence number. */
  readonly reordered: number;
  /** Packets dropped as duplicates. */
  readonly duplicates: number;
  /** Times the sequence was restarted after a jump (A.1 bad_seq). */
  readonly restarts: number;
}

/** Loss over the interval since the previous {@link StreamStats.intervalReport}. */
export interface IntervalReport {
  readonly expected: number;
  readonly received: number;
  readonly lost: number;
  /** Fraction lost as in the RTCP report block: 0-255, lost / expected * 256. */
  readonly fractionLost: number;
}

/** Sequence, loss and jitter bookkeeping for one SSRC. */
export class StreamStats {
  readonly clockRate: number;
  readonly #minSequential: number;
  readonly #maxDropout: number;
  readonly #maxMisorder: number;
  #maxSeq = 0;
  #cycles = 0;
  #baseSeq = 0;
  #badSeq = SEQ_MOD + 1;
  #probation: number;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #reordered = 0;
  #duplicates = 0;
  #restarts = 0;
  // Extended sequence numbers seen lately, to tell a duplicate from a reordered packet; it
  // need only reach back as far as reordering is accepted (maxMisorder), not a fixed 4096.
  readonly #seen: Float64Array;
  readonly #seenMask: number;
  #jitter = 0;
  #lastTransitTs: number | undefined;
  #lastRtpTs = 0;

  /** Starts tracking a source whose first packet carries `firstSequence`. */
  constructor(firstSequence: number, options: StreamStatsOptions) {
    if (!(options.clockRate > 0)) throw new RangeError(`clock rate ${options.clockRate} <= 0`);
    this.clockRate = options.clockRate;
    this.#minSequential = Math.max(1, options.minSequential ?? 2);
    this.#maxDropout = options.maxDropout ?? 3000;
    this.#maxMisorder = options.maxMisorder ?? 100;
    let window = MIN_SEEN_WINDOW;
    while (window <= this.#maxMisorder + 1) window *= 2;
    this.#seen = new Float64Array(window);
    this.#seenMask = window - 1;
    this.#initSequence(firstSequence);
    this.#maxSeq = (firstSequence - 1) & 0xffff;
    this.#probation = this.#minSequential;
  }

  #initSequence(seq: number) {
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = SEQ_MOD + 1;
    this.#cycles = 0;
    this.#received = 0;
    this.#receivedPrior = 0;
    this.#expectedPrior = 0;
    this.#seen.fill(NaN); // never equal to a sequence number
  }

  /**
   * Accounts for one packet with 16-bit `sequence`, 32-bit RTP `timestamp`, arrived at
   * `arrivalMs` (any monotonic clock in milliseconds). Set `jitter` false for packets
   * whose timestamp is not a sampling instant (RFC 4733 events) so they do not skew it.
   */
  update(sequence: number, timestamp: number, arrivalMs: number, jitter = true): SequenceVerdict {
    const seq = sequence & 0xffff;
    const verdict = this.#updateSequence(seq);
    if (verdict.kind === "accepted" && jitter) this.#updateJitter(timestamp >>> 0, arrivalMs);
    return verdict;
  }

  #updateSequence(seq: number): SequenceVerdict {
    const udelta = (seq - this.#maxSeq) & 0xffff;
    if (this.#probation > 0) {
      if (seq === ((this.#maxSeq + 1) & 0xffff)) {
        this.#probation--;
        this.#maxSeq = seq;
        if (this.#probation === 0) {
          this.#initSequence(seq);
          return this.#accept(seq, false);
        }
      } else {
        this.#probation = this.#minSequential - 1;
        this.#maxSeq = seq;
      }
      return { kind: "probation" };
    }
    if (udelta < this.#maxDropout) {
      if (udelta === 0) return this.#duplicate();
      if (seq < this.#maxSeq) this.#cycles += SEQ_MOD;
      this.#maxSeq = seq;
      return this.#accept(this.#cycles + seq, false);
    }
    if (udelta <= SEQ_MOD - this.#maxMisorder) {
      if (seq !== this.#badSeq) {
        this.#badSeq = (seq + 1) & 0xffff;
        return { kind: "bad-sequence" };
      }
      // Two packets in sequence after the jump: the source restarted.
      this.#initSequence(seq);
      this.#restarts++;
      return this.#accept(seq, false);
    }
    // Behind the highest: reordered, or a duplicate of one already seen.
    const ext = this.#cycles + seq - (seq > this.#maxSeq ? SEQ_MOD : 0);
    if (this.#seen[ext & this.#seenMask] === ext) return this.#duplicate();
    this.#reordered++;
    return this.#accept(ext, true);
  }

  #accept(ext: number, reordered: boolean): SequenceVerdict {
    this.#seen[ext & this.#seenMask] = ext;
    this.#received++;
    return { kind: "accepted", extendedSequence: ext, reordered };
  }

  #duplicate(): SequenceVerdict {
    this.#duplicates++;
    return { kind: "duplicate" };
  }

  #updateJitter(timestamp: number, arrivalMs: number) {
    const arrivalTs = (arrivalMs * this.clockRate) / 1000;
    if (this.#lastTransitTs !== undefined) {
      // Timestamps wrap at 2^32: take their difference as a signed 32-bit number.
      const tsDelta = (timestamp - this.#lastRtpTs) | 0;
      const d = Math.abs(arrivalTs - this.#lastTransitTs - tsDelta);
      this.#jitter += (d - this.#jitter) / 16;
    }
    this.#lastTransitTs = arrivalTs;
    this.#lastRtpTs = timestamp;
  }

  /** Cumulative statistics, without side effects. */
  snapshot(): StreamStatsSnapshot {
    const valid = this.#probation === 0;
    const highest = this.#cycles + this.#maxSeq;
    const expected = valid ? highest - this.#baseSeq + 1 : 0;
    return {
      valid,
      baseSequence: this.#baseSeq,
      extendedHighestSequence: highest,
      cycles: this.#cycles / SEQ_MOD,
      expected,
      received: this.#received,
      cumulativeLost: expected - this.#received,
      jitter: this.#jitter,
      jitterMs: (this.#jitter * 1000) / this.clockRate,
      reordered: this.#reordered,
      duplicates: this.#duplicates,
      restarts: this.#restarts,
    };
  }

  /**
   * Loss since the previous call (RFC 3550 A.3), as an RTCP receiver report needs it; each
   * call starts a new interval.
   */
  intervalReport(): IntervalReport {
    const { expected, received } = this.snapshot();
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = received - this.#receivedPrior;
    this.#expectedPrior = expected;
    this.#receivedPrior = received;
    const lost = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lost <= 0
      ? 0
      : Math.floor((lost * 256) / expectedInterval);
    return {
      expected: expectedInterval,
      received: receivedInterval,
      lost,
      fractionLost: Math.min(255, fractionLost),
    };
  }
}
