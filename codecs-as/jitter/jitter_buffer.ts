// Adaptive jitter buffer: a pure state machine over packets (put) and playout ticks (get).
// Packets are kept as metadata only (timestamp, sequence, duration); the host keeps each
// payload under the slot number `put` returns. Times are milliseconds on the host's
// clock; media positions are extended RTP timestamps (64-bit, never wrapping).
import { DelayEstimator } from "./delay_estimator";
import { SeenWindow } from "./seen_window";
import {
  PLAY,
  CONCEAL,
  SILENCE,
  DUPLICATE,
  LATE,
  INVALID,
  D_KIND,
  D_SLOT,
  D_TS,
  D_SAMPLES,
  D_OUT,
  D_SEQ,
  D_INSERTED,
  D_ERROR_MS,
  DECISION_FIELDS,
  S_RECEIVED,
  S_PLAYED,
  S_CONCEALED,
  S_CONCEALED_SAMPLES,
  S_LATE,
  S_DUPLICATES,
  S_OVERFLOW,
  S_INVALID,
  S_RESYNCS,
  S_STRETCHED,
  S_COMPRESSED,
  S_INSERTED,
  S_SILENCE,
  S_CURRENT_DELAY,
  S_TARGET_DELAY,
  S_BUFFERED,
  S_TALKSPURTS,
  S_DROPPED_FOR_DELAY,
  S_PLAYOUT_OFFSET,
  S_MIN_TRANSIT,
  S_LOSS_RATE,
  S_LEVEL_SHIFTS,
  STAT_FIELDS,
} from "./abi";
export * from "./abi";


export class JitterBuffer {
  readonly decision: StaticArray<f64> = new StaticArray<f64>(DECISION_FIELDS);
  readonly stats: StaticArray<f64> = new StaticArray<f64>(STAT_FIELDS);
  readonly estimator: DelayEstimator;

  // Slots: metadata of queued packets.
  private used: StaticArray<bool>;
  private rawTs: StaticArray<u32>;
  private extTs: StaticArray<i64>;
  private extSeq: StaticArray<i64>;
  private dur: StaticArray<i32>;
  private marker: StaticArray<bool>;
  private seen: SeenWindow = new SeenWindow();

  // Mapping of the sender's 32-bit timestamps and 16-bit sequence onto extended values.
  private haveStream: bool = false;
  private ssrc: u32 = 0;
  private lastRawTs: u32 = 0;
  private lastExtTs: i64 = 0;
  private lastRawSeq: i32 = 0;
  private lastExtSeq: i64 = 0;
  private lastTransit: f64 = 0;

  // Playout position.
  private playing: bool = false;
  private havePosition: bool = false;
  private nextTs: i64 = 0;
  private lastSeq: i64 = 0;
  private lastDur: i32 = 0;
  private concealRun: i32 = 0;
  private insertRun: i32 = 0;
  // Share of played packets that turned out to end a talkspurt (exponentially weighted).
  private endRate: f64 = 0;

  // Settings (see index.ts for the keys).
  timeScale: bool = true;
  scaleThresholdMs: f64 = 8;
  maxScale: f64 = 0.5;
  tickMs: f64 = 10;
  maxConcealMs: f64 = 100;
  jumpMs: f64 = 1000;
  dropThresholdMs: f64 = 60;
  lateWaitMs: f64 = 50;
  waitStepMs: f64 = 2.5;
  gapStretchMs: f64 = 0;
  lateBelief: f64 = 0.3;

  constructor(public rate: i32, public capacity: i32, history: i32) {
    this.estimator = new DelayEstimator(history, 50);
    this.used = new StaticArray<bool>(capacity);
    this.rawTs = new StaticArray<u32>(capacity);
    this.extTs = new StaticArray<i64>(capacity);
    this.extSeq = new StaticArray<i64>(capacity);
    this.dur = new StaticArray<i32>(capacity);
    this.marker = new StaticArray<bool>(capacity);
    this.lastDur = rate / 50;
  }

  reset(): void {
    for (let i = 0; i < this.capacity; i++) unchecked(this.used[i] = false);
    for (let i = 0; i < STAT_FIELDS; i++) unchecked(this.stats[i] = 0);
    this.seen.reset();
    this.estimator.reset();
    this.haveStream = false;
    this.playing = false;
    this.havePosition = false;
    this.concealRun = 0;
    this.insertRun = 0;
    this.endRate = 0;
    this.lastDur = this.rate / 50;
  }

  private msOf(ts: i64): f64 {
    return (<f64>ts * 1000.0) / <f64>this.rate;
  }

  private samplesOf(ms: f64): i32 {
    return <i32>Math.round((ms * <f64>this.rate) / 1000.0);
  }

  private count(field: i32, by: f64 = 1): void {
    unchecked(this.stats[field] += by);
  }

  // ---- arrivals ----

  /** Queues a packet; returns its slot, or DUPLICATE / LATE / INVALID. */
  put(seq: i32, ts: u32, ssrc: u32, arrival: f64, marker: bool, samples: i32): i32 {
    this.count(S_RECEIVED);
    if (samples <= 0 || samples > this.rate / 5 || !isFinite(arrival)) {
      this.count(S_INVALID);
      return INVALID;
    }
    let ext: i64;
    let eseq: i64;
    let discontinuity = false;
    if (!this.haveStream) {
      this.haveStream = true;
      this.ssrc = ssrc;
      this.lastRawTs = ts;
      this.lastExtTs = <i64>ts;
      this.lastRawSeq = seq & 0xffff;
      this.lastExtSeq = <i64>(seq & 0xffff);
      ext = this.lastExtTs;
      eseq = this.lastExtSeq;
      this.lastTransit = arrival - this.msOf(ext);
    } else if (ssrc != this.ssrc) {
      this.ssrc = ssrc;
      ext = this.rebaseTs(ts, arrival);
      eseq = this.rebaseSeq(seq);
      discontinuity = true;
    } else {
      ext = this.lastExtTs + <i64><i32>(ts - this.lastRawTs);
      eseq = this.lastExtSeq + <i64><i16>(seq - this.lastRawSeq);
      if (Math.abs(arrival - this.msOf(ext) - this.lastTransit) > this.jumpMs) {
        ext = this.rebaseTs(ts, arrival);
        if (Math.abs(<f64>(eseq - this.lastExtSeq)) > 1000) eseq = this.rebaseSeq(seq);
        discontinuity = true;
      }
    }
    if (this.seen.has(eseq)) {
      this.count(S_DUPLICATES);
      return DUPLICATE;
    }
    if (this.seen.tooOld(eseq)) {
      this.count(S_LATE);
      return LATE;
    }
    this.seen.mark(eseq);
    if (eseq > this.lastExtSeq) {
      this.lastExtSeq = eseq;
      this.lastRawSeq = seq & 0xffff;
    }
    if (ext > this.lastExtTs) {
      this.lastExtTs = ext;
      this.lastRawTs = ts;
    }
    const transit = arrival - this.msOf(ext);
    this.lastTransit = transit;
    this.estimator.add(transit, arrival);
    if (this.havePosition && ext < this.nextTs) {
      this.count(S_LATE);
      return LATE;
    }
    return this.store(ts, ext, eseq, samples, marker || discontinuity);
  }

  // A new SSRC or a timestamp jump: place the packet where an unchanged network delay
  // puts it, never before what is queued or already played, so playout stays in order.
  private rebaseTs(ts: u32, arrival: f64): i64 {
    let ext = <i64>Math.round(((arrival - this.lastTransit) * <f64>this.rate) / 1000.0);
    if (this.havePosition && ext < this.nextTs) ext = this.nextTs;
    const end = this.bufferedEnd();
    if (ext < end) ext = end;
    this.lastRawTs = ts;
    this.lastExtTs = ext;
    this.count(S_RESYNCS);
    return ext;
  }

  private rebaseSeq(seq: i32): i64 {
    this.lastRawSeq = seq & 0xffff;
    this.lastExtSeq = this.lastExtSeq + 1;
    return this.lastExtSeq;
  }

  private bufferedEnd(): i64 {
    let end: i64 = I64.MIN_VALUE;
    for (let i = 0; i < this.capacity; i++) {
      if (unchecked(this.used[i])) {
        const e = unchecked(this.extTs[i]) + <i64>unchecked(this.dur[i]);
        if (e > end) end = e;
      }
    }
    return end;
  }

  private store(ts: u32, ext: i64, eseq: i64, samples: i32, marker: bool): i32 {
    let slot = this.freeSlot();
    if (slot < 0) {
      // Full: the oldest packet goes (the new one, if it is the oldest).
      slot = this.earliest();
      if (unchecked(this.extTs[slot]) > ext) {
        this.count(S_OVERFLOW);
        return INVALID;
      }
      unchecked(this.used[slot] = false);
      this.count(S_OVERFLOW);
    }
    unchecked(this.used[slot] = true);
    unchecked(this.rawTs[slot] = ts);
    unchecked(this.extTs[slot] = ext);
    unchecked(this.extSeq[slot] = eseq);
    unchecked(this.dur[slot] = samples);
    unchecked(this.marker[slot] = marker);
    return slot;
  }

  private freeSlot(): i32 {
    for (let i = 0; i < this.capacity; i++) if (!unchecked(this.used[i])) return i;
    return -1;
  }

  private earliest(): i32 {
    let best = -1;
    for (let i = 0; i < this.capacity; i++) {
      if (unchecked(this.used[i]) && (best < 0 || unchecked(this.extTs[i]) < unchecked(this.extTs[best]))) best = i;
    }
    return best;
  }

  private slotAt(ts: i64): i32 {
    for (let i = 0; i < this.capacity; i++) {
      if (unchecked(this.used[i]) && unchecked(this.extTs[i]) == ts) return i;
    }
    return -1;
  }

  private firstAfter(ts: i64): i32 {
    let best = -1;
    for (let i = 0; i < this.capacity; i++) {
      if (!unchecked(this.used[i]) || unchecked(this.extTs[i]) <= ts) continue;
      if (best < 0 || unchecked(this.extTs[i]) < unchecked(this.extTs[best])) best = i;
    }
    return best;
  }

  private bufferedCount(): i32 {
    let n = 0;
    for (let i = 0; i < this.capacity; i++) if (unchecked(this.used[i])) n++;
    return n;
  }

  // Packets whose time has passed while they waited (the position jumped over them).
  private dropStale(): void {
    if (!this.havePosition) return;
    for (let i = 0; i < this.capacity; i++) {
      if (unchecked(this.used[i]) && unchecked(this.extTs[i]) < this.nextTs) {
        unchecked(this.used[i] = false);
        this.count(S_LATE);
      }
    }
  }

  // ---- playout ----

  /** Decides what plays from `playMs` on; the decision record holds the details. */
  get(playMs: f64): i32 {
    this.dropStale();
    const kind = this.playing ? this.talk(playMs) : this.idle(playMs);
    const base = this.estimator.minTransit();
    unchecked(this.stats[S_TARGET_DELAY] = this.estimator.target - base);
    unchecked(this.stats[S_PLAYOUT_OFFSET] = this.estimator.target);
    unchecked(this.stats[S_MIN_TRANSIT] = base);
    unchecked(this.stats[S_BUFFERED] = <f64>this.bufferedCount());
    unchecked(this.stats[S_LOSS_RATE] = this.seen.lossRate);
    unchecked(this.stats[S_LEVEL_SHIFTS] = <f64>this.estimator.shifts);
    return kind;
  }

  private errorMs(playMs: f64): f64 {
    return playMs - this.msOf(this.nextTs) - this.estimator.target;
  }

  // Between talkspurts: wait, sample-exactly, until the first queued packet is due.
  // A head more than lateWaitMs past due (it came in a delay spike) is late: skipping it
  // keeps the talkspurt on the target instead of starting it with the spike's delay.
  private idle(playMs: f64): i32 {
    let h = this.earliest();
    while (h >= 0) {
      const late = playMs - this.msOf(unchecked(this.extTs[h])) - this.estimator.target;
      if (late <= this.lateWaitMs || this.bufferedCount() == 1) break;
      unchecked(this.used[h] = false);
      this.count(S_LATE);
      h = this.earliest();
    }
    if (h < 0) return this.silence(this.samplesOf(this.tickMs));
    const due = this.msOf(unchecked(this.extTs[h])) + this.estimator.target;
    const wait = this.samplesOf(due - playMs);
    if (wait > 0) return this.silence(min(wait, this.samplesOf(this.tickMs)));
    this.playing = true;
    this.havePosition = true;
    this.nextTs = unchecked(this.extTs[h]);
    this.count(S_TALKSPURTS);
    return this.play(h, playMs);
  }

  // Inside a talkspurt: play the packet that is due, or conceal what is missing.
  private talk(playMs: f64): i32 {
    let s = this.slotAt(this.nextTs);
    if (s >= 0) {
      if (!this.timeScale) s = this.skipForDelay(s, playMs);
      return this.play(s, playMs);
    }
    const n = this.firstAfter(this.nextTs);
    const silenceGap = n >= 0 &&
      (unchecked(this.marker[n]) || unchecked(this.extSeq[n]) == this.lastSeq + 1);
    if (silenceGap || this.concealRun >= this.samplesOf(this.maxConcealMs)) {
      this.playing = false;
      this.endRate += (1.0 - this.endRate) / 200.0;
      return this.idle(playMs);
    }
    let len = this.lastDur;
    if (n >= 0) len = <i32>min(<i64>len, unchecked(this.extTs[n]) - this.nextTs);
    return this.conceal(len, playMs);
  }

  private conceal(len: i32, playMs: f64): i32 {
    const err = this.errorMs(playMs);
    // A missing packet is awaited, not yet declared lost, while playout is less than
    // lateWaitMs behind the target: fill the wait in short steps without moving the media
    // position, then catch up by time-scaling. Before its due time it is simply early.
    const insert = this.insertRun < this.samplesOf(this.estimator.maxDelayMs) &&
      (err < 0 || (this.timeScale && err < this.lateWaitMs && this.likelyLate(playMs)));
    if (insert) {
      const step = err < 0 ? this.samplesOf(-err) : this.samplesOf(this.waitStepMs);
      len = max(1, min(len, step));
    }
    this.decide(CONCEAL, -1, this.rawOf(this.nextTs), len, len, -1, insert, err);
    this.count(S_CONCEALED);
    this.count(S_CONCEALED_SAMPLES, <f64>len);
    unchecked(this.stats[S_CURRENT_DELAY] = playMs - this.msOf(this.nextTs) - this.estimator.minTransit());
    if (insert) {
      this.insertRun += len;
      this.count(S_INSERTED, <f64>len);
    } else {
      this.nextTs += <i64>len;
      this.lastSeq++;
      this.concealRun += len;
    }
    return CONCEAL;
  }

  // Whether the missing packet at nextTs is more likely still on its way than lost or
  // never sent (the talkspurt ended): the share of recent packets slower than it would now
  // have to be, against the loss rate and the rate at which talkspurts end.
  private likelyLate(playMs: f64): bool {
    const gone = min(0.5, this.seen.lossRate + this.endRate);
    const slower = this.estimator.shareLaterThan(playMs - this.msOf(this.nextTs));
    const late = (1.0 - gone) * slower;
    return late > 0 && late >= this.lateBelief * (late + gone);
  }

  // Without time-scaling, delay can only shrink by skipping a packet that has a successor.
  private skipForDelay(s: i32, playMs: f64): i32 {
    if (this.errorMs(playMs) <= this.dropThresholdMs) return s;
    const next = this.slotAt(unchecked(this.extTs[s]) + <i64>unchecked(this.dur[s]));
    if (next < 0) return s;
    unchecked(this.used[s] = false);
    this.nextTs = unchecked(this.extTs[next]);
    this.count(S_DROPPED_FOR_DELAY);
    return next;
  }

  private play(s: i32, playMs: f64): i32 {
    const d = unchecked(this.dur[s]);
    const err = this.errorMs(playMs);
    let out = d;
    if (this.timeScale) {
      const limit = <i32>(this.maxScale * <f64>d);
      if (err > this.scaleThresholdMs) {
        out = d - min(this.samplesOf(err), limit);
      } else if (err < -this.scaleThresholdMs) {
        out = d + min(this.samplesOf(-err), limit);
      } else if (this.gapStretchMs > 0 && err < this.lateWaitMs) {
        // The next packet is not here yet: slow down on real speech now rather than
        // fill a gap with concealment later. The delay added is shed again by compression.
        const after = unchecked(this.extTs[s]) + <i64>d;
        if (this.slotAt(after) < 0) out = d + min(this.samplesOf(this.gapStretchMs), limit);
      }
    }
    const seq = <i32>(unchecked(this.extSeq[s]) & 0xffff);
    this.decide(PLAY, s, unchecked(this.rawTs[s]), d, out, seq, false, err);
    unchecked(this.stats[S_CURRENT_DELAY] = playMs - this.msOf(this.nextTs) - this.estimator.minTransit());
    this.nextTs = unchecked(this.extTs[s]) + <i64>d;
    this.lastSeq = unchecked(this.extSeq[s]);
    this.lastDur = d;
    this.concealRun = 0;
    this.insertRun = 0;
    unchecked(this.used[s] = false);
    this.count(S_PLAYED);
    this.endRate -= this.endRate / 200.0;
    return PLAY;
  }

  private silence(n: i32): i32 {
    this.decide(SILENCE, -1, this.rawOf(this.nextTs), n, n, -1, false, 0);
    this.count(S_SILENCE, <f64>n);
    return SILENCE;
  }

  // The sender's 32-bit timestamp for an extended position.
  private rawOf(ext: i64): u32 {
    return <u32>(<i64>this.lastRawTs + (ext - this.lastExtTs));
  }

  private decide(
    kind: i32, slot: i32, ts: u32, samples: i32, out: i32, seq: i32, inserted: bool, err: f64,
  ): void {
    const d = this.decision;
    unchecked(d[D_KIND] = <f64>kind);
    unchecked(d[D_SLOT] = <f64>slot);
    unchecked(d[D_TS] = <f64>ts);
    unchecked(d[D_SAMPLES] = <f64>samples);
    unchecked(d[D_OUT] = <f64>out);
    unchecked(d[D_SEQ] = <f64>seq);
    unchecked(d[D_INSERTED] = inserted ? 1.0 : 0.0);
    unchecked(d[D_ERROR_MS] = err);
  }

  /** The host reports how many samples the last decision really produced. */
  played(outSamples: i32): void {
    if (<i32>unchecked(this.decision[D_KIND]) != PLAY) return;
    const diff = outSamples - <i32>unchecked(this.decision[D_SAMPLES]);
    if (diff > 0) this.count(S_STRETCHED, <f64>diff);
    if (diff < 0) this.count(S_COMPRESSED, <f64>-diff);
  }
}
