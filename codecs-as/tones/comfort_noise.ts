// Comfort noise: white, near-Gaussian noise (sum of four uniforms) at a given RMS.
// Deterministic from its seed, so tests and traces repeat.

export class ComfortNoise {
  private state: u32;

  constructor(seed: u32) {
    this.state = seed == 0 ? 0x9e3779b9 : seed;
  }

  // xorshift32: uniform in [0, 1).
  private uniform(): f64 {
    let x = this.state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    this.state = x;
    return <f64>x / 4294967296.0;
  }

  /** n samples with the given RMS (16-bit full scale = 32767). */
  render(out: usize, n: i32, rms: f64): void {
    // The sum of four U(0,1) has variance 4/12; centre and scale to unit variance.
    const scale = rms / Math.sqrt(4.0 / 12.0);
    for (let i = 0; i < n; i++) {
      const g = this.uniform() + this.uniform() + this.uniform() + this.uniform() - 2.0;
      const r = Math.round(g * scale);
      store<i16>(out + (<usize>i << 1), <i16>(r > 32767 ? 32767 : r < -32768 ? -32768 : <i32>r));
    }
  }
}
