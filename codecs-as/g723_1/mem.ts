// Raw access to 16- and 32-bit sample buffers. The codec works on addresses with
// offsets (a subframe inside a frame, the pitch history before it), as the signal
// processing is naturally written; negative offsets reach back into history.

// Address of a StaticArray's first element.
// @ts-ignore: decorator
@inline export function addr<T>(a: StaticArray<T>): usize {
  return changetype<usize>(a);
}

// @ts-ignore: decorator
@inline export function ld(p: usize, i: i32): i32 {
  return <i32>load<i16>(p + (<usize>i << 1));
}

// @ts-ignore: decorator
@inline export function st(p: usize, i: i32, v: i32): void {
  store<i16>(p + (<usize>i << 1), <i16>v);
}

// @ts-ignore: decorator
@inline export function ld32(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function st32(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

// Address of element i of a 16-bit buffer.
// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 1);
}

// Copies n 16-bit values.
// @ts-ignore: decorator
@inline export function copy16(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 1);
}

// Zeroes n 16-bit values.
// @ts-ignore: decorator
@inline export function zero16(dst: usize, n: i32): void {
  memory.fill(dst, 0, <usize>n << 1);
}
