// The last `capacity` values in arrival order plus the same values sorted, so order
// statistics are one lookup and an update is two binary searches and two moves.

export class SortedWindow {
  private ring: StaticArray<f64>;
  private sorted: StaticArray<f64>;
  private head: i32 = 0;
  count: i32 = 0;

  constructor(public capacity: i32) {
    this.ring = new StaticArray<f64>(capacity);
    this.sorted = new StaticArray<f64>(capacity);
  }

  clear(): void {
    this.count = 0;
    this.head = 0;
  }

  full(): bool {
    return this.count == this.capacity;
  }

  /** k-th smallest value, 0 <= k < count. */
  at(k: i32): f64 {
    return unchecked(this.sorted[k]);
  }

  /** Value at fraction q (0..1) of the sorted values. */
  quantile(q: f64): f64 {
    const k = <i32>Math.floor(q * <f64>this.count);
    return unchecked(this.sorted[min(this.count - 1, max(0, k))]);
  }

  /** Share of the values greater than `x`. */
  shareAbove(x: f64): f64 {
    if (this.count == 0) return 0;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (unchecked(this.sorted[mid]) <= x) lo = mid + 1;
      else hi = mid;
    }
    return <f64>(this.count - lo) / <f64>this.count;
  }

  /** The i-th most recent value (0 = newest). */
  recent(i: i32): f64 {
    const at = (this.head - 1 - i + 2 * this.capacity) % this.capacity;
    return unchecked(this.ring[at]);
  }

  add(value: f64): void {
    if (this.count == this.capacity) {
      this.removeSorted(unchecked(this.ring[this.head]));
    } else {
      this.count++;
    }
    unchecked(this.ring[this.head] = value);
    this.head = (this.head + 1) % this.capacity;
    this.insertSorted(value);
  }

  /** Keeps only the `n` most recent values of `other`. */
  copyRecent(other: SortedWindow, n: i32): void {
    this.clear();
    const k = min(n, other.count);
    for (let i = k - 1; i >= 0; i--) this.add(other.recent(i));
  }

  private lowerBound(value: f64, n: i32): i32 {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (unchecked(this.sorted[mid]) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private removeSorted(value: f64): void {
    const n = this.count;
    const at = this.lowerBound(value, n);
    for (let i = at; i < n - 1; i++) unchecked(this.sorted[i] = this.sorted[i + 1]);
  }

  private insertSorted(value: f64): void {
    const n = this.count - 1;
    const at = this.lowerBound(value, n);
    for (let i = n; i > at; i--) unchecked(this.sorted[i] = this.sorted[i - 1]);
    unchecked(this.sorted[at] = value);
  }
}
