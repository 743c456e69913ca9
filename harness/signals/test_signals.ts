/**
 * Deterministic test signals for the DSP tests (not part of the runtime API).
 * @module
 */

/** Voiced-speech stand-in: harmonics of `f0` with a slow vibrato and a syllable envelope. */
export function voiced(samples: number, f0 = 125, peak = 8000): Int16Array {
  const out = new Int16Array(samples);
  let phase = 0;
  for (let n = 0; n < samples; n++) {
    const f = f0 * (1 + 0.01 * Math.sin((2 * Math.PI * 3 * n) / 8000));
    phase += (2 * Math.PI * f) / 8000;
    let v = 0;
    for (let k = 1; k <= 12; k++) v += Math.sin(k * phase + k * k * 0.3) / k;
    out[n] = Math.round((peak * v) / 2.2 * (0.8 + 0.2 * Math.sin((2 * Math.PI * 2 * n) / 8000)));
  }
  return out;
}

/** Largest absolute difference between neighbouring samples. */
export function maxStep(pcm: Int16Array, from = 1, to = pcm.length): number {
  let m = 0;
  for (let i = Math.max(1, from); i < to; i++) m = Math.max(m, Math.abs(pcm[i] - pcm[i - 1]));
  return m;
}

/** Root mean square. */
export function rms(pcm: Int16Array): number {
  return Math.sqrt(pcm.reduce((a, v) => a + v * v, 0) / Math.max(1, pcm.length));
}

/** Lag in [lo, hi] with the highest normalised autocorrelation. */
export function pitchLag(pcm: Int16Array, lo = 40, hi = 160): number {
  let best = lo, score = -Infinity;
  for (let lag = lo; lag <= hi; lag++) {
    let ab = 0, aa = 0, bb = 0;
    for (let i = lag; i < pcm.length; i++) {
      ab += pcm[i] * pcm[i - lag];
      aa += pcm[i] * pcm[i];
      bb += pcm[i - lag] * pcm[i - lag];
    }
    const c = ab / Math.sqrt(aa * bb + 1);
    if (c > score) [score, best] = [c, lag];
  }
  return best;
}

/** Concatenates arrays. */
export function concat(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}
