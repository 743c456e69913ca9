// Raw f32/i32 access by element index. The LPC-10 routines work on windows into
// longer buffers (and on 1-based parameter arrays), so they pass base addresses
// around; `i` may be negative relative to such a base.

// @ts-ignore: decorator
@inline export function lf(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize> i << 2));
}

// @ts-ignore: decorator
@inline export function sf(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize> i << 2), v);
}

// @ts-ignore: decorator
@inline export function li(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize> i << 2));
}

// @ts-ignore: decorator
@inline export function si(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize> i << 2), v);
}

/** Address of element `i` (so `at(p, -1)` makes a 1-based view of `p`). */
// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize> i << 2);
}

/** Data address of a static array, for the pointer-based routines. */
// @ts-ignore: decorator
@inline export function ptrF(a: StaticArray<f32>): usize {
  return changetype<usize>(a);
}

// @ts-ignore: decorator
@inline export function ptrI(a: StaticArray<i32>): usize {
  return changetype<usize>(a);
}

/** Fortran NINT on a real: round half away from zero, computed in double as f2c does. */
// @ts-ignore: decorator
@inline export function nint(x: f32): i32 {
  const d = <f64> x;
  return d >= 0 ? <i32> Math.floor(d + 0.5) : -<i32> Math.floor(0.5 - d);
}

/** Fortran SIGN(1, b): +1 for b >= 0 (including -0), else -1. */
// @ts-ignore: decorator
@inline export function sign1(b: f32): f32 {
  return b >= 0 ? 1 : -1;
}
