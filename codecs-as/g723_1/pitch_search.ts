// Closed-loop pitch search (G.723.1 clause 2.14): around the open-loop lag, every
// candidate lag's five filtered past-excitation vectors are correlated with the
// target, and the lag and 20-term gain vector maximising the match are chosen
// jointly. The target is then reduced by the chosen contribution.
import { add, L_abs, L_deposit_h, L_mac, L_shl, L_shr, MAX_32, MIN_16, mult_r, norm_l, round, shl } from "./basic_ops";
import { ADAPTIVE_GAINS_170, ADAPTIVE_GAINS_85, PITCH_MAX, PITCH_MIN, PITCH_TAPS, RATE_63, SUBFRAME } from "./constants";
import { decodeAdaptive, GAIN_VECTOR, pastExcitation } from "./adaptive_codebook";
import { addr, ld, ld32, st, st32 } from "./mem";
import { halfBounded, halfChain, macBounded, msuBounded, prefixSquares, reverse16 } from "./dot";
import { FrameParams } from "./params";
import { ADAPTIVE_GAIN_170, ADAPTIVE_GAIN_85 } from "./tables_excitation";
import { tamingAllowance, TamingState } from "./taming";

const MAX_LAGS: i32 = 4; // 3 lags for even subframes, 4 for odd
const past = new StaticArray<i16>(SUBFRAME + PITCH_TAPS - 1);
const filtered = new StaticArray<i16>(PITCH_TAPS * SUBFRAME);
const terms = new StaticArray<i32>(MAX_LAGS * GAIN_VECTOR);
const scaledTerms = new StaticArray<i16>(MAX_LAGS * GAIN_VECTOR);
const contribution = new StaticArray<i16>(SUBFRAME);
// The impulse response reversed, so convolutions run as forward dot products.
const reversed = new StaticArray<i16>(SUBFRAME);
// Sums of squares (prefix sums) of the impulse response, the target, the past
// excitation of a lag, the filtered tap vectors (totals) and the contribution.
const hSquares = new StaticArray<i64>(SUBFRAME + 1);
const tSquares = new StaticArray<i64>(SUBFRAME + 1);
const rSquares = new StaticArray<i64>(SUBFRAME + PITCH_TAPS);
const fSquares = new StaticArray<i64>(PITCH_TAPS);
const eSquares = new StaticArray<i64>(SUBFRAME + 1);
const scratchSquares = new StaticArray<i64>(SUBFRAME + 1);

// One lag's 20 terms, padded with zeros to three SIMD vectors.
const paddedRow = new StaticArray<i16>(24);

// Largest magnitude in each of the 20 columns of a gain codebook.
function columnPeaks(table: StaticArray<i16>): StaticArray<i32> {
  const peaks = new StaticArray<i32>(GAIN_VECTOR);
  for (let i = 0; i < table.length; i++) {
    const j = i % GAIN_VECTOR;
    const m = abs<i32>(table[i]);
    if (m > peaks[j]) peaks[j] = m;
  }
  return peaks;
}
const PEAKS_85 = columnPeaks(ADAPTIVE_GAIN_85);
const PEAKS_170 = columnPeaks(ADAPTIVE_GAIN_170);

// Searches subframe `s`: `t` is the target (updated), `h` the impulse response,
// `history` the PITCH_MAX past excitation samples. Sets lag, offset and gain in `p`.
export function searchPitch(
  t: usize,
  h: usize,
  history: usize,
  p: FrameParams,
  s: i32,
  rate: i32,
  taming: TamingState,
  sine: bool,
): void {
  let olp = unchecked(p.lag[s >> 1]);
  const odd = (s & 1) != 0;
  const lags = odd ? 4 : 3;
  if (!odd) {
    if (olp == PITCH_MIN) olp = add(olp, 1);
    if (olp > PITCH_MAX - 5) olp = PITCH_MAX - 5;
  }
  reverse16(addr(reversed), h, SUBFRAME);
  prefixSquares(hSquares, h, SUBFRAME);
  prefixSquares(tSquares, t, SUBFRAME);
  const c = addr(terms);
  for (let k = 0; k < lags; k++) {
    correlationTerms(c + <usize>(k * GAIN_VECTOR * 4), t, h, history, olp - 1 + k);
  }
  // Normalise all terms together to 16 bits.
  const n = lags * GAIN_VECTOR;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const m = L_abs(ld32(c, i));
    if (m > peak) peak = m;
  }
  const exp = norm_l(peak);
  const v = addr(scaledTerms);
  for (let i = 0; i < n; i++) st(v, i, round(L_shl(ld32(c, i), exp)));

  const allowance = tamingAllowance(taming, olp - 1, olp - 1 + lags - 1, sine);
  let bound85 = 51 + shl(allowance, 2);
  if (bound85 > ADAPTIVE_GAINS_85) bound85 = ADAPTIVE_GAINS_85;
  let bound170 = 93 + shl(allowance, 3);
  if (bound170 > ADAPTIVE_GAINS_170) bound170 = ADAPTIVE_GAINS_170;

  bestMatch = 0;
  bestGain = 0;
  bestLag = 1;
  for (let k = 0; k < lags; k++) {
    let large = true;
    if (rate == RATE_63) large = odd ? olp >= SUBFRAME - 2 : olp - 1 + k >= SUBFRAME - 2;
    searchGains(v + <usize>(k * GAIN_VECTOR * 2), k, large, large ? bound170 : bound85);
  }
  // Even subframes move the frame lag itself; odd ones code an offset from it.
  let offset = bestLag;
  if (!odd) {
    olp = olp - 1 + offset;
    offset = 1;
  }
  unchecked((p.lagOffset[s] = offset));
  unchecked((p.pitchGain[s] = bestGain));
  unchecked((p.lag[s >> 1] = olp));

  const e = addr(contribution);
  decodeAdaptive(e, history, olp, offset, bestGain, rate);
  const hr = addr(reversed);
  prefixSquares(eSquares, e, SUBFRAME);
  for (let i = 0; i < SUBFRAME; i++) {
    const start = L_shr(L_deposit_h(ld(t, i)), 1);
    const hi = hr + <usize>((SUBFRAME - 1 - i) * 2);
    const acc = msuBounded(start, e, hi, i + 1, unchecked(eSquares[i + 1]), unchecked(hSquares[i + 1]));
    st(t, i, round(L_shl(acc, 1)));
  }
}

// Best match so far over lags and gain vectors.
let bestMatch: i32 = 0;
let bestGain: i32 = 0;
let bestLag: i32 = 1;

// Scans the first `count` gain vectors for the lag's terms at `row` (lag index k).
// The match of a vector is the sum of its 20 products with the terms; when the
// largest conceivable sum of magnitudes fits in 31 bits the sums are exact and
// computed with SIMD, else step by step with saturation as the reference does.
function searchGains(row: usize, k: i32, large: bool, count: i32): void {
  const table = large ? addr(ADAPTIVE_GAIN_170) : addr(ADAPTIVE_GAIN_85);
  const peaks = large ? PEAKS_170 : PEAKS_85;
  let bound: i64 = 0;
  let exact = true;
  for (let j = 0; j < GAIN_VECTOR; j++) {
    const x = ld(row, j);
    if (x == MIN_16) exact = false;
    bound += <i64>abs<i32>(x) * <i64>unchecked(peaks[j]);
  }
  if (!exact || bound > <i64>MAX_32) {
    let entry = table;
    for (let i = 0; i < count; i++) {
      consider(halfChain(0, row, entry, GAIN_VECTOR), i, k);
      entry += GAIN_VECTOR * 2;
    }
    return;
  }
  const padded = addr(paddedRow);
  memory.copy(padded, row, GAIN_VECTOR * 2);
  memory.fill(padded + GAIN_VECTOR * 2, 0, 8);
  const v0 = v128.load(padded);
  const v1 = v128.load(padded, 16);
  const v2 = v128.load(padded, 32);
  let entry = table;
  for (let i = 0; i < count; i++) {
    // The third load reaches 4 values into the next vector: they meet zeros.
    let acc = i32x4.dot_i16x8_s(v0, v128.load(entry));
    acc = i32x4.add(acc, i32x4.dot_i16x8_s(v1, v128.load(entry, 16)));
    acc = i32x4.add(acc, i32x4.dot_i16x8_s(v2, v128.load(entry, 32)));
    const sum = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) +
      i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
    consider(sum, i, k);
    entry += GAIN_VECTOR * 2;
  }
}

// @ts-ignore: decorator
@inline function consider(match: i32, gain: i32, k: i32): void {
  if (match > bestMatch) {
    bestMatch = match;
    bestGain = gain;
    bestLag = k;
  }
}

// The 20 terms of one lag in gain-table order: 5 cross-correlations with the target
// (x2), 5 energies, 10 mutual correlations (x4) of the filtered tap vectors.
function correlationTerms(out: usize, t: usize, h: usize, history: usize, lag: i32): void {
  const r = addr(past);
  const f = addr(filtered);
  pastExcitation(r, history, lag);
  // Last tap by full convolution, the others by the shift recursion.
  const hr = addr(reversed);
  const last = f + <usize>((PITCH_TAPS - 1) * SUBFRAME * 2);
  const tap = r + <usize>((PITCH_TAPS - 1) * 2);
  prefixSquares(rSquares, tap, SUBFRAME);
  for (let i = 0; i < SUBFRAME; i++) {
    const hi = hr + <usize>((SUBFRAME - 1 - i) * 2);
    const acc = macBounded(0, tap, hi, i + 1, unchecked(rSquares[i + 1]), unchecked(hSquares[i + 1]));
    st(last, i, round(acc));
  }
  for (let k = PITCH_TAPS - 2; k >= 0; k--) {
    const cur = f + <usize>(k * SUBFRAME * 2);
    const next = cur + SUBFRAME * 2;
    const rk = ld(r, k);
    st(cur, 0, mult_r(rk, 0x2000));
    for (let j = 1; j < SUBFRAME; j++) st(cur, j, round(L_mac(L_deposit_h(ld(next, j - 1)), rk, ld(h, j))));
  }
  for (let k = 0; k < PITCH_TAPS; k++) {
    prefixSquares(scratchSquares, f + <usize>(k * SUBFRAME * 2), SUBFRAME);
    unchecked((fSquares[k] = scratchSquares[SUBFRAME]));
  }
  const et = unchecked(tSquares[SUBFRAME]);
  let n = 0;
  for (let k = 0; k < PITCH_TAPS; k++) {
    const a = f + <usize>(k * SUBFRAME * 2);
    st32(out, n++, L_shl(halfBounded(0, t, a, SUBFRAME, et, unchecked(fSquares[k])), 1));
  }
  // An energy's chain only grows, so it is 2 * sum a^2 capped at 32 bits (a lone
  // -32768^2 term saturates, and so does any sum containing it).
  for (let k = 0; k < PITCH_TAPS; k++) {
    const e2 = unchecked(fSquares[k]) << 1;
    st32(out, n++, e2 > <i64>MAX_32 ? MAX_32 : <i32>e2);
  }
  for (let k = 1; k < PITCH_TAPS; k++) {
    const a = f + <usize>(k * SUBFRAME * 2);
    for (let m = 0; m < k; m++) {
      const b = f + <usize>(m * SUBFRAME * 2);
      const acc = halfBounded(0, a, b, SUBFRAME, unchecked(fSquares[k]), unchecked(fSquares[m]));
      st32(out, n++, L_shl(acc, 2));
    }
  }
}
