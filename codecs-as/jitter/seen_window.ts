// Which of the last WINDOW extended sequence numbers have been received, to tell a
// duplicate from a first copy. One bit per sequence number, cleared as the top advances.

export const WINDOW: i64 = 1024;

// How far behind the newest sequence number a packet is taken as lost for good.
const SETTLE: i64 = 64;

export class SeenWindow {
  private bits: StaticArray<u32> = new StaticArray<u32>(<i32>(WINDOW >> 5));
  private top: i64 = -1;
  /** Packets judged so far: never received after SETTLE newer ones, and in all. */
  settledLost: i64 = 0;
  settled: i64 = 0;
  /** Exponentially weighted share of settled packets that never came (about 200 packets). */
  lossRate: f64 = 0;

  reset(): void {
    for (let i = 0; i < this.bits.length; i++) unchecked(this.bits[i] = 0);
    this.top = -1;
    this.settled = 0;
    this.settledLost = 0;
    this.lossRate = 0;
  }

  /** True when `seq` is older than the window (cannot be checked any more). */
  tooOld(seq: i64): bool {
    return this.top >= 0 && seq <= this.top - WINDOW;
  }

  has(seq: i64): bool {
    if (this.top < 0 || seq > this.top || this.tooOld(seq)) return false;
    const i = <i32>(seq & (WINDOW - 1));
    return (unchecked(this.bits[i >> 5]) & (1 << (i & 31))) != 0;
  }

  private first: i64 = 0;

  mark(seq: i64): void {
    if (this.top < 0) {
      this.top = seq - 1;
      this.first = seq;
    }
    if (seq > this.top) {
      // Clear the bits of the numbers the window now reuses.
      const from = max(this.top + 1, seq - WINDOW + 1);
      for (let s = from; s <= seq; s++) {
        this.settle(s - SETTLE);
        this.clear(s);
      }
      this.top = seq;
    }
    const i = <i32>(seq & (WINDOW - 1));
    unchecked(this.bits[i >> 5] |= 1 << (i & 31));
  }

  // A packet SETTLE numbers older than the newest one has had its chance to arrive.
  private settle(seq: i64): void {
    if (seq < this.first) return;
    const lost = !this.has(seq);
    this.settled++;
    if (lost) this.settledLost++;
    this.lossRate += ((lost ? 1.0 : 0.0) - this.lossRate) / 200.0;
  }

  private clear(seq: i64): void {
    const i = <i32>(seq & (WINDOW - 1));
    unchecked(this.bits[i >> 5] &= ~(1 << (i & 31)));
  }
}
