// Live codec states, keyed by the address handed to the host. Keeping them in a
// module-level map is what keeps the garbage collector off them until destroy.
export class Handles<T> {
  private live: Map<usize, T> = new Map<usize, T>();

  add(state: T): usize {
    const handle = changetype<usize>(state);
    this.live.set(handle, state);
    return handle;
  }

  has(handle: usize): bool {
    return this.live.has(handle);
  }

  get(handle: usize): T {
    return this.live.get(handle);
  }

  remove(handle: usize): void {
    this.live.delete(handle);
  }
}
