// Saturating dot products, fast and exact. The reference accumulates products one at
// a time with 32-bit saturation; when the sum of the products' magnitudes (plus that
// of the starting value) fits in 31 bits, no partial sum can saturate in any order,
// so the exact sum, computed eight lanes at a time with SIMD, is the same value.
// Otherwise (or when a -32768 * -32768 product would saturate on its own) the chain
// is run step by step as the reference does.
import { L_add, L_mac, L_msu, L_mult, L_shr, MAX_32, MIN_16 } from "./basic_ops";
import { ld } from "./mem";

// Exact sum and sum of magnitudes of the last successful exactDot.
let dotSum: i64 = 0;
let dotAbs: i64 = 0;

// Sum of a[i] * b[i] and of |a[i] * b[i]| for i < n into dotSum/dotAbs; false when
// an operand is -32768 or a magnitude lane grows past 2^30 (then the fast path
// would not be provably exact anyway).
function exactDot(a: usize, b: usize, n: i32): bool {
  let sum = i32x4.splat(0);
  let mag = i32x4.splat(0);
  let flags = i32x4.splat(0);
  const minimum = i16x8.splat(<i16>MIN_16);
  const limit = i32x4.splat(0x3fffffff);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const va = v128.load(a + (<usize>i << 1));
    const vb = v128.load(b + (<usize>i << 1));
    flags = v128.or(flags, v128.or(i16x8.eq(va, minimum), i16x8.eq(vb, minimum)));
    sum = i32x4.add(sum, i32x4.dot_i16x8_s(va, vb));
    mag = i32x4.add(mag, i32x4.dot_i16x8_s(i16x8.abs(va), i16x8.abs(vb)));
    // Each lane gains less than 2^31 per step, so an unsigned lane below 2^30
    // before the step cannot wrap: flagging at 2^30 catches every overflow.
    flags = v128.or(flags, i32x4.gt_u(mag, limit));
  }
  if (v128.any_true(flags)) return false;
  let s: i64 = <i64>i32x4.extract_lane(sum, 0) + <i64>i32x4.extract_lane(sum, 1) +
    <i64>i32x4.extract_lane(sum, 2) + <i64>i32x4.extract_lane(sum, 3);
  let m: i64 = <i64>i32x4.extract_lane(mag, 0) + <i64>i32x4.extract_lane(mag, 1) +
    <i64>i32x4.extract_lane(mag, 2) + <i64>i32x4.extract_lane(mag, 3);
  for (; i < n; i++) {
    const x = ld(a, i);
    const y = ld(b, i);
    if (x == MIN_16 || y == MIN_16) return false;
    const p = x * y;
    s += <i64>p;
    m += <i64>(p < 0 ? -p : p);
  }
  dotSum = s;
  dotAbs = m;
  return true;
}

// @ts-ignore: decorator
@inline function magnitude(x: i32): i64 {
  const v = <i64>x;
  return v < 0 ? -v : v;
}

// acc + 2 * sum a[i] b[i], as a chain of L_mac.
export function macChain(acc: i32, a: usize, b: usize, n: i32): i32 {
  if (exactDot(a, b, n) && magnitude(acc) + 2 * dotAbs <= <i64>MAX_32) {
    return <i32>(<i64>acc + 2 * dotSum);
  }
  for (let i = 0; i < n; i++) acc = L_mac(acc, ld(a, i), ld(b, i));
  return acc;
}

// acc - 2 * sum a[i] b[i], as a chain of L_msu.
export function msuChain(acc: i32, a: usize, b: usize, n: i32): i32 {
  if (exactDot(a, b, n) && magnitude(acc) + 2 * dotAbs <= <i64>MAX_32) {
    return <i32>(<i64>acc - 2 * dotSum);
  }
  for (let i = 0; i < n; i++) acc = L_msu(acc, ld(a, i), ld(b, i));
  return acc;
}

// acc + sum a[i] b[i], as a chain of L_add(acc, L_shr(L_mult(a, b), 1)).
export function halfChain(acc: i32, a: usize, b: usize, n: i32): i32 {
  if (exactDot(a, b, n) && magnitude(acc) + dotAbs <= <i64>MAX_32) {
    return <i32>(<i64>acc + dotSum);
  }
  for (let i = 0; i < n; i++) acc = L_add(acc, L_shr(L_mult(ld(a, i), ld(b, i)), 1));
  return acc;
}

// Copies n values of `src` into `dst` in reverse order (dst[i] = src[n - 1 - i]), so
// that convolutions become forward dot products.
export function reverse16(dst: usize, src: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i16>(dst + (<usize>i << 1), load<i16>(src + (<usize>(n - 1 - i) << 1)));
}

// sum a[i] b[i] for i < n by SIMD, for callers that know no partial sum can leave
// 32 bits (for example 2 * n * max|a| * max|b| < 2^31).
export function plainDot(a: usize, b: usize, n: i32): i32 {
  let sum = i32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    sum = i32x4.add(sum, i32x4.dot_i16x8_s(v128.load(a + (<usize>i << 1)), v128.load(b + (<usize>i << 1))));
  }
  let s = i32x4.extract_lane(sum, 0) + i32x4.extract_lane(sum, 1) + i32x4.extract_lane(sum, 2) +
    i32x4.extract_lane(sum, 3);
  for (; i < n; i++) s += ld(a, i) * ld(b, i);
  return s;
}

// Prefix sums of squares: out[k] = sum of a[i]^2 for i < k, k = 0..n (n + 1 values).
export function prefixSquares(out: StaticArray<i64>, a: usize, n: i32): void {
  let sum: i64 = 0;
  unchecked((out[0] = 0));
  for (let i = 0; i < n; i++) {
    const x = <i64>ld(a, i);
    sum += x * x;
    unchecked((out[i + 1] = sum));
  }
}

// Whether a chain from `acc` adding `scale` (1 or 2) times the products of two vectors
// with sums of squares `ea` and `eb` provably cannot saturate: by Cauchy-Schwarz the
// sum of the products' magnitudes is at most sqrt(ea * eb). Evaluated in floating point
// with a margin far above its rounding error.
// @ts-ignore: decorator
@inline export function provablyExact(acc: i32, ea: i64, eb: i64, scale: i32): bool {
  const room = (<f64>MAX_32 - <f64>abs<i32>(acc)) / <f64>scale;
  return <f64>ea * <f64>eb * 1.000000001 <= room * room;
}

// acc + 2 sum a[i] b[i] (an L_mac chain) given the vectors' sums of squares.
// @ts-ignore: decorator
@inline export function macBounded(acc: i32, a: usize, b: usize, n: i32, ea: i64, eb: i64): i32 {
  if (provablyExact(acc, ea, eb, 2)) return acc + 2 * plainDot(a, b, n);
  return macChain(acc, a, b, n);
}

// acc - 2 sum a[i] b[i] (an L_msu chain) given the vectors' sums of squares.
// @ts-ignore: decorator
@inline export function msuBounded(acc: i32, a: usize, b: usize, n: i32, ea: i64, eb: i64): i32 {
  if (provablyExact(acc, ea, eb, 2)) return acc - 2 * plainDot(a, b, n);
  return msuChain(acc, a, b, n);
}

// acc + sum a[i] b[i] (the halved-product chain) given the vectors' sums of squares.
// @ts-ignore: decorator
@inline export function halfBounded(acc: i32, a: usize, b: usize, n: i32, ea: i64, eb: i64): i32 {
  if (provablyExact(acc, ea, eb, 1)) return acc + plainDot(a, b, n);
  return halfChain(acc, a, b, n);
}
