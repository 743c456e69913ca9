/**
 * How alike two signals are, allowing for a delay: used by tests and the self-call
 * demo to check that what was heard is what was said.
 * @module
 */

/** Normalised cross-correlation of `a` and `b` with `b` delayed by `lag` samples. */
export function correlationAt(a: Int16Array, b: Int16Array, lag: number): number {
  let ab = 0, aa = 0, bb = 0;
  const n = Math.min(a.length, b.length - lag);
  for (let i = 0; i < n; i++) {
    const x = a[i], y = b[i + lag];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa && bb ? ab / Math.sqrt(aa * bb) : 0;
}

/** The delay (0..maxLag samples) of `heard` behind `sent` with the highest correlation. */
export function bestCorrelation(
  sent: Int16Array,
  heard: Int16Array,
  maxLag: number,
): { correlation: number; lag: number } {
  let best = { correlation: -Infinity, lag: 0 };
  for (let lag = 0; lag <= maxLag; lag++) {
    const correlation = correlationAt(sent, heard, lag);
    if (correlation > best.correlation) best = { correlation, lag };
  }
  return best;
}

/**
 * Best correlation of `heard` against `sent` in windows of `window` samples, each with
 * its own delay: a playout delay that drifts (time-scaling) does not lower the score.
 */
export function windowedCorrelation(
  sent: Int16Array,
  heard: Int16Array,
  window: number,
  maxLag: number,
): { correlation: number; lag: number }[] {
  const out = [];
  for (
    let start = 0;
    start + window <= sent.length && start + window + maxLag <= heard.length;
    start += window
  ) {
    out.push(bestCorrelation(sent.subarray(start, start + window), heard.subarray(start), maxLag));
  }
  return out;
}

/** Log energies (dB) of consecutive `frame`-sample frames. */
function envelope(pcm: Int16Array, frame: number): Float64Array {
  const out = new Float64Array(Math.floor(pcm.length / frame));
  for (let f = 0; f < out.length; f++) {
    let e = 1;
    for (let i = f * frame; i < (f + 1) * frame; i++) e += pcm[i] * pcm[i];
    out[f] = 10 * Math.log10(e / frame);
  }
  return out;
}

function pearson(a: Float64Array, b: Float64Array, lag: number): number {
  const n = Math.min(a.length, b.length - lag);
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i + lag];
  }
  ma /= n;
  mb /= n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma, y = b[i + lag] - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa && bb ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * How well the loudness contour of `heard` follows that of `sent` (10 ms frames at
 * 8 kHz), at the best delay up to `maxLagMs`. Unlike waveform correlation it holds for
 * vocoders (LPC-10, G.723.1), which keep the sound but not the waveform.
 */
export function envelopeMatch(
  sent: Int16Array,
  heard: Int16Array,
  maxLagMs = 1000,
): { correlation: number; delayMs: number } {
  const a = envelope(sent, 80), b = envelope(heard, 80);
  let best = { correlation: -Infinity, delayMs: 0 };
  for (let lag = 0; lag <= maxLagMs / 10 && lag < b.length; lag++) {
    const correlation = pearson(a, b, lag);
    if (correlation > best.correlation) best = { correlation, delayMs: lag * 10 };
  }
  return best;
}
