// DTMF detector (ITU-T Q.23 frequencies, Q.24 receiver tolerances) at 8 kHz.
// Frames of 20 ms every 10 ms. In each frame the eight DTMF frequencies are measured by
// DFT at exactly those frequencies (Goertzel's single-bin DFT, computed directly so the
// phase is available). A frame carries a digit when one tone of each group stands out,
// both tones are loud enough, the twist is within limits, the two tones hold nearly all
// the frame's energy, and both frequencies, measured from the phase advance between
// consecutive frames, are within the deviation limit. A digit starts after two such
// frames in a row (28 ms of tone at least, 40 ms always) and ends after two frames that
// fail even the relaxed test for a digit already on (a pause of 40 ms always does).

import { EVENT_END, EVENT_START } from "./abi";

export const N: i32 = 160; // frame, 20 ms
export const HOP: i32 = 80; // 10 ms
const TONES: i32 = 8;
const FREQS: StaticArray<f64> = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
// Row-major keypad: row = low tone, column = high tone.
const KEYS: StaticArray<i32> = [
  0x31, 0x32, 0x33, 0x41, // 1 2 3 A
  0x34, 0x35, 0x36, 0x42, // 4 5 6 B
  0x37, 0x38, 0x39, 0x43, // 7 8 9 C
  0x2a, 0x30, 0x23, 0x44, // * 0 # D
];
const RATE: f64 = 8000;
// Peak amplitude of a 0 dBm0 sine in 16-bit PCM (A-law: full scale is +3.14 dBm0).
export const DBM0_PEAK: f64 = 32768.0 * Math.pow(10, -3.14 / 20);
export const MAX_EVENTS: i32 = 64;

export class DtmfDetector {
  // Settings (dtmf_set keys in index.ts).
  minLevelDbm0: f64 = -32;
  // Q.24 accepts 4 dB (high louder) and 8 dB (low louder); 1 dB more for measurement error.
  maxHighOverLowDb: f64 = 5;
  maxLowOverHighDb: f64 = 9;
  maxDeviation: f64 = 0.025; // between Q.24's 1.5 % (accept) and 3.5 % (reject)
  // The share of a frame's energy in the two tones is also the share of the frame the
  // tone covers: 0.9 means 144 of 160 samples, so two frames need 28 ms of tone.
  minToneShare: f64 = 0.9;
  minDominanceDb: f64 = 6;
  // An established digit survives a frame that is this much weaker, half covered, or
  // less clean (a break of up to 10 ms must not split it).
  keepSlackDb: f64 = 6;

  private cosT: StaticArray<f32> = new StaticArray<f32>(TONES * N);
  private sinT: StaticArray<f32> = new StaticArray<f32>(TONES * N);
  private ring: StaticArray<f32> = new StaticArray<f32>(N);
  private frame: StaticArray<f32> = new StaticArray<f32>(N);
  private re: StaticArray<f64> = new StaticArray<f64>(TONES);
  private im: StaticArray<f64> = new StaticArray<f64>(TONES);
  private prevRe: StaticArray<f64> = new StaticArray<f64>(TONES);
  private prevIm: StaticArray<f64> = new StaticArray<f64>(TONES);
  private havePrev: bool = false;
  private pos: i64 = 0; // samples consumed
  private fill: i32 = 0; // samples since the last frame
  private candidate: i32 = -1;
  private candidateAt: i64 = 0;
  private active: i32 = -1;
  private misses: i32 = 0;
  private firstMissAt: i64 = 0;

  // Events: key code, 1 = start / 0 = end, sample position.
  readonly eventKey: StaticArray<i32> = new StaticArray<i32>(MAX_EVENTS);
  readonly eventKind: StaticArray<i32> = new StaticArray<i32>(MAX_EVENTS);
  readonly eventAt: StaticArray<f64> = new StaticArray<f64>(MAX_EVENTS);
  eventCount: i32 = 0;

  constructor() {
    for (let k = 0; k < TONES; k++) {
      const w = (2 * Math.PI * unchecked(FREQS[k])) / RATE;
      for (let m = 0; m < N; m++) {
        unchecked(this.cosT[k * N + m] = <f32>Math.cos(w * <f64>m));
        unchecked(this.sinT[k * N + m] = <f32>Math.sin(w * <f64>m));
      }
    }
  }

  reset(): void {
    for (let i = 0; i < N; i++) unchecked(this.ring[i] = 0);
    this.havePrev = false;
    this.pos = 0;
    this.fill = 0;
    this.candidate = -1;
    this.active = -1;
    this.misses = 0;
    this.eventCount = 0;
  }

  /** Feeds n samples; events found are appended (the host clears them). */
  process(pcm: usize, n: i32): void {
    for (let i = 0; i < n; i++) {
      unchecked(this.ring[<i32>(this.pos % <i64>N)] = <f32>load<i16>(pcm + (<usize>i << 1)));
      this.pos++;
      this.fill++;
      if (this.fill >= HOP && this.pos >= <i64>N) {
        this.fill = 0;
        this.analyse();
      }
    }
  }

  private analyse(): void {
    const start = <i32>(this.pos % <i64>N); // oldest sample in the ring
    let energy: f64 = 0;
    for (let m = 0; m < N; m++) {
      const x = unchecked(this.ring[(start + m) % N]);
      unchecked(this.frame[m] = x);
      energy += <f64>x * <f64>x;
    }
    for (let k = 0; k < TONES; k++) this.dft(k);
    const strict = this.digitOf(energy, false);
    this.track(strict, energy);
    for (let k = 0; k < TONES; k++) {
      unchecked(this.prevRe[k] = this.re[k]);
      unchecked(this.prevIm[k] = this.im[k]);
    }
    this.havePrev = true;
  }

  private dft(k: i32): void {
    let sr: f64 = 0;
    let si: f64 = 0;
    const base = k * N;
    for (let m = 0; m < N; m++) {
      const x = unchecked(this.frame[m]);
      sr += <f64>(x * unchecked(this.cosT[base + m]));
      si -= <f64>(x * unchecked(this.sinT[base + m]));
    }
    unchecked(this.re[k] = sr);
    unchecked(this.im[k] = si);
  }

  private power(k: i32): f64 {
    const r = unchecked(this.re[k]);
    const i = unchecked(this.im[k]);
    return r * r + i * i;
  }

  // Relative frequency error of tone k from the phase advance over one hop.
  private deviation(k: i32): f64 {
    if (!this.havePrev) return Infinity;
    const a = unchecked(this.re[k]);
    const b = unchecked(this.im[k]);
    const c = unchecked(this.prevRe[k]);
    const d = unchecked(this.prevIm[k]);
    // arg(X * conj(Xprev)) is the advance; the nominal frequency advances w * HOP.
    const advance = Math.atan2(b * c - a * d, a * c + b * d);
    const f = unchecked(FREQS[k]);
    const nominal = (2 * Math.PI * f * <f64>HOP) / RATE;
    let e = advance - nominal;
    e -= 2 * Math.PI * Math.round(e / (2 * Math.PI));
    return ((e / (2 * Math.PI * <f64>HOP)) * RATE) / f;
  }

  // Peak amplitude of a sine at `hz` in the current frame, by Goertzel's recursion.
  private amplitudeAt(hz: f64): f64 {
    const c = 2 * Math.cos((2 * Math.PI * hz) / RATE);
    let s1: f64 = 0;
    let s2: f64 = 0;
    for (let m = 0; m < N; m++) {
      const s0 = <f64>unchecked(this.frame[m]) + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - c * s1 * s2;
    return (2 * Math.sqrt(max(power, 0))) / <f64>N;
  }

  private best(from: i32): i32 {
    let b = from;
    for (let k = from + 1; k < from + 4; k++) if (this.power(k) > this.power(b)) b = k;
    return b;
  }

  private dominates(b: i32, from: i32, db: f64): bool {
    const p = this.power(b);
    const ratio = Math.pow(10, db / 10);
    for (let k = from; k < from + 4; k++) if (k != b && this.power(k) * ratio > p) return false;
    return true;
  }

  // Key code the frame carries, or -1. `keep` relaxes the tests for a digit that is
  // already active: a dip or a short break must not split it.
  private digitOf(energy: f64, keep: bool): i32 {
    const lo = this.best(0);
    const hi = this.best(4);
    const dominance = keep ? this.minDominanceDb / 2 : this.minDominanceDb;
    if (!this.dominates(lo, 0, dominance) || !this.dominates(hi, 4, dominance)) return -1;
    const devLo = this.deviation(lo);
    const devHi = this.deviation(hi);
    if (Math.abs(devLo) > this.maxDeviation || Math.abs(devHi) > this.maxDeviation) return -1;
    // Amplitudes measured at the frequencies found (Goertzel), so a tone off the nominal
    // frequency is not under-read; a wrong estimate can only read low.
    const aLo = this.amplitudeAt(unchecked(FREQS[lo]) * (1 + devLo));
    const aHi = this.amplitudeAt(unchecked(FREQS[hi]) * (1 + devHi));
    const slackDb = keep ? this.keepSlackDb : 0;
    const floor = DBM0_PEAK * Math.pow(10, (this.minLevelDbm0 - slackDb) / 20);
    if (aLo < floor || aHi < floor) return -1;
    const twist = 20 * Math.log10(aHi / aLo);
    if (twist > this.maxHighOverLowDb || -twist > this.maxLowOverHighDb) return -1;
    // Energy of the two tones over the frame's energy.
    const share = ((aLo * aLo + aHi * aHi) * <f64>N) / 2 / max(energy, 1.0);
    const minShare = keep ? this.minToneShare / 2 : this.minToneShare;
    if (share < minShare) return -1;
    return unchecked(KEYS[(lo << 2) + (hi - 4)]);
  }

  private track(strict: i32, energy: f64): void {
    const frameStart = this.pos - <i64>N;
    if (this.active < 0) {
      if (strict >= 0 && strict == this.candidate) {
        this.active = strict;
        this.misses = 0;
        this.emit(strict, EVENT_START, this.candidateAt);
      }
      this.candidate = strict;
      this.candidateAt = frameStart;
      return;
    }
    const kept = strict == this.active ||
      (strict < 0 && this.digitOf(energy, true) == this.active);
    if (kept) {
      this.misses = 0;
      return;
    }
    if (this.misses == 0) this.firstMissAt = frameStart + <i64>N;
    this.misses++;
    if (this.misses >= 2) {
      this.emit(this.active, EVENT_END, this.firstMissAt - <i64>HOP);
      this.active = -1;
      this.candidate = strict;
      this.candidateAt = frameStart;
    }
  }

  private emit(key: i32, kind: i32, at: i64): void {
    if (this.eventCount >= MAX_EVENTS) return;
    unchecked(this.eventKey[this.eventCount] = key);
    unchecked(this.eventKind[this.eventCount] = kind);
    unchecked(this.eventAt[this.eventCount] = <f64>at);
    this.eventCount++;
  }
}
