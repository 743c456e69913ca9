// I/O buffers the host writes PCM and payload into. Unmanaged, so the
// collector never moves or frees them behind the host's back.

export function buffer_alloc(bytes: i32): usize {
  return heap.alloc(<usize> max(bytes, 1));
}

export function buffer_free(ptr: usize): void {
  heap.free(ptr);
}
