// Playout-offset estimator. A packet with media time t (ms) should play at t + target.
//
// The target minimises, over the recent transit times (arrival - media time), the cost
//     offset + lateCost * (share of packets that would arrive after it),
// so it covers the dense part of the delay distribution and lets sparse outliers (spikes)
// go late. It rises at once (fast attack) and falls with a time constant (slow decay).
// Two shortcuts follow changes of the network faster than the statistics can:
// - a run of late arrivals that is not a draining queue (a spike) lifts the target to
//   the run's smallest transit at once (route change to a longer path);
// - when the median of the last few hundred milliseconds of packets leaves the long
//   window's distribution, the long window is cut back to those packets (a level shift,
//   either way), and the target follows without decay.
import { SortedWindow } from "./sorted_window";

export class DelayEstimator {
  private long: SortedWindow;
  private short: SortedWindow;
  private lateRun: i32 = 0;
  private lateRunMin: f64 = 0;
  private lateRunArrival: f64 = 0;
  private lateRunMedia: f64 = 0;
  private lastArrival: f64 = 0;
  private sinceShift: i32 = 0;
  /** Current playout offset in ms (NaN until the first packet). */
  target: f64 = NaN;

  lateCostMs: f64 = 1000;
  decayMs: f64 = 2000;
  marginMs: f64 = 10;
  minDelayMs: f64 = 0;
  maxDelayMs: f64 = 500;
  initialDelayMs: f64 = 40;
  attackCount: i32 = 3;
  shiftMinMs: f64 = 15;
  warmup: i32 = 16;
  /** Level shifts detected. */
  shifts: i32 = 0;

  constructor(public capacity: i32, shortCapacity: i32) {
    this.long = new SortedWindow(capacity);
    this.short = new SortedWindow(min(shortCapacity, capacity));
  }

  reset(): void {
    this.long.clear();
    this.short.clear();
    this.lateRun = 0;
    this.sinceShift = 0;
    this.shifts = 0;
    this.target = NaN;
  }

  /** Share of recent packets whose transit exceeded `transit` (ms). */
  shareLaterThan(transit: f64): f64 {
    return this.long.shareAbove(transit);
  }

  /** Smallest transit in the window: the network's base delay as far as we can see. */
  minTransit(): f64 {
    return this.long.count > 0 ? this.long.at(0) : 0;
  }

  /** Learns one packet's transit (ms). Late packets count too: they are the evidence. */
  add(transit: f64, arrival: f64): void {
    const wasLate = !isNaN(this.target) && transit > this.target;
    this.long.add(transit);
    this.short.add(transit);
    this.sinceShift++;
    if (isNaN(this.target)) {
      this.target = transit + this.initialDelayMs;
    } else if (this.long.count < this.warmup) {
      this.target = max(this.costOptimum(), this.minTransit() + this.initialDelayMs);
    } else if (this.levelShifted()) {
      this.keepNewLevel();
      this.sinceShift = 0;
      this.shifts++;
      this.target = this.costOptimum();
    } else {
      const raw = this.costOptimum();
      if (raw > this.target) {
        this.target = raw;
      } else {
        const dt = max(0.0, arrival - this.lastArrival);
        this.target += (raw - this.target) * (1.0 - Math.exp(-dt / this.decayMs));
      }
    }
    this.trackLateRun(wasLate, transit, arrival);
    this.lastArrival = arrival;
    this.clamp();
  }

  // The offset among the window's transits with the least delay + lateCost * late share.
  private costOptimum(): f64 {
    const w = this.long;
    const n = w.count;
    let best = w.at(n - 1);
    let bestCost = best;
    for (let k = n - 2; k >= n >> 1; k--) {
      const cost = w.at(k) + (this.lateCostMs * <f64>(n - 1 - k)) / <f64>n;
      if (cost < bestCost) {
        bestCost = cost;
        best = w.at(k);
      }
    }
    return best + this.marginMs;
  }

  // The short window's median outside the long window's middle half (and by more than
  // shiftMinMs) means the network's delay level moved.
  private levelShifted(): bool {
    if (!this.short.full() || this.sinceShift < this.short.capacity) return false;
    const m = this.short.quantile(0.5);
    const lo = this.long.quantile(0.25);
    const hi = this.long.quantile(0.75);
    const mid = this.long.quantile(0.5);
    const spread = max(this.shiftMinMs, hi - lo);
    return m > mid + spread || m < mid - spread;
  }

  // After a level shift, keep only the newest run of packets on the new level's side of
  // the old median (at least 8), so no stale transit holds the target where it was.
  private keepNewLevel(): void {
    const mid = this.long.quantile(0.5);
    const up = this.short.quantile(0.5) > mid;
    let n = 0;
    while (n < this.short.count) {
      const v = this.short.recent(n);
      if (up ? v <= mid : v >= mid) break;
      n++;
    }
    this.long.copyRecent(this.short, max(n, min(8, this.short.count)));
  }

  private trackLateRun(late: bool, transit: f64, arrival: f64): void {
    if (!late) {
      this.lateRun = 0;
      return;
    }
    const media = arrival - transit;
    if (this.lateRun == 0) {
      this.lateRunMin = transit;
      this.lateRunArrival = arrival;
      this.lateRunMedia = media;
    } else {
      this.lateRunMin = min(this.lateRunMin, transit);
    }
    this.lateRun++;
    if (this.lateRun < this.attackCount) return;
    // A draining queue delivers its backlog bunched together: arrivals much closer than
    // the media they carry. That is a spike, and following it would only add delay.
    const draining = arrival - this.lateRunArrival < 0.5 * Math.abs(media - this.lateRunMedia);
    if (!draining) this.target = max(this.target, this.lateRunMin + this.marginMs);
    this.lateRun = 0;
  }

  private clamp(): void {
    const base = this.minTransit();
    this.target = min(max(this.target, base + this.minDelayMs), base + this.maxDelayMs);
  }
}
