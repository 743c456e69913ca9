// MP-MLQ codebook search (G.723.1 clause 2.15): for each grid and for the amplitude
// levels around the quantised peak correlation, pulses are placed one by one where
// the residual correlation is largest; the candidate with the least weighted
// error wins. With a short pitch lag the search is repeated with a pulse train.
import { abs_s, extract_h, L_abs, L_mac, L_msu, L_mult, L_shl, L_shr, L_sub, negate, norm_l, round, shr, sub } from "./basic_ops";
import { GAIN_LEVELS, GRID_STEP, MAX_PULSES, SUBFRAME } from "./constants";
import { addr, copy16, ld, ld32, st, st32 } from "./mem";
import { FIXED_GAIN } from "./tables_excitation";
import { pulseTrain } from "./mp_mlq";
import { macBounded, prefixSquares } from "./dot";

const occSquares = new StaticArray<i64>(SUBFRAME + 1);
const tSquares = new StaticArray<i64>(SUBFRAME + 1);
const imrSquares = new StaticArray<i64>(SUBFRAME + 1);

const STEPS: i32 = 2; // amplitude levels tried either side of the estimate

// The best pulse set found so far.
export class PulseSet {
  error: i32 = 0;
  grid: i32 = 0;
  gainIndex: i32 = 0;
  train: i32 = 0;
  positions: StaticArray<i32> = new StaticArray<i32>(MAX_PULSES);
  amplitudes: StaticArray<i32> = new StaticArray<i32>(MAX_PULSES);

  // Starts a new search: any candidate beats this error.
  clear(): void {
    this.error = <i32>0xc0000000;
  }
}

const candidate = new PulseSet();
const response = new StaticArray<i16>(SUBFRAME);
const occupied = new StaticArray<i16>(SUBFRAME);
const autocorr = new StaticArray<i16>(SUBFRAME);
const crossCorr = new StaticArray<i32>(SUBFRAME);
const residual = new StaticArray<i32>(SUBFRAME);

// @ts-ignore: decorator
@inline function gainLevel(i: i32): i32 {
  return <i32>unchecked(FIXED_GAIN[i]);
}

// Searches `count` pulses for target `t` and impulse response `h`; with `lag` below
// SUBFRAME - 2 the response is first turned into a pulse train at that lag.
export function searchPulses(best: PulseSet, t: usize, h: usize, count: i32, lag: i32): void {
  const imr = addr(response);
  const occ = addr(occupied);
  const rr = addr(autocorr);
  const xr = addr(crossCorr);
  const cand = candidate;
  if (lag < SUBFRAME - 2) {
    cand.train = 1;
    pulseTrain(imr, h, lag);
  } else {
    cand.train = 0;
    copy16(imr, h, SUBFRAME);
  }
  // Autocorrelation of the (halved) response, normalised.
  for (let i = 0; i < SUBFRAME; i++) st(occ, i, shr(ld(imr, i), 1));
  prefixSquares(occSquares, occ, SUBFRAME);
  const total = unchecked(occSquares[SUBFRAME]);
  let acc = macBounded(0, occ, occ, SUBFRAME, total, total);
  let exp = norm_l(acc);
  st(rr, 0, round(L_shl(acc, exp)));
  for (let i = 1; i < SUBFRAME; i++) {
    const tail = total - unchecked(occSquares[i]);
    acc = macBounded(0, occ + <usize>(i * 2), occ, SUBFRAME - i, tail, unchecked(occSquares[SUBFRAME - i]));
    st(rr, i, round(L_shl(acc, exp)));
  }
  // Correlation of the target with the response.
  exp = sub(exp, 4);
  prefixSquares(tSquares, t, SUBFRAME);
  prefixSquares(imrSquares, imr, SUBFRAME);
  const targetTotal = unchecked(tSquares[SUBFRAME]);
  for (let i = 0; i < SUBFRAME; i++) {
    const tail = targetTotal - unchecked(tSquares[i]);
    const cross = macBounded(0, t + <usize>(i * 2), imr, SUBFRAME - i, tail, unchecked(imrSquares[SUBFRAME - i]));
    st32(xr, i, L_shl(cross, exp));
  }
  for (let grid = 0; grid < GRID_STEP; grid++) {
    cand.grid = grid;
    // The largest correlation sets the first pulse and the amplitude estimate.
    let peak = 0;
    for (let i = grid; i < SUBFRAME; i += GRID_STEP) {
      const m = L_abs(ld32(xr, i));
      if (m >= peak) {
        peak = m;
        unchecked((cand.positions[0] = i));
      }
    }
    let nearest = 0x40000000;
    let level = GAIN_LEVELS - STEPS;
    for (let i = level; i >= STEPS; i--) {
      const d = L_abs(L_sub(L_mult(gainLevel(i), ld(rr, 0)), peak));
      if (d < nearest) {
        nearest = d;
        level = i;
      }
    }
    level--;
    for (let step = 1; step <= 2 * STEPS; step++) {
      cand.gainIndex = level - STEPS + step;
      placePulses(cand, grid, count, gainLevel(cand.gainIndex));
      const err = candidateError(cand, t, imr, count);
      if (err > best.error) {
        best.error = err;
        best.grid = cand.grid;
        best.gainIndex = cand.gainIndex;
        best.train = cand.train;
        for (let j = 0; j < count; j++) {
          unchecked((best.amplitudes[j] = cand.amplitudes[j]));
          unchecked((best.positions[j] = cand.positions[j]));
        }
      }
    }
  }
}

// Greedy placement of `count` pulses of amplitude `amp` on `grid`, each where the
// correlation left by the previous ones is largest.
function placePulses(cand: PulseSet, grid: i32, count: i32, amp: i32): void {
  const occ = addr(occupied);
  const rr = addr(autocorr);
  const xr = addr(crossCorr);
  const work = addr(residual);
  for (let j = grid; j < SUBFRAME; j += GRID_STEP) {
    st32(work, j, ld32(xr, j));
    st(occ, j, 0);
  }
  let pos = unchecked(cand.positions[0]);
  unchecked((cand.amplitudes[0] = ld32(work, pos) >= 0 ? amp : negate(amp)));
  st(occ, pos, 1);
  for (let j = 1; j < count; j++) {
    const prevPos = unchecked(cand.positions[j - 1]);
    const prevAmp = unchecked(cand.amplitudes[j - 1]);
    let peak = <i32>0xc0000000;
    for (let l = grid; l < SUBFRAME; l += GRID_STEP) {
      if (ld(occ, l) != 0) continue;
      const r = L_msu(ld32(work, l), prevAmp, ld(rr, abs_s(l - prevPos)));
      st32(work, l, r);
      const m = L_abs(r);
      if (m > peak) {
        peak = m;
        pos = l;
      }
    }
    unchecked((cand.positions[j] = pos));
    unchecked((cand.amplitudes[j] = ld32(work, pos) >= 0 ? amp : negate(amp)));
    st(occ, pos, 1);
  }
}

const sortedPos = new StaticArray<i32>(MAX_PULSES);
const sortedAmp = new StaticArray<i32>(MAX_PULSES);

// 2 <t, y> - <y, y> (halved) for the filtered candidate y: larger is better. The
// convolution runs over the pulses only, in position order: the zero samples
// between them add nothing to a saturating sum.
function candidateError(cand: PulseSet, t: usize, imr: usize, count: i32): i32 {
  for (let j = 0; j < count; j++) {
    const pos = unchecked(cand.positions[j]);
    const amp = unchecked(cand.amplitudes[j]);
    let k = j;
    while (k > 0 && unchecked(sortedPos[k - 1]) > pos) {
      unchecked((sortedPos[k] = sortedPos[k - 1]));
      unchecked((sortedAmp[k] = sortedAmp[k - 1]));
      k--;
    }
    unchecked((sortedPos[k] = pos));
    unchecked((sortedAmp[k] = amp));
  }
  let err = 0;
  let active = 0;
  for (let l = 0; l < SUBFRAME; l++) {
    while (active < count && unchecked(sortedPos[active]) <= l) active++;
    let acc = 0;
    for (let k = 0; k < active; k++) {
      acc = L_mac(acc, unchecked(sortedAmp[k]), ld(imr, l - unchecked(sortedPos[k])));
    }
    const y = extract_h(L_shl(acc, 2));
    err = L_mac(err, ld(t, l), y);
    err = L_sub(err, L_shr(L_mult(y, y), 1));
  }
  return err;
}
