// ACELP codebook search (G.723.1 clause 2.16): four pulses, one per track of 8
// positions (tracks start at 0, 2, 4, 6 with step 8; all shifted by one on the odd
// grid), found by a depth-first search over correlation^2 / energy that enters
// the last track only above a threshold, within a budget of 4th-loop entries
// shared across the subframes of a frame.
import {
  abs_s,
  add,
  div_s,
  extract_h,
  extract_l,
  L_abs,
  L_mac,
  L_mult,
  L_shl,
  L_shr,
  mult,
  norm_l,
  shl,
  shr,
  sub,
} from "./basic_ops";
import { GAIN_LEVELS, SUBFRAME } from "./constants";
import { sharpen } from "./acelp";
import { addr, ld, ld32, st, st32, zero16 } from "./mem";
import { FIXED_GAIN } from "./tables_excitation";
import { macBounded, macChain, prefixSquares } from "./dot";

const xSquares = new StaticArray<i64>(SUBFRAME + 1);
const hSquares = new StaticArray<i64>(SUBFRAME + 1);

const POSITIONS: i32 = 8; // per track
const SPAN: i32 = SUBFRAME + 4; // positions including the padding past the subframe
const MATRIX: i32 = POSITIONS * POSITIONS;
const THRESHOLD: i32 = 16384; // 0.5: share of the way from mean to max
export const SEARCH_BUDGET: i32 = 120; // 4th-loop entries per subframe (and carry-over)

// Correlation matrix of the impulse response: four diagonals of 8, then six 8x8
// cross blocks, in the order 00 11 22 33 | 01 02 03 12 13 23.
const rr = new StaticArray<i16>(4 * POSITIONS + 6 * MATRIX);
const D00: i32 = 0;
const D11: i32 = POSITIONS;
const D22: i32 = 2 * POSITIONS;
const D33: i32 = 3 * POSITIONS;
const M01: i32 = 4 * POSITIONS;
const M02: i32 = M01 + MATRIX;
const M03: i32 = M02 + MATRIX;
const M12: i32 = M03 + MATRIX;
const M13: i32 = M12 + MATRIX;
const M23: i32 = M13 + MATRIX;

const padded = new StaticArray<i16>(SPAN);
const backward = new StaticArray<i16>(SPAN);
const wide = new StaticArray<i32>(SUBFRAME);
const pulseSigns = new StaticArray<i16>(SPAN / 2);
const codeword = new StaticArray<i16>(SUBFRAME);
const filteredCode = new StaticArray<i16>(SUBFRAME);

// What the search leaves: the 12-bit position index, sign bits, grid and gain index.
export class AcelpCode {
  positions: i32 = 0;
  signs: i32 = 0;
  grid: i32 = 0;
  gainIndex: i32 = 0;
  // Unused part of the 4th-loop budget, carried to the next subframe.
  budget: i32 = SEARCH_BUDGET;
}

// Codes subframe target `x` (replaced by the gain-scaled, sharpened codeword) with
// impulse response `h` (modified: halved and sharpened), pitch lag and gain for the
// sharpening.
export function searchAcelp(code: AcelpCode, x: usize, h: usize, pitchLag: i32, pitchGain: i32): void {
  for (let i = 0; i < SUBFRAME; i++) st(h, i, shr(ld(h, i), 1));
  sharpen(h, pitchLag, pitchGain);
  correlationMatrix(h);
  const dn = addr(backward);
  backwardFilter(dn, h, x);
  const cw = addr(codeword);
  const y = addr(filteredCode);
  searchPulses(code, dn, h, cw, y);
  const gain = quantizeGain(code, x, y);
  for (let i = 0; i < SUBFRAME; i++) st(x, i, extract_l(ld(cw, i) * gain));
  sharpen(x, pitchLag, pitchGain);
}

// rr from the response, scaled for precision (see the layout above).
function correlationMatrix(h: usize): void {
  const hp = addr(padded);
  let energy = 0;
  for (let i = 0; i < SUBFRAME; i++) energy = L_mac(energy, ld(h, i), ld(h, i));
  if (extract_h(energy) > 32000) {
    for (let i = 0; i < SUBFRAME; i++) st(hp, i + 4, shr(ld(h, i), 1));
  } else {
    const k = shr(norm_l(energy), 1);
    for (let i = 0; i < SUBFRAME; i++) st(hp, i + 4, shl(ld(h, i), k));
  }
  for (let i = 0; i < 4; i++) st(hp, i, 0);
  const r = addr(rr);
  // Diagonals: running energies from the start, stored from the last position back.
  let cor = 0;
  let n = 0;
  for (let i = 0; i < POSITIONS; i++) {
    const at = POSITIONS - 1 - i;
    cor = mac2(cor, hp, n, n);
    n += 2;
    st(r, D33 + at, extract_h(cor));
    cor = mac2(cor, hp, n, n);
    n += 2;
    st(r, D22 + at, extract_h(cor));
    cor = mac2(cor, hp, n, n);
    n += 2;
    st(r, D11 + at, extract_h(cor));
    cor = mac2(cor, hp, n, n);
    n += 2;
    st(r, D00 + at, extract_h(cor));
  }
  crossBlocks(hp, r, 2, M23, M12, M01, M03);
  crossBlocks(hp, r, 4, M13, M02, M13, M02);
  crossBlocks(hp, r, 6, M03, M23, M12, M01);
}

// Two multiply-accumulate steps of the response with itself shifted.
// @ts-ignore: decorator
@inline function mac2(cor: i32, hp: usize, a: i32, b: i32): i32 {
  cor = L_mac(cor, ld(hp, a), ld(hp, b));
  return L_mac(cor, ld(hp, a + 1), ld(hp, b + 1));
}

// One family of cross terms: the response against itself shifted by `shift`,
// accumulated along anti-diagonals of the 8x8 blocks and stored into up to four
// blocks (first three at the "sup" diagonal, the fourth at the "inf" one, as the
// track geometry dictates). `shift` 2 stores four, then three on the last step;
// shift 4 stores four then two; shift 6 stores four then one.
function crossBlocks(hp: usize, r: usize, shift: i32, b3: i32, b2: i32, b1: i32, b0: i32): void {
  const ldec = POSITIONS + 1;
  let sup = MATRIX - 1;
  let inf = sup - 1;
  let start = shift;
  const tail = shift == 2 ? 3 : shift == 4 ? 2 : 1;
  for (let k = 0; k < POSITIONS; k++) {
    let p3 = b3 + sup;
    let p2 = shift == 6 ? b2 + inf : b2 + sup;
    let p1 = shift == 2 ? b1 + sup : b1 + inf;
    let p0 = b0 + inf;
    let cor = 0;
    let a = 0;
    let b = start;
    for (let i = k + 1; i < POSITIONS; i++) {
      cor = mac2(cor, hp, a, b);
      a += 2;
      b += 2;
      st(r, p3, extract_h(cor));
      cor = mac2(cor, hp, a, b);
      a += 2;
      b += 2;
      st(r, p2, extract_h(cor));
      cor = mac2(cor, hp, a, b);
      a += 2;
      b += 2;
      st(r, p1, extract_h(cor));
      cor = mac2(cor, hp, a, b);
      a += 2;
      b += 2;
      st(r, p0, extract_h(cor));
      p3 -= ldec;
      p2 -= ldec;
      p1 -= ldec;
      p0 -= ldec;
    }
    cor = mac2(cor, hp, a, b);
    a += 2;
    b += 2;
    st(r, p3, extract_h(cor));
    if (tail >= 2) {
      cor = mac2(cor, hp, a, b);
      a += 2;
      b += 2;
      st(r, p2, extract_h(cor));
    }
    if (tail >= 3) {
      cor = mac2(cor, hp, a, b);
      st(r, p1, extract_h(cor));
    }
    sup -= POSITIONS;
    inf--;
    start += POSITIONS;
  }
}

// Correlation of the target with the response, scaled to about 13 bits, into `dn`.
function backwardFilter(dn: usize, h: usize, x: usize): void {
  const y = addr(wide);
  let peak = 0;
  prefixSquares(xSquares, x, SUBFRAME);
  prefixSquares(hSquares, h, SUBFRAME);
  const total = unchecked(xSquares[SUBFRAME]);
  for (let i = 0; i < SUBFRAME; i++) {
    const tail = total - unchecked(xSquares[i]);
    const s = macBounded(0, x + <usize>(i * 2), h, SUBFRAME - i, tail, unchecked(hSquares[SUBFRAME - i]));
    st32(y, i, s);
    const m = L_abs(s);
    if (m > peak) peak = m;
  }
  let j = norm_l(peak);
  if (sub(j, 16) > 0) j = 16;
  j = sub(18, j);
  for (let i = 0; i < SUBFRAME; i++) st(dn, i, extract_l(L_shr(ld32(y, i), j)));
}

// Threshold for entering the 4th loop on one grid: mean + (max - mean) / 2 of the
// best sums over the first three tracks.
function trackThreshold(dn: usize, first: i32): i32 {
  let max0 = ld(dn, first);
  let max1 = ld(dn, first + 2);
  let max2 = ld(dn, first + 4);
  for (let i = first + 8; i < SUBFRAME; i += 8) {
    if (ld(dn, i) > max0) max0 = ld(dn, i);
    if (ld(dn, i + 2) > max1) max1 = ld(dn, i + 2);
    if (ld(dn, i + 4) > max2) max2 = ld(dn, i + 4);
  }
  const top = add(add(max0, max1), max2);
  let sum = 0;
  for (let i = first; i < SUBFRAME; i += 8) {
    sum = L_mac(sum, ld(dn, i), 1);
    sum = L_mac(sum, ld(dn, i + 2), 1);
    sum = L_mac(sum, ld(dn, i + 4), 1);
  }
  const mean = extract_l(L_shr(sum, 4));
  return add(mult(sub(top, mean), THRESHOLD), mean);
}

// Multiplies the 8x8 block at `m` by the signs of its row and column tracks.
function signBlock(r: usize, m: i32, signs: usize, rowTrack: i32, colTrack: i32): void {
  for (let a = 0; a < POSITIONS; a++) {
    const sa = ld(signs, rowTrack + 4 * a);
    for (let b = 0; b < POSITIONS; b++) {
      const at = m + a * POSITIONS + b;
      st(r, at, <i32>(<i16>(ld(r, at) * sa * ld(signs, colTrack + 4 * b))));
    }
  }
}

// Best positions of the four tracks (before the grid shift) and the grid.
let best0: i32 = 0;
let best1: i32 = 0;
let best2: i32 = 0;
let best3: i32 = 0;
let bestGrid: i32 = 0;

// The nested search over the four tracks; returns the budget left (0 when spent).
function searchTracks(dn: usize, r: usize, thres: i32, budget: i32): i32 {
  best0 = 0;
  best1 = 2;
  best2 = 4;
  best3 = 6;
  bestGrid = 0;
  let bestCorr2 = 0;
  let bestEnergy = 32767;
  for (let a = 0; a < POSITIONS; a++) {
    const i0 = 8 * a;
    const ps0 = ld(dn, i0);
    const ps0a = ld(dn, i0 + 1);
    const alp0 = ld(r, D00 + a);
    for (let b = 0; b < POSITIONS; b++) {
      const i1 = 8 * b + 2;
      const ps1 = add(ps0, ld(dn, i1));
      const ps1a = add(ps0a, ld(dn, i1 + 1));
      let alp1 = L_mult(alp0, 1);
      alp1 = L_mac(alp1, ld(r, D11 + b), 1);
      alp1 = L_mac(alp1, ld(r, M01 + a * POSITIONS + b), 2);
      for (let c = 0; c < POSITIONS; c++) {
        const i2 = 8 * c + 4;
        let ps2 = add(ps1, ld(dn, i2));
        const ps2a = add(ps1a, ld(dn, i2 + 1));
        let alp2 = L_mac(alp1, ld(r, D22 + c), 1);
        alp2 = L_mac(alp2, ld(r, M02 + a * POSITIONS + c), 2);
        alp2 = L_mac(alp2, ld(r, M12 + b * POSITIONS + c), 2);
        let shift = 0;
        if (ps2a > ps2) {
          shift = 1;
          ps2 = ps2a;
        }
        if (ps2 <= thres) continue;
        for (let d = 0; d < POSITIONS; d++) {
          const i3 = 8 * d + 6;
          const ps3 = add(ps2, ld(dn, i3 + shift));
          let alp3 = L_mac(alp2, ld(r, D33 + d), 1);
          alp3 = L_mac(alp3, ld(r, M03 + a * POSITIONS + d), 2);
          alp3 = L_mac(alp3, ld(r, M13 + b * POSITIONS + d), 2);
          alp3 = L_mac(alp3, ld(r, M23 + c * POSITIONS + d), 2);
          const alp = extract_l(L_shr(alp3, 5));
          const corr2 = mult(ps3, ps3);
          if (L_mult(corr2, bestEnergy) > L_mult(bestCorr2, alp)) {
            bestCorr2 = corr2;
            bestEnergy = alp;
            best0 = i0;
            best1 = i1;
            best2 = i2;
            best3 = i3;
            bestGrid = shift;
          }
        }
        budget--;
        if (budget <= 0) return budget;
      }
    }
  }
  return budget;
}

function searchPulses(code: AcelpCode, dn: usize, h: usize, cw: usize, y: usize): void {
  const r = addr(rr);
  const signs = addr(pulseSigns);
  for (let i = SUBFRAME; i < SPAN; i++) st(dn, i, 0);
  // One sign per pair of positions (even/odd grid), chosen by their sum.
  for (let i = 0; i < SUBFRAME; i += 2) {
    if (add(ld(dn, i), ld(dn, i + 1)) >= 0) {
      st(signs, i >> 1, 1);
    } else {
      st(signs, i >> 1, -1);
      st(dn, i, -ld(dn, i));
      st(dn, i + 1, -ld(dn, i + 1));
    }
  }
  st(signs, 30, 1);
  st(signs, 31, 1);
  let thres = trackThreshold(dn, 0);
  const other = trackThreshold(dn, 1);
  if (other > thres) thres = other;
  // Track t's position k is pair index t + 4k.
  signBlock(r, M01, signs, 0, 1);
  signBlock(r, M02, signs, 0, 2);
  signBlock(r, M03, signs, 0, 3);
  signBlock(r, M12, signs, 1, 2);
  signBlock(r, M13, signs, 1, 3);
  signBlock(r, M23, signs, 2, 3);

  code.budget = searchTracks(dn, r, thres, add(SEARCH_BUDGET, code.budget));
  let ip0 = best0;
  let ip1 = best1;
  let ip2 = best2;
  let ip3 = best3;
  const bestShift = bestGrid;

  const s0 = ld(signs, shr(ip0, 1));
  const s1 = ld(signs, shr(ip1, 1));
  const s2 = ld(signs, shr(ip2, 1));
  const s3 = ld(signs, shr(ip3, 1));
  zero16(cw, SUBFRAME);
  if (bestShift > 0) {
    ip0 = add(ip0, 1);
    ip1 = add(ip1, 1);
    ip2 = add(ip2, 1);
    ip3 = add(ip3, 1);
  }
  st(cw, ip0, s0);
  st(cw, ip1, s1);
  if (ip2 < SUBFRAME) st(cw, ip2, s2);
  if (ip3 < SUBFRAME) st(cw, ip3, s3);
  zero16(y, SUBFRAME);
  addShifted(y, h, ip0, s0);
  addShifted(y, h, ip1, s1);
  if (ip2 < SUBFRAME) addShifted(y, h, ip2, s2);
  if (ip3 < SUBFRAME) addShifted(y, h, ip3, s3);
  code.grid = bestShift;
  let signBits = 0;
  if (s0 > 0) signBits = add(signBits, 1);
  if (s1 > 0) signBits = add(signBits, 2);
  if (s2 > 0) signBits = add(signBits, 4);
  if (s3 > 0) signBits = add(signBits, 8);
  code.signs = signBits;
  let index = shr(ip0, 3);
  index = add(index, shl(shr(ip1, 3), 3));
  index = add(index, shl(shr(ip2, 3), 6));
  index = add(index, shl(shr(ip3, 3), 9));
  code.positions = index;
}

// y += sign * h delayed by `at`.
function addShifted(y: usize, h: usize, at: i32, sign: i32): void {
  for (let i = at, j = 0; i < SUBFRAME; i++, j++) {
    st(y, i, sign > 0 ? add(ld(y, i), ld(h, j)) : sub(ld(y, i), ld(h, j)));
  }
}

// Quantised gain <x,y>/<y,y> of the filtered codeword `y` (scaled down by 8 in
// place); returns the gain value and leaves its index in `code`.
function quantizeGain(code: AcelpCode, x: usize, y: usize): i32 {
  for (let i = 0; i < SUBFRAME; i++) st(y, i, shr(ld(y, i), 3));
  const xy = macChain(0, x, y, SUBFRAME);
  const expXy = norm_l(xy);
  let nxy = extract_h(L_shl(xy, expXy));
  if (nxy <= 0) {
    code.gainIndex = 0;
    return <i32>unchecked(FIXED_GAIN[0]);
  }
  const yy = macChain(0, y, y, SUBFRAME);
  const expYy = norm_l(yy);
  const nyy = extract_h(L_shl(yy, expYy));
  nxy = shr(nxy, 1);
  let gain = div_s(nxy, nyy);
  gain = shr(gain, sub(add(expXy, 5), expYy));
  let index = 0;
  let dist = abs_s(sub(gain, <i32>unchecked(FIXED_GAIN[0])));
  for (let i = 1; i < GAIN_LEVELS; i++) {
    const d = abs_s(sub(gain, <i32>unchecked(FIXED_GAIN[i])));
    if (d < dist) {
      dist = d;
      index = i;
    }
  }
  code.gainIndex = index;
  return <i32>unchecked(FIXED_GAIN[index]);
}
