// Conversions between LPC coefficients and line spectral pairs (G.723.1 clauses
// 2.5 and 2.7): LSPs are searched as sign changes of the sum and difference
// polynomials on a 256-point grid, and turned back into LPC by multiplying out
// the second-order factors. Frequencies are in [0, 0x7fff] for [0, pi); LPC
// coefficients are scaled by 1/4 (Q13 of the 10th-order A(z) without a0).
import {
  add,
  div_l,
  extract_h,
  L_abs,
  L_add,
  L_deposit_h,
  L_mac,
  L_mls,
  L_msu,
  L_mult,
  L_negate,
  L_shl,
  L_shr,
  L_sub,
  mult_r,
  negate,
  norm_l,
  round,
  shl,
  shr,
  sub,
} from "./basic_ops";
import { LPC_ORDER, SUBFRAMES } from "./constants";
import { addr, copy16, ld, ld32, st, st32 } from "./mem";
import { BANDWIDTH_EXPANSION } from "./tables_lpc";
import { COSINE } from "./tables_lsp";

const HALF: i32 = LPC_ORDER / 2;
const sumPoly = new StaticArray<i32>(HALF + 1);
const diffPoly = new StaticArray<i32>(HALF + 1);
const polyWide = new StaticArray<i32>(LPC_ORDER + 2);
const polyShort = new StaticArray<i16>(LPC_ORDER + 2);

// @ts-ignore: decorator
@inline function cosine(i: i32): i32 {
  return <i32>unchecked(COSINE[i]);
}

// Turns the 10 LSP frequencies at `v` into LPC coefficients, in place.
export function lspToLpc(v: usize): void {
  // -cos(w) of each frequency, interpolated linearly in the 512-entry table.
  for (let i = 0; i < LPC_ORDER; i++) {
    const f = ld(v, i);
    const j = shr(f, 7);
    let acc = L_deposit_h(cosine(j));
    const slope = sub(cosine(j + 1), cosine(j));
    acc = L_mac(acc, slope, add(shl(f & 0x7f, 8), 0x80));
    acc = L_shl(acc, 1);
    st(v, i, negate(round(acc)));
  }
  const p = addr(sumPoly);
  const q = addr(diffPoly);
  // Products of the first two factors, scaled by 1/8.
  startProduct(p, ld(v, 0), ld(v, 2));
  startProduct(q, ld(v, 1), ld(v, 3));
  // Multiply in factors 3..5 (each symmetric, so only the first half is kept).
  for (let i = 2; i < HALF; i++) {
    multiplyFactor(p, ld(v, 2 * i), i);
    multiplyFactor(q, ld(v, 2 * i + 1), i);
  }
  // A(z) = (P(z)(1 + 1/z) + Q(z)(1 - 1/z)) / 2, scaled back up.
  for (let i = 0; i < HALF; i++) {
    const p0 = ld32(p, i);
    const p1 = ld32(p, i + 1);
    const q0 = ld32(q, i);
    const q1 = ld32(q, i + 1);
    let lo = L_add(L_sub(L_add(p0, p1), q0), q1);
    let hi = L_sub(L_add(L_add(p0, p1), q0), q1);
    st(v, i, negate(round(L_shl(lo, 3))));
    st(v, LPC_ORDER - 1 - i, negate(round(L_shl(hi, 3))));
  }
}

// (1 + c0/z + 1/z^2)(1 + c1/z + 1/z^2), first three coefficients, scaled by 1/8.
function startProduct(poly: usize, c0: i32, c1: i32): void {
  st32(poly, 0, 0x10000000);
  st32(poly, 1, L_mac(L_mult(c0, 0x2000), c1, 0x2000));
  st32(poly, 2, L_add(L_shr(L_mult(c0, c1), 1), 0x20000000));
}

// Multiplies the half polynomial of degree 2i by (1 + c/z + 1/z^2), halving it.
function multiplyFactor(poly: usize, c: i32, i: i32): void {
  st32(poly, i + 1, L_add(L_mls(ld32(poly, i), c), ld32(poly, i - 1)));
  for (let j = i; j >= 2; j--) {
    let acc = L_mls(ld32(poly, j - 1), c);
    acc = L_add(acc, L_shr(ld32(poly, j), 1));
    acc = L_add(acc, L_shr(ld32(poly, j - 2), 1));
    st32(poly, j, acc);
  }
  st32(poly, 0, L_shr(ld32(poly, 0), 1));
  const acc = L_add(L_shr(L_deposit_h(c), i), ld32(poly, 1));
  st32(poly, 1, L_shr(acc, 1));
}

// Interpolates the LSPs of the four subframes between the previous frame's (`prev`)
// and this frame's (`cur`) and converts each to LPC: 40 values at `out`.
export function interpolateLsp(out: usize, cur: usize, prev: usize): void {
  let weight = -8192; // -1/4 in Q15, one more quarter per subframe
  for (let s = 0; s < SUBFRAMES; s++) {
    const dst = out + <usize>(s * LPC_ORDER * 2);
    for (let j = 0; j < LPC_ORDER; j++) {
      let acc = L_deposit_h(ld(prev, j));
      acc = L_mac(acc, weight, ld(prev, j));
      acc = L_msu(acc, weight, ld(cur, j));
      st(dst, j, round(acc));
    }
    lspToLpc(dst);
    weight = add(weight, -8192);
  }
}

// Value of the sum (k = 0) or difference (k = 1) polynomial at grid point i.
function evaluate(spq: usize, i: i32, k: i32): i32 {
  let acc = 0;
  for (let j = 0; j <= HALF; j++) {
    acc = L_mac(acc, ld(spq, LPC_ORDER - 2 * j + k), cosine((i * j) & 511));
  }
  return acc;
}

// Finds the LSPs of the LPC coefficients at `lpc` into `lsp`; when fewer than ten
// roots are found the previous frame's LSPs (`prev`) are kept.
export function lpcToLsp(lsp: usize, lpc: usize, prev: usize): void {
  // Bandwidth expansion (0.994^i), kept in `lsp` while the polynomials are built.
  for (let i = 0; i < LPC_ORDER; i++) {
    st(lsp, i, mult_r(ld(lpc, i), <i32>unchecked(BANDWIDTH_EXPANSION[i])));
  }
  const wide = addr(polyWide);
  // Coefficients of P and Q (roots at -1 and +1 divided out), interleaved, 1/64.
  st32(wide, 0, 0x02000000);
  st32(wide, 1, 0x02000000);
  for (let i = 0; i < HALF; i++) {
    const a = L_shr(L_deposit_h(ld(lsp, i)), 4);
    const b = L_shr(L_deposit_h(ld(lsp, LPC_ORDER - 1 - i)), 4);
    st32(wide, 2 * i + 2, L_sub(L_sub(L_negate(ld32(wide, 2 * i)), a), b));
    st32(wide, 2 * i + 3, L_add(L_sub(ld32(wide, 2 * i + 1), a), b));
  }
  st32(wide, LPC_ORDER, L_shr(ld32(wide, LPC_ORDER), 1));
  st32(wide, LPC_ORDER + 1, L_shr(ld32(wide, LPC_ORDER + 1), 1));
  let peak = L_abs(ld32(wide, 0));
  for (let i = 1; i < LPC_ORDER + 2; i++) {
    const m = L_abs(ld32(wide, i));
    if (m > peak) peak = m;
  }
  const exp = norm_l(peak);
  const spq = addr(polyShort);
  for (let i = 0; i < LPC_ORDER + 2; i++) st(spq, i, round(L_shl(ld32(wide, i), exp)));

  // Walk the grid, alternating between P and Q at each root found.
  let k = 0;
  let previous = 0;
  for (let j = 0; j <= HALF; j++) previous = L_mac(previous, ld(spq, 2 * j), cosine(0));
  let found = 0;
  for (let i = 1; i < 256; i++) {
    let current = evaluate(spq, i, k);
    if ((current ^ previous) < 0) {
      st(lsp, found, add(rootFraction(current, previous), shl(i - 1, 7)));
      found++;
      if (found == LPC_ORDER) break;
      k ^= 1;
      current = evaluate(spq, i, k);
    }
    previous = current;
  }
  if (found != LPC_ORDER) copy16(lsp, prev, LPC_ORDER);
}

// Low 7 bits of a root's frequency by linear interpolation between two grid values.
function rootFraction(current: i32, previous: i32): i32 {
  let sum = L_add(L_abs(current), L_abs(previous));
  let part = L_abs(previous);
  const exp = norm_l(sum);
  sum = L_shl(sum, exp);
  part = L_shr(L_shl(part, exp), 8);
  return div_l(part, extract_h(sum));
}
