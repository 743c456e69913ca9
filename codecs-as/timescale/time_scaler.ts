// Time-scale modification without pitch change, WSOLA style: a frame is shortened by
// cutting out one waveform-similar span (a pitch period in voiced speech) or lengthened
// by replaying one, joined by an overlap-add over the span where the two copies match
// best (normalised cross-correlation). Frame ends are kept, so frames still join.

const CORRELATION_MIN: f64 = 0.5; // below this, voiced speech is left alone
const QUIET_RMS: f64 = 100; // frames quieter than this are cut/extended anywhere
const NOISY_CROSSINGS: f64 = 0.3; // zero crossings per sample of unvoiced (noise-like) sound

export class TimeScaler {
  readonly minLag: i32;
  readonly maxLag: i32;
  private minOverlap: i32;
  // Previous input, so a stretch can replay the period just before the frame.
  private history: StaticArray<f32>;
  private z: StaticArray<f32>; // history + current frame, contiguous
  private zCap: i32;

  constructor(public rate: i32, maxFrame: i32) {
    const maxLag = (rate * 3) / 200; // 15 ms
    this.history = new StaticArray<f32>(maxLag);
    this.z = new StaticArray<f32>(maxLag + maxFrame);
    this.zCap = maxLag + maxFrame;
    this.minLag = rate / 200; // 5 ms
    this.maxLag = maxLag;
    this.minOverlap = rate / 400; // 2.5 ms
  }

  /** Largest frame `process` accepts. */
  zCapFrame(): i32 {
    return this.zCap - this.maxLag;
  }

  reset(): void {
    for (let i = 0; i < this.maxLag; i++) unchecked(this.history[i] = 0);
  }

  /** Scales n samples at `input` towards `target` samples at `out`; returns the count. */
  process(input: usize, n: i32, target: i32, out: usize): i32 {
    const H = this.maxLag;
    const z = this.z;
    for (let i = 0; i < H; i++) unchecked(z[i] = this.history[i]);
    for (let i = 0; i < n; i++) unchecked(z[H + i] = <f32>load<i16>(input + (<usize>i << 1)));
    let written = n;
    const want = target - n;
    if (want < 0) written = this.compress(n, -want, out);
    else if (want > 0) written = this.stretch(n, want, out);
    else this.copy(H, n, out);
    // Keep the last maxLag input samples.
    for (let i = 0; i < H; i++) unchecked(this.history[i] = z[n + i]);
    return written;
  }

  private copy(from: i32, n: i32, out: usize): void {
    for (let i = 0; i < n; i++) store<i16>(out + (<usize>i << 1), clamp16(unchecked(this.z[from + i])));
  }

  // Quiet or noise-like frames have no period to keep: any span can go or repeat.
  private shapeless(n: i32): bool {
    return this.quiet(n) || this.crossingRate(n) > NOISY_CROSSINGS;
  }

  private crossingRate(n: i32): f64 {
    let c = 0;
    for (let i = 1; i < n; i++) {
      const a = unchecked(this.z[this.maxLag + i - 1]);
      const b = unchecked(this.z[this.maxLag + i]);
      if ((a < 0) != (b < 0)) c++;
    }
    return <f64>c / <f64>max(1, n - 1);
  }

  private quiet(n: i32): bool {
    let e: f64 = 0;
    for (let i = 0; i < n; i++) {
      const v = <f64>unchecked(this.z[this.maxLag + i]);
      e += v * v;
    }
    return Math.sqrt(e / <f64>max(1, n)) < QUIET_RMS;
  }

  // Normalised correlation of z[a ..a+len) with z[b ..b+len).
  private similarity(a: i32, b: i32, len: i32): f64 {
    let ab: f64 = 0;
    let aa: f64 = 0;
    let bb: f64 = 0;
    for (let i = 0; i < len; i++) {
      const x = <f64>unchecked(this.z[a + i]);
      const y = <f64>unchecked(this.z[b + i]);
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    return ab / Math.sqrt(max(aa * bb, 1.0));
  }

  // Drop `lag` samples: out = fade(x[0..L) -> x[lag..lag+L)) then x[lag+L..n).
  private compress(n: i32, want: i32, out: usize): i32 {
    const H = this.maxLag;
    // Never cut more than asked: overshooting would leave the buffer short of delay.
    const hi = min(min(this.maxLag, n - this.minOverlap), want);
    if (hi < this.minLag) {
      this.copy(H, n, out);
      return n;
    }
    let lag: i32;
    if (this.shapeless(n)) {
      lag = hi;
    } else {
      lag = -1;
      let best = CORRELATION_MIN;
      for (let t = this.minLag; t <= hi; t++) {
        const c = this.similarity(H, H + t, min(t, n - t));
        if (c > best) {
          best = c;
          lag = t;
        }
      }
      if (lag < 0) {
        this.copy(H, n, out);
        return n;
      }
    }
    const L = min(lag, n - lag);
    for (let i = 0; i < L; i++) {
      const w = (<f32>i + 0.5) / <f32>L;
      const v = unchecked(this.z[H + i]) * (1 - w) + unchecked(this.z[H + lag + i]) * w;
      store<i16>(out + (<usize>i << 1), clamp16(v));
    }
    const rest = n - lag - L;
    for (let i = 0; i < rest; i++) {
      store<i16>(out + (<usize>(L + i) << 1), clamp16(unchecked(this.z[H + lag + L + i])));
    }
    return n - lag;
  }

  // Replay `lag` samples: out = fade(x[0..L) -> z[-lag..-lag+L)) then z[-lag+L..n).
  private stretch(n: i32, want: i32, out: usize): i32 {
    const H = this.maxLag;
    // Some overshoot is harmless when adding delay; it lets a long period be replayed.
    const hi = min(this.maxLag, max(this.minLag, want + (want >> 1)));
    let lag: i32;
    if (this.shapeless(n)) {
      lag = min(max(want, this.minLag), hi);
    } else {
      lag = -1;
      let best = CORRELATION_MIN;
      for (let t = this.minLag; t <= hi; t++) {
        const c = this.similarity(H, H - t, min(t, n));
        if (c > best) {
          best = c;
          lag = t;
        }
      }
      if (lag < 0) {
        this.copy(H, n, out);
        return n;
      }
    }
    const L = min(lag, n);
    for (let i = 0; i < L; i++) {
      const w = (<f32>i + 0.5) / <f32>L;
      const v = unchecked(this.z[H + i]) * (1 - w) + unchecked(this.z[H - lag + i]) * w;
      store<i16>(out + (<usize>i << 1), clamp16(v));
    }
    const rest = n + lag - L;
    for (let i = 0; i < rest; i++) {
      store<i16>(out + (<usize>(L + i) << 1), clamp16(unchecked(this.z[H - lag + L + i])));
    }
    return n + lag;
  }
}

function clamp16(x: f32): i16 {
  const r = Mathf.round(x);
  return <i16>(r > 32767 ? 32767 : r < -32768 ? -32768 : <i32>r);
}
