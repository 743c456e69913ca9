// Ten-tap filter helpers for the recursive filters (synthesis, postfilter, weighting).
// A chain `acc +- 2 * sum c[j] * x[n-1-j]` saturates in the reference after every
// term; when |acc| + 2 * sum |c[j]| * max |x| fits in 31 bits no partial sum can
// leave 32 bits, so the plain sum is the same value. The filters check that bound
// (magnitudeLimit against the running peak of their delay line) and fall back to the
// term-by-term chains here otherwise. Delay lines are either newest-first memories
// (as the reference keeps them) or time-ordered lines: 10 samples of history, then
// the subframe.
import { L_mac, L_msu, MAX_32 } from "./basic_ops";
import { LPC_ORDER } from "./constants";
import { ld } from "./mem";

// Stores the 10 coefficients at `c` reversed into `out` (8 SIMD lanes + 2 scalars).
export function reverseTaps(out: usize, c: usize): void {
  for (let k = 0; k < LPC_ORDER; k++) store<i16>(out + (<usize>k << 1), <i16>ld(c, LPC_ORDER - 1 - k));
}

// Sum of |c[j]|: with |x| <= 32768, 2 * |c[j] x| <= 2^16 |c[j]|.
export function tapMagnitude(c: usize): i32 {
  let sum = 0;
  for (let j = 0; j < LPC_ORDER; j++) sum += abs<i32>(ld(c, j));
  return sum;
}

// Largest delay-line magnitude for which chains starting within +-`start`, with taps
// of total magnitude `taps`, cannot saturate (negative when even 0 is not safe).
export function magnitudeLimit(start: i64, taps: i32): i32 {
  const room = <i64>MAX_32 - start;
  if (room < 0) return -1;
  if (taps == 0) return 0x7fffffff;
  return <i32>min<i64>(room / (<i64>taps << 1), 0x7fffffff);
}

// Largest magnitude of n values.
export function peakMagnitude(v: usize, n: i32): i32 {
  let peak = 0;
  for (let i = 0; i < n; i++) peak = max<i32>(peak, abs<i32>(ld(v, i)));
  return peak;
}

// acc + 2 sum c[j] y(j+1), term by term with saturation in the reference order, for a
// delay line held in locals y1 (newest) .. y10.
// @ts-ignore: decorator
@inline export function macLocals(
  acc: i32,
  c: usize,
  y1: i32,
  y2: i32,
  y3: i32,
  y4: i32,
  y5: i32,
  y6: i32,
  y7: i32,
  y8: i32,
  y9: i32,
  y10: i32,
): i32 {
  acc = L_mac(acc, ld(c, 0), y1);
  acc = L_mac(acc, ld(c, 1), y2);
  acc = L_mac(acc, ld(c, 2), y3);
  acc = L_mac(acc, ld(c, 3), y4);
  acc = L_mac(acc, ld(c, 4), y5);
  acc = L_mac(acc, ld(c, 5), y6);
  acc = L_mac(acc, ld(c, 6), y7);
  acc = L_mac(acc, ld(c, 7), y8);
  acc = L_mac(acc, ld(c, 8), y9);
  return L_mac(acc, ld(c, 9), y10);
}

// Sum of the four lanes.
// @ts-ignore: decorator
@inline export function hsum(v: v128): i32 {
  const pairs = i32x4.add(v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  return i32x4.extract_lane(pairs, 0) + i32x4.extract_lane(pairs, 1);
}

// acc + 2 sum c[j] x[n-1-j], term by term with saturation, j from 0 (the reference order).
export function macTaps(acc: i32, c: usize, past: usize): i32 {
  for (let j = 0; j < LPC_ORDER; j++) acc = L_mac(acc, ld(c, j), ld(past, LPC_ORDER - 1 - j));
  return acc;
}

// acc - 2 sum c[j] x[n-1-j], term by term with saturation.
export function msuTaps(acc: i32, c: usize, past: usize): i32 {
  for (let j = 0; j < LPC_ORDER; j++) acc = L_msu(acc, ld(c, j), ld(past, LPC_ORDER - 1 - j));
  return acc;
}

// Fills the first 10 entries of a time-ordered line from a newest-first memory.
export function lineFromMemory(line: usize, mem: usize): void {
  for (let k = 0; k < LPC_ORDER; k++) store<i16>(line + (<usize>k << 1), <i16>ld(mem, LPC_ORDER - 1 - k));
}

// Saves the last 10 of `count` entries of a time-ordered line as a newest-first memory.
export function memoryFromLine(mem: usize, line: usize, count: i32): void {
  for (let j = 0; j < LPC_ORDER; j++) store<i16>(mem + (<usize>j << 1), <i16>ld(line, count - 1 - j));
}
