// Plays a list of tone segments (each: duration, up to two frequencies with their own
// peak amplitudes, optional amplitude modulation) in a loop or once. Oscillator phases
// run on across segments and amplitudes glide over RAMP_MS, so cadence edges do not click.

export const SEGMENT_FIELDS: i32 = 7; // duration ms (0 = forever), f1, a1, f2, a2, modHz, depth
export const MAX_SEGMENTS: i32 = 32;
const RAMP_MS: f64 = 2;
const TWO_PI: f64 = 2 * Math.PI;

export class CadencePlayer {
  private segments: StaticArray<f64> = new StaticArray<f64>(SEGMENT_FIELDS * MAX_SEGMENTS);
  private count: i32 = 0;
  private loop: bool = true;
  private index: i32 = 0;
  private left: i64 = 0; // samples left in the current segment (-1: forever)
  private done: bool = true;
  private phase1: f64 = 0;
  private phase2: f64 = 0;
  private phaseM: f64 = 0;
  private amp1: f64 = 0;
  private amp2: f64 = 0;
  // Per-sample amplitude change of the glide into the current segment.
  private inc1: f64 = 0;
  private inc2: f64 = 0;
  // Frequencies of the last sounding segment: a fade-out keeps its pitch.
  private f1: f64 = 0;
  private f2: f64 = 0;
  private fm: f64 = 0;
  private depth: f64 = 0;
  private step: f64;

  constructor(public rate: i32) {
    this.step = 1.0 / (RAMP_MS * <f64>rate / 1000.0);
  }

  /** Copies `count` segments from `ptr` (f64 fields); false if the list is unusable. */
  load(ptr: usize, count: i32, loop: bool): bool {
    if (count < 1 || count > MAX_SEGMENTS) return false;
    for (let i = 0; i < count * SEGMENT_FIELDS; i++) {
      const v = load<f64>(ptr + (<usize>i << 3));
      if (!isFinite(v)) return false;
      unchecked(this.segments[i] = v);
    }
    this.count = count;
    this.loop = loop;
    this.restart();
    return true;
  }

  restart(): void {
    this.index = 0;
    this.done = false;
    this.enter(0);
  }

  private field(i: i32, f: i32): f64 {
    return unchecked(this.segments[i * SEGMENT_FIELDS + f]);
  }

  private enter(i: i32): void {
    this.index = i;
    const ms = this.field(i, 0);
    this.left = ms <= 0 ? -1 : <i64>Math.round((ms * <f64>this.rate) / 1000.0);
    this.inc1 = Math.abs(this.field(i, 2) - this.amp1) * this.step;
    this.inc2 = Math.abs(this.field(i, 4) - this.amp2) * this.step;
  }

  private advance(): void {
    const next = this.index + 1;
    if (next < this.count) this.enter(next);
    else if (this.loop) this.enter(0);
    else {
      this.done = true;
      this.inc1 = this.amp1 * this.step;
      this.inc2 = this.amp2 * this.step;
    }
  }

  /** Writes n samples of 16-bit PCM at `out`. After a one-shot list ends: silence. */
  render(out: usize, n: i32): void {
    const r = <f64>this.rate;
    for (let k = 0; k < n; k++) {
      while (!this.done && this.left == 0) this.advance();
      let t1: f64 = 0, t2: f64 = 0;
      if (!this.done) {
        const i = this.index;
        t1 = this.field(i, 2);
        t2 = this.field(i, 4);
        if (t1 > 0) this.f1 = this.field(i, 1);
        if (t2 > 0) this.f2 = this.field(i, 3);
        if (t1 > 0 || t2 > 0) {
          this.fm = this.field(i, 5);
          this.depth = this.field(i, 6);
        }
        if (this.left > 0) this.left--;
      }
      this.amp1 = glide(this.amp1, t1, this.inc1);
      this.amp2 = glide(this.amp2, t2, this.inc2);
      let y = this.amp1 * Math.sin(this.phase1) + this.amp2 * Math.sin(this.phase2);
      if (this.depth > 0) y *= (1.0 + this.depth * Math.sin(this.phaseM)) / (1.0 + this.depth);
      this.phase1 = wrap(this.phase1 + (TWO_PI * this.f1) / r);
      this.phase2 = wrap(this.phase2 + (TWO_PI * this.f2) / r);
      this.phaseM = wrap(this.phaseM + (TWO_PI * this.fm) / r);
      store<i16>(out + (<usize>k << 1), clamp16(y));
    }
  }

  /** True once a one-shot list has played to its end. */
  finished(): bool {
    return this.done;
  }
}

function glide(from: f64, to: f64, by: f64): f64 {
  if (from < to) return min(to, from + by);
  return max(to, from - by);
}

function wrap(p: f64): f64 {
  return p >= TWO_PI ? p - TWO_PI : p;
}

function clamp16(x: f64): i16 {
  const r = Math.round(x);
  return <i16>(r > 32767 ? 32767 : r < -32768 ? -32768 : <i32>r);
}
