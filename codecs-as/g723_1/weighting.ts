// Formant perceptual weighting W(z) = A(z/0.9) / A(z/0.5) (G.723.1 clause 2.8) and the
// combined filter the analysis-by-synthesis search sees: synthesis 1/A(z), weighting
// W(z) and harmonic noise shaping P(z) (clauses 2.12 and 2.13).
//
// Delay lines are kept in time order (10 samples of history, then the subframe), and
// each 10-tap sum is taken plainly when the taps and the line's largest magnitude
// prove that the reference's term-by-term saturation cannot occur (see pole_zero.ts),
// else term by term.
import { L_deposit_h, L_mac, L_msu, L_shl, MAX_32, mult_r, round, roundShl2, shl, sub } from "./basic_ops";
import { LPC_ORDER, PITCH_MAX, SUBFRAME, SUBFRAMES } from "./constants";
import { HarmonicFilter } from "./harmonic_weighting";
import { addr, copy16, ld, st, zero16 } from "./mem";
import {
  lineFromMemory,
  macTaps,
  magnitudeLimit,
  memoryFromLine,
  msuTaps,
  peakMagnitude,
  tapMagnitude,
} from "./pole_zero";
import { WEIGHT_POLE, WEIGHT_ZERO } from "./tables_lpc";

// Coefficients per subframe: 10 FIR (zeros) then 10 IIR (poles).
export const WEIGHT_COEFS: i32 = 2 * LPC_ORDER;

// Weighting filter coefficients of the four subframes (80 values) from their LPC.
export function weightingCoefficients(out: usize, lpc: usize): void {
  for (let s = 0; s < SUBFRAMES; s++) {
    const a = lpc + <usize>(s * LPC_ORDER * 2);
    const w = out + <usize>(s * WEIGHT_COEFS * 2);
    for (let j = 0; j < LPC_ORDER; j++) {
      st(w, j, mult_r(ld(a, j), <i32>unchecked(WEIGHT_ZERO[j])));
      st(w, LPC_ORDER + j, mult_r(ld(a, j), <i32>unchecked(WEIGHT_POLE[j])));
    }
  }
}

// sum c[j] * x[n-1-j] for j < 10, `past` pointing at x[n-10].
// @ts-ignore: decorator
@inline function plainTaps(c: usize, past: usize): i32 {
  // The newest sample last: it alone is on a recursion's critical path.
  return ld(c, 9) * ld(past, 0) + ld(c, 8) * ld(past, 1) + ld(c, 7) * ld(past, 2) +
    ld(c, 6) * ld(past, 3) + ld(c, 5) * ld(past, 4) + ld(c, 4) * ld(past, 5) +
    ld(c, 3) * ld(past, 6) + ld(c, 2) * ld(past, 7) + ld(c, 1) * ld(past, 8) +
    ld(c, 0) * ld(past, 9);
}

// Whether a chain from `acc` over taps of magnitude `taps` and a line whose values
// stay within `peak` cannot saturate.
// @ts-ignore: decorator
@inline function safe(acc: i32, taps: i32, peak: i32): bool {
  return (<i64>abs<i32>(acc) + ((<i64>taps * <i64>peak) << 1)) <= <i64>MAX_32;
}

// Memories of the weighting filter applied to the input speech.
export class WeightingMemory {
  fir: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  iir: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);

  reset(): void {
    zero16(addr(this.fir), LPC_ORDER);
    zero16(addr(this.iir), LPC_ORDER);
  }
}

const inLine = new StaticArray<i16>(LPC_ORDER + SUBFRAME);
const outLine = new StaticArray<i16>(LPC_ORDER + SUBFRAME);

// Weights a frame of speech in place with the coefficients of each subframe.
export function weightSpeech(m: WeightingMemory, v: usize, coefs: usize): void {
  const xs = addr(inLine);
  const ys = addr(outLine);
  for (let s = 0; s < SUBFRAMES; s++) {
    const w = coefs + <usize>(s * WEIGHT_COEFS * 2);
    const p = w + LPC_ORDER * 2;
    const x = v + <usize>(s * SUBFRAME * 2);
    lineFromMemory(xs, addr(m.fir));
    lineFromMemory(ys, addr(m.iir));
    copy16(xs + LPC_ORDER * 2, x, SUBFRAME);
    // The zeros' part is bounded by the known input; the poles' by the output so far.
    const zeroBound = (<i64>tapMagnitude(w) * <i64>peakMagnitude(xs, LPC_ORDER + SUBFRAME)) << 1;
    const limit = magnitudeLimit((1 << 29) + zeroBound, tapMagnitude(p));
    let peak = peakMagnitude(ys, LPC_ORDER);
    for (let i = 0; i < SUBFRAME; i++) {
      const px = xs + <usize>(i * 2);
      const py = ys + <usize>(i * 2);
      let acc = ld(x, i) << 14; // L_mult(x, 0x2000)
      if (peak <= limit) {
        acc += 2 * (plainTaps(p, py) - plainTaps(w, px));
      } else {
        acc = macTaps(msuTaps(acc, w, px), p, py);
      }
      const y = roundShl2(acc);
      st(ys, LPC_ORDER + i, y);
      peak = max<i32>(peak, abs<i32>(y));
      st(x, i, y);
    }
    memoryFromLine(addr(m.fir), xs, LPC_ORDER + SUBFRAME);
    memoryFromLine(addr(m.iir), ys, LPC_ORDER + SUBFRAME);
  }
}

const synthLine = new StaticArray<i16>(LPC_ORDER + SUBFRAME);
const weightLine = new StaticArray<i16>(LPC_ORDER + SUBFRAME);
const shaped = new StaticArray<i16>(PITCH_MAX + SUBFRAME);

// Peaks and limits of the combined filter's current subframe.
let synthPeak: i32 = 0;
let synthLimit: i32 = 0;
let weightPeak: i32 = 0;
let weightTaps: i32 = 0;

// Prepares the combined filter's lines for a subframe with LPC `a` and weighting
// coefficients `w` (zeros, then poles); chains start within +-`start`.
function startCombined(fir: usize, iir: usize, a: usize, w: usize, start: i32): void {
  const fs = addr(synthLine);
  const ws = addr(weightLine);
  lineFromMemory(fs, fir);
  lineFromMemory(ws, iir);
  synthPeak = peakMagnitude(fs, LPC_ORDER);
  synthLimit = magnitudeLimit(start, tapMagnitude(a) + tapMagnitude(w));
  weightPeak = peakMagnitude(ws, LPC_ORDER);
  weightTaps = tapMagnitude(w + LPC_ORDER * 2);
}

// One sample `i` of synthesis then weighting from the starting value `acc`: the
// synthesis output (rounded) goes to the synthesis line and is returned in
// `lastSynthesis`; the weighted output is returned. `impulse` adds the extra doubling
// the reference's impulse response has between the two filters.
let lastSynthesis: i32 = 0;

// @ts-ignore: decorator
@inline function combinedStep(acc: i32, a: usize, w: usize, i: i32, impulse: bool): i32 {
  const fs = addr(synthLine) + <usize>(i * 2);
  const ws = addr(weightLine) + <usize>(i * 2);
  let synth: i32;
  if (synthPeak <= synthLimit) {
    acc += 2 * plainTaps(a, fs);
    synth = L_shl(acc, 2);
    acc -= 2 * plainTaps(w, fs);
  } else {
    acc = macTaps(acc, a, fs);
    synth = L_shl(acc, 2);
    acc = msuTaps(acc, w, fs);
  }
  if (impulse) acc = L_shl(acc, 1);
  const s = round(synth);
  st(fs, LPC_ORDER, s);
  synthPeak = max<i32>(synthPeak, abs<i32>(s));
  lastSynthesis = s;
  const p = w + LPC_ORDER * 2;
  if (safe(acc, weightTaps, weightPeak)) acc += 2 * plainTaps(p, ws);
  else acc = macTaps(acc, p, ws);
  const y = roundShl2(acc);
  st(ws, LPC_ORDER, y);
  weightPeak = max<i32>(weightPeak, abs<i32>(y));
  return y;
}

const zeroMemory = new StaticArray<i16>(LPC_ORDER);

// Impulse response (SUBFRAME samples) of synthesis + weighting + harmonic shaping.
export function impulseResponse(out: usize, a: usize, w: usize, h: HarmonicFilter): void {
  const past = addr(shaped);
  zero16(past, PITCH_MAX);
  startCombined(addr(zeroMemory), addr(zeroMemory), a, w, 0x04000000);
  for (let i = 0; i < SUBFRAME; i++) {
    const y = combinedStep(i == 0 ? 0x04000000 : 0, a, w, i, true);
    st(past, PITCH_MAX + i, y);
    st(out, i, round(L_msu(L_deposit_h(y), h.gain, ld(past, PITCH_MAX - h.lag + i))));
  }
}

// State the combined filter carries from subframe to subframe ("ringing").
export class RingingMemory {
  fir: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  iir: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  // Past weighted synthesis output, for the harmonic shaping filter.
  past: StaticArray<i16> = new StaticArray<i16>(PITCH_MAX);

  reset(): void {
    zero16(addr(this.fir), LPC_ORDER);
    zero16(addr(this.iir), LPC_ORDER);
    zero16(addr(this.past), PITCH_MAX);
  }
}

// Subtracts from the target `t` the zero-input response of the combined filter.
export function subtractRinging(m: RingingMemory, t: usize, a: usize, w: usize, h: HarmonicFilter): void {
  const past = addr(shaped);
  copy16(past, addr(m.past), PITCH_MAX);
  startCombined(addr(m.fir), addr(m.iir), a, w, 0);
  for (let i = 0; i < SUBFRAME; i++) {
    const y = combinedStep(0, a, w, i, false);
    st(past, PITCH_MAX + i, y);
    const acc = L_deposit_h(sub(ld(t, i), y));
    st(t, i, round(L_mac(acc, h.gain, ld(past, PITCH_MAX - h.lag + i))));
  }
}

// Runs the subframe's excitation `e` through synthesis and weighting to update the
// memories; `e` is replaced by the (doubled) synthesised speech.
export function updateRinging(m: RingingMemory, e: usize, a: usize, w: usize): void {
  const past = addr(m.past);
  memory.copy(past, past + SUBFRAME * 2, (PITCH_MAX - SUBFRAME) * 2);
  startCombined(addr(m.fir), addr(m.iir), a, w, 1 << 28);
  for (let i = 0; i < SUBFRAME; i++) {
    const y = combinedStep(ld(e, i) << 13, a, w, i, false);
    st(e, i, shl(lastSynthesis, 1));
    st(past, PITCH_MAX - SUBFRAME + i, y);
  }
  memoryFromLine(addr(m.fir), addr(synthLine), LPC_ORDER + SUBFRAME);
  memoryFromLine(addr(m.iir), addr(weightLine), LPC_ORDER + SUBFRAME);
}

