// The ITU-T fixed-point basic operators (G.191 / G.723.1 "basop") the reference
// is written in, reproduced bit for bit: 16-bit values travel as sign-extended i32,
// 32-bit values as i32. Every operator saturates exactly where the ITU one does.
// The G.723.1 reference never reads the Overflow or Carry flags, so they are not kept.

export const MAX_16: i32 = 32767;
export const MIN_16: i32 = -32768;
export const MAX_32: i32 = 0x7fffffff;
export const MIN_32: i32 = <i32>0x80000000;

// Clamp a 32-bit value to the 16-bit range.
// @ts-ignore: decorator
@inline export function sat16(x: i32): i32 {
  return min<i32>(max<i32>(x, MIN_16), MAX_16);
}

// @ts-ignore: decorator
@inline export function add(a: i32, b: i32): i32 {
  return sat16(a + b);
}

// @ts-ignore: decorator
@inline export function sub(a: i32, b: i32): i32 {
  return sat16(a - b);
}

// |a|, with |-32768| = 32767.
// @ts-ignore: decorator
@inline export function abs_s(a: i32): i32 {
  return a == MIN_16 ? MAX_16 : a < 0 ? -a : a;
}

// @ts-ignore: decorator
@inline export function negate(a: i32): i32 {
  return a == MIN_16 ? MAX_16 : -a;
}

// Arithmetic right shift; a negative count shifts left.
// @ts-ignore: decorator
@inline export function shr(a: i32, n: i32): i32 {
  if (n >= 0) return a >> min<i32>(n, 15);
  return shlPositive(a, -n);
}

// Left shift with saturation; a negative count shifts right.
// @ts-ignore: decorator
@inline export function shl(a: i32, n: i32): i32 {
  if (n <= 0) return a >> min<i32>(-n, 15);
  return shlPositive(a, n);
}

// 16-bit left shift by n > 0, saturating.
export function shlPositive(a: i32, n: i32): i32 {
  if (n > 15) return a == 0 ? 0 : a > 0 ? MAX_16 : MIN_16;
  const r = a << n;
  return select<i32>(r, a > 0 ? MAX_16 : MIN_16, r == <i32>(<i16>r));
}

// (a*b) >> 15, saturated (only -32768 * -32768 saturates).
// @ts-ignore: decorator
@inline export function mult(a: i32, b: i32): i32 {
  return sat16((a * b) >> 15);
}

// Rounded (a*b) >> 15, saturated.
// @ts-ignore: decorator
@inline export function mult_r(a: i32, b: i32): i32 {
  return sat16((a * b + 0x4000) >> 15);
}

// 2*a*b as a 32-bit value; -32768 * -32768 saturates.
// @ts-ignore: decorator
@inline export function L_mult(a: i32, b: i32): i32 {
  const p = a * b;
  return select<i32>(MAX_32, p << 1, p == 0x40000000);
}

// 32-bit addition with saturation.
// @ts-ignore: decorator
@inline export function L_add(a: i32, b: i32): i32 {
  const s = a + b;
  // Overflow only when both operands share a sign the sum does not have.
  return select<i32>((a >> 31) ^ MAX_32, s, ((a ^ s) & (b ^ s)) < 0);
}

// 32-bit subtraction with saturation.
// @ts-ignore: decorator
@inline export function L_sub(a: i32, b: i32): i32 {
  const d = a - b;
  return select<i32>((a >> 31) ^ MAX_32, d, ((a ^ b) & (a ^ d)) < 0);
}

// acc + 2*a*b, each step saturated.
// @ts-ignore: decorator
@inline export function L_mac(acc: i32, a: i32, b: i32): i32 {
  return L_add(acc, L_mult(a, b));
}

// acc - 2*a*b, each step saturated.
// @ts-ignore: decorator
@inline export function L_msu(acc: i32, a: i32, b: i32): i32 {
  return L_sub(acc, L_mult(a, b));
}

// @ts-ignore: decorator
@inline export function L_negate(a: i32): i32 {
  return a == MIN_32 ? MAX_32 : -a;
}

// @ts-ignore: decorator
@inline export function L_abs(a: i32): i32 {
  return a == MIN_32 ? MAX_32 : a < 0 ? -a : a;
}

// Arithmetic right shift of a 32-bit value; a negative count shifts left.
// @ts-ignore: decorator
@inline export function L_shr(a: i32, n: i32): i32 {
  if (n >= 0) return a >> min<i32>(n, 31);
  return L_shlPositive(a, -n);
}

// Left shift of a 32-bit value with saturation; a negative count shifts right.
// @ts-ignore: decorator
@inline export function L_shl(a: i32, n: i32): i32 {
  if (n <= 0) return a >> min<i32>(-n, 31);
  return L_shlPositive(a, n);
}

// 32-bit left shift by n > 0, saturating.
// @ts-ignore: decorator
@inline export function L_shlPositive(a: i32, n: i32): i32 {
  if (n > 30) return a == 0 ? 0 : a > 0 ? MAX_32 : MIN_32;
  const r = a << n;
  return select<i32>(r, (a >> 31) ^ MAX_32, (r >> n) == a);
}

// @ts-ignore: decorator
@inline export function extract_h(a: i32): i32 {
  return a >> 16;
}

// @ts-ignore: decorator
@inline export function extract_l(a: i32): i32 {
  return <i32>(<i16>a);
}

// @ts-ignore: decorator
@inline export function L_deposit_h(a: i32): i32 {
  return a << 16;
}

// Upper half of a + 0.5 LSB of it, with the addition saturated.
// @ts-ignore: decorator
@inline export function round(a: i32): i32 {
  return L_add(a, 0x8000) >> 16;
}

// round(L_shl(a, 2)) without the intermediate saturations: both saturate exactly when
// the 16-bit result would leave its range, and floor((4a + 2^15) / 2^16) equals
// floor((floor(a / 2) + 2^12) / 2^13).
// @ts-ignore: decorator
@inline export function roundShl2(a: i32): i32 {
  return sat16(((a >> 1) + 0x1000) >> 13);
}

// Left shifts that normalise a 16-bit value into [0x4000, 0x7fff] (or its negative).
// @ts-ignore: decorator
@inline export function norm_s(a: i32): i32 {
  if (a == 0) return 0;
  return <i32>clz<i32>(a < 0 ? ~a : a) - 17;
}

// Left shifts that normalise a 32-bit value into [0x40000000, 0x7fffffff] (or its negative).
// @ts-ignore: decorator
@inline export function norm_l(a: i32): i32 {
  if (a == 0) return 0;
  return <i32>clz<i32>(a < 0 ? ~a : a) - 1;
}

// a / b in Q15 for 0 <= a <= b, b > 0 (the ITU restoring division gives the floor).
// @ts-ignore: decorator
@inline export function div_s(a: i32, b: i32): i32 {
  if (a == 0) return 0;
  if (a >= b) return MAX_16;
  return (a << 15) / b;
}

// 32-bit numerator over a 16-bit denominator, as the G.723.1 reference defines it:
// 32767 when num >= den << 16, else floor((num >> 1) / den). Both are non-negative.
// @ts-ignore: decorator
@inline export function div_l(num: i32, den: i32): i32 {
  if (num >= den << 16) return MAX_16;
  return (num >> 1) / den;
}

// 32-bit by 16-bit multiply, result in the 32-bit format shifted by 15
// (the G.723.1 reference's L_mls: low half unsigned, high half through L_mac).
// @ts-ignore: decorator
@inline export function L_mls(a: i32, b: i32): i32 {
  const low = ((a & 0xffff) * b) >> 15;
  return L_mac(low, b, a >> 16);
}
