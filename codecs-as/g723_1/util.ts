// Small numeric helpers shared by the encoder and the decoder.
import { abs_s, add, extract_l, L_mac, L_mult, norm_s, shr, sub } from "./basic_ops";
import { SUBFRAME } from "./constants";
import { ld, st } from "./mem";

// Scales `len` values at `v` so the largest magnitude sits just below 2^11
// (block floating point with 3 bits of headroom); returns the shift applied.
// The reference multiplies by 2^(shift+1) and shifts right by 4; as the shift keeps
// every |v| * 2^shift below 2^15 that is exactly a shift by shift - 3.
export function normalize(v: usize, len: i32): i32 {
  let hi = i16x8.splat(0);
  let lo = i16x8.splat(0);
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    const x = v128.load(v + (<usize>i << 1));
    hi = i16x8.max_s(hi, x);
    lo = i16x8.min_s(lo, x);
  }
  // Fold the eight lanes down to one.
  hi = i16x8.max_s(hi, i8x16.shuffle(hi, hi, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  hi = i16x8.max_s(hi, i8x16.shuffle(hi, hi, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
  hi = i16x8.max_s(hi, i8x16.shuffle(hi, hi, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1));
  lo = i16x8.min_s(lo, i8x16.shuffle(lo, lo, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  lo = i16x8.min_s(lo, i8x16.shuffle(lo, lo, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
  lo = i16x8.min_s(lo, i8x16.shuffle(lo, lo, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1));
  let top = <i32>i16x8.extract_lane_s(hi, 0);
  let bottom = <i32>i16x8.extract_lane_s(lo, 0);
  for (; i < len; i++) {
    top = max<i32>(top, ld(v, i));
    bottom = min<i32>(bottom, ld(v, i));
  }
  const shift = norm_s(max<i32>(top, abs_s(bottom)));
  if (shift >= 3) {
    const up = shift - 3;
    for (i = 0; i + 8 <= len; i += 8) {
      const p = v + (<usize>i << 1);
      v128.store(p, i16x8.shl(v128.load(p), up));
    }
    for (; i < len; i++) st(v, i, ld(v, i) << up);
  } else {
    const down = 3 - shift;
    for (i = 0; i + 8 <= len; i += 8) {
      const p = v + (<usize>i << 1);
      v128.store(p, i16x8.shr_s(v128.load(p), down));
    }
    for (; i < len; i++) st(v, i, ld(v, i) >> down);
  }
  return sub(shift, 3);
}

// Energy of a subframe after a 2-bit downscale.
export function subframeEnergy(v: usize): i32 {
  let acc = 0;
  for (let i = 0; i < SUBFRAME; i++) {
    const x = shr(ld(v, i), 2);
    acc = L_mac(acc, x, x);
  }
  return acc;
}

// Square root of a 32-bit value by 14 steps of bisection (result in Q15 of the input's Q31).
export function squareRoot(x: i32): i32 {
  let root = 0;
  let step = 0x4000;
  for (let i = 0; i < 14; i++) {
    const trial = add(root, step);
    if (x >= L_mult(trial, trial)) root = trial;
    step = shr(step, 1);
  }
  return root;
}

// The G.723.1 linear congruential generator: seed = seed * 521 + 259 (16 bits).
export class Random {
  seed: i32 = 0;

  next(): i32 {
    this.seed = extract_l((this.seed & 0xffff) * 521 + 259);
    return this.seed;
  }
}
