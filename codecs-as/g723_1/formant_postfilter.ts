// The formant postfilter and gain scaling unit (G.723.1 clauses 3.8 and 3.9): a pole-
// zero filter A(z/0.65)/A(z/0.75) with a first-order tilt compensation, followed by
// a slowly adapting gain that restores the subframe energy of the unfiltered speech.
import {
  add,
  div_l,
  extract_h,
  L_abs,
  L_deposit_h,
  L_mac,
  L_msu,
  L_mult,
  L_shl,
  L_shr,
  MAX_32,
  mult,
  mult_r,
  negate,
  norm_l,
  round,
  roundShl2,
  sat16,
  shr,
  sub,
} from "./basic_ops";
import { LPC_ORDER, SUBFRAME } from "./constants";
import { addr, copy16, ld, ld32, st, st32 } from "./mem";
import { POSTFILTER_POLE, POSTFILTER_ZERO } from "./tables_lpc";
import { normalize, squareRoot, subframeEnergy } from "./util";
import { macChain } from "./dot";
import {
  hsum,
  lineFromMemory,
  macLocals,
  macTaps,
  magnitudeLimit,
  memoryFromLine,
  msuTaps,
  peakMagnitude,
  reverseTaps,
  tapMagnitude,
} from "./pole_zero";

const TILT: i32 = -16384; // -0.25 * 2, the compensation filter's scale

export class FormantPostfilter {
  fir: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  iir: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  // Smoothed first reflection coefficient, for the tilt compensation.
  reflection: i32 = 0;
  // Smoothed output gain, Q12.
  gain: i32 = 0x1000;

  reset(): void {
    memory.fill(addr(this.fir), 0, LPC_ORDER * 2);
    memory.fill(addr(this.iir), 0, LPC_ORDER * 2);
    this.reflection = 0;
    this.gain = 0x1000;
  }
}

const zeros = new StaticArray<i16>(LPC_ORDER);
const poles = new StaticArray<i16>(LPC_ORDER);
const zerosReversed = new StaticArray<i16>(LPC_ORDER);
const normalized = new StaticArray<i16>(SUBFRAME);
// Input and output of the subframe after 10 samples of history, in time order.
const inputLine = new StaticArray<i16>(LPC_ORDER + SUBFRAME);
const outputLine = new StaticArray<i16>(LPC_ORDER + SUBFRAME);
const firSums = new StaticArray<i32>(SUBFRAME);

// Filters one subframe `v` in place with the subframe's LPC `lpc`; returns the
// energy of the input (scaled as the gain unit expects).
export function formantPostfilter(pf: FormantPostfilter, v: usize, lpc: usize): i32 {
  const fz = addr(zeros);
  const fp = addr(poles);
  for (let i = 0; i < LPC_ORDER; i++) {
    st(fz, i, mult_r(ld(lpc, i), <i32>unchecked(POSTFILTER_ZERO[i])));
    st(fp, i, mult_r(ld(lpc, i), <i32>unchecked(POSTFILTER_POLE[i])));
  }
  const energy = analyse(pf, v);
  const tilt = mult(pf.reflection, TILT) & ~3;
  const xs = addr(inputLine);
  lineFromMemory(xs, addr(pf.fir));
  copy16(xs + LPC_ORDER * 2, v, SUBFRAME);
  // Plain sums while the taps and the signal's magnitudes prove that no partial sum
  // can saturate: the zeros' part (inputs known) for the whole subframe, the poles'
  // part per sample with the largest output so far; else term by term.
  const zeroBound = (<i64>tapMagnitude(fz) * <i64>peakMagnitude(xs, LPC_ORDER + SUBFRAME)) << 1;
  if ((1 << 29) + zeroBound <= <i64>MAX_32) filterBounded(pf, v, tilt, zeroBound);
  else filterSaturating(pf, v, tilt);
  memoryFromLine(addr(pf.fir), xs, LPC_ORDER + SUBFRAME);
  return energy;
}

// Energy of the subframe `v` and the smoothed first reflection coefficient (kept in
// `pf`) for the tilt compensation.
function analyse(pf: FormantPostfilter, v: usize): i32 {
  const tmp = addr(normalized);
  copy16(tmp, v, SUBFRAME);
  const exp = normalize(tmp, SUBFRAME);
  const r0 = macChain(0, tmp, tmp, SUBFRAME);
  const r1 = macChain(0, tmp + 2, tmp, SUBFRAME - 1);
  let k1 = extract_h(r0);
  if (k1 != 0) {
    const half = L_shr(r1, 1);
    k1 = div_l(L_abs(half), k1);
    if (half < 0) k1 = negate(k1);
  }
  let acc = L_deposit_h(pf.reflection);
  acc = L_msu(acc, pf.reflection, 0x2000);
  acc = L_mac(acc, k1, 0x2000);
  pf.reflection = round(acc);
  return L_shr(r0, 2 * exp + 4);
}

// The filter with plain sums: the zeros' sums for the subframe first (SIMD), then the
// poles' recursion with its delay line in locals (newest first).
function filterBounded(pf: FormantPostfilter, v: usize, tilt: i32, zeroBound: i64): void {
  const xs = addr(inputLine);
  const fz = addr(zeros);
  const fp = addr(poles);
  const fzr = addr(zerosReversed);
  reverseTaps(fzr, fz);
  const zeroSums = addr(firSums);
  const zc = v128.load(fzr);
  const z8 = ld(fzr, 8);
  const z9 = ld(fzr, 9);
  for (let i = 0; i < SUBFRAME; i++) {
    const px = xs + <usize>(i * 2);
    st32(zeroSums, i, hsum(i32x4.dot_i16x8_s(zc, v128.load(px))) + z8 * ld(px, 8) + z9 * ld(px, 9));
  }
  const limit = magnitudeLimit((1 << 29) + zeroBound, tapMagnitude(fp));
  const mem = addr(pf.iir);
  let peak = peakMagnitude(mem, LPC_ORDER);
  const p0 = ld(fp, 0), p1 = ld(fp, 1), p2 = ld(fp, 2), p3 = ld(fp, 3), p4 = ld(fp, 4);
  const p5 = ld(fp, 5), p6 = ld(fp, 6), p7 = ld(fp, 7), p8 = ld(fp, 8), p9 = ld(fp, 9);
  let y1 = ld(mem, 0), y2 = ld(mem, 1), y3 = ld(mem, 2), y4 = ld(mem, 3), y5 = ld(mem, 4);
  let y6 = ld(mem, 5), y7 = ld(mem, 6), y8 = ld(mem, 7), y9 = ld(mem, 8), y10 = ld(mem, 9);
  for (let i = 0; i < SUBFRAME; i++) {
    let acc = ld(v, i) << 14;
    if (peak <= limit) {
      // The newest sample last: it alone is on the recursion's critical path.
      const sum = p9 * y10 + p8 * y9 + p7 * y8 + p6 * y7 + p5 * y6 + p4 * y5 + p3 * y4 +
        p2 * y3 + p1 * y2 + p0 * y1;
      acc += 2 * (sum - ld32(zeroSums, i));
    } else {
      acc = msuTaps(acc, fz, xs + <usize>(i * 2));
      acc = macLocals(acc, fp, y1, y2, y3, y4, y5, y6, y7, y8, y9, y10);
    }
    const y = roundShl2(acc);
    st(v, i, round(L_mac(L_shl(acc, 2), y1, tilt)));
    peak = max<i32>(peak, abs<i32>(y));
    y10 = y9;
    y9 = y8;
    y8 = y7;
    y7 = y6;
    y6 = y5;
    y5 = y4;
    y4 = y3;
    y3 = y2;
    y2 = y1;
    y1 = y;
  }
  st(mem, 0, y1);
  st(mem, 1, y2);
  st(mem, 2, y3);
  st(mem, 3, y4);
  st(mem, 4, y5);
  st(mem, 5, y6);
  st(mem, 6, y7);
  st(mem, 7, y8);
  st(mem, 8, y9);
  st(mem, 9, y10);
}

// The filter term by term with saturation, as the reference runs it.
function filterSaturating(pf: FormantPostfilter, v: usize, tilt: i32): void {
  const xs = addr(inputLine);
  const ys = addr(outputLine);
  lineFromMemory(ys, addr(pf.iir));
  const fz = addr(zeros);
  const fp = addr(poles);
  for (let i = 0; i < SUBFRAME; i++) {
    let acc = L_shr(L_deposit_h(ld(v, i)), 2);
    acc = macTaps(msuTaps(acc, fz, xs + <usize>(i * 2)), fp, ys + <usize>(i * 2));
    acc = L_shl(acc, 2);
    const y = round(acc);
    st(ys, LPC_ORDER + i, y);
    st(v, i, round(L_mac(acc, ld(ys, LPC_ORDER + i - 1), tilt)));
  }
  memoryFromLine(addr(pf.iir), ys, LPC_ORDER + SUBFRAME);
}

// Scales subframe `v` so its energy follows `inputEnergy` (from the postfilter).
export function scaleGain(pf: FormantPostfilter, v: usize, inputEnergy: i32): void {
  let target = inputEnergy;
  let actual = subframeEnergy(v);
  let gain = 0x1000;
  if (actual != 0 && target != 0) {
    let exp = norm_l(actual);
    actual = L_shl(actual, exp);
    const texp = norm_l(target);
    target = L_shr(L_shl(target, texp), 1);
    exp = sub(6, add(sub(exp, texp), 1));
    if (exp < 0) exp = 0;
    const ratio = div_l(target, extract_h(actual));
    gain = squareRoot(L_shr(L_deposit_h(ratio), exp));
  }
  // The smoothed gain stays in [0, 32767] and 15 * 32767 + 32767 < 2^19, so this
  // first-order smoothing (1/16 towards `gain`) never saturates.
  let smoothed = pf.gain;
  const g = addr(gains);
  for (let i = 0; i < SUBFRAME; i++) {
    smoothed = ((smoothed << 16) - (smoothed << 12) + (gain << 12) + 0x8000) >> 16;
    st(g, i, add(smoothed, shr(smoothed, 4)));
  }
  pf.gain = smoothed;
  // round(L_shl(L_mult(v, g), 4)) with g >= 0 is the 16-bit saturation of
  // (v * g + 2^10) >> 11: saturating at either step gives the same extreme.
  const bias = i32x4.splat(0x400);
  let i = 0;
  for (; i + 8 <= SUBFRAME; i += 8) {
    const x = v128.load(v + (<usize>i << 1));
    const y = v128.load(g + (<usize>i << 1));
    const lo = i32x4.shr_s(i32x4.add(i32x4.extmul_low_i16x8_s(x, y), bias), 11);
    const hi = i32x4.shr_s(i32x4.add(i32x4.extmul_high_i16x8_s(x, y), bias), 11);
    v128.store(v + (<usize>i << 1), i16x8.narrow_i32x4_s(lo, hi));
  }
  for (; i < SUBFRAME; i++) st(v, i, sat16((ld(v, i) * ld(g, i) + 0x400) >> 11));
}

const gains = new StaticArray<i16>(SUBFRAME);
