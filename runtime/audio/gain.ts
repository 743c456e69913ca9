/**
 * Software gain for 16-bit PCM: a linear factor with saturation at the 16-bit limits, so
 * turning a loud talker up clips instead of wrapping around.
 *
 * @example
 * ```ts
 * const frame = Int16Array.of(1000, -30000);
 * applyGain(frame, 2); // [2000, -32768]
 * ```
 * @module
 */

/** Largest gain accepted (+24 dB). */
export const MAX_GAIN = 16;

/** Throws a RangeError unless `gain` is a finite number in [0, {@link MAX_GAIN}]. */
export function checkGain(gain: number, what = "gain"): number {
  if (!Number.isFinite(gain) || gain < 0 || gain > MAX_GAIN) {
    throw new RangeError(`${what} must be between 0 and ${MAX_GAIN}, got ${gain}`);
  }
  return gain;
}

/** Multiplies `samples` by `gain` in place, rounding and saturating; returns `samples`. */
export function applyGain(samples: Int16Array, gain: number): Int16Array {
  if (gain === 1) return samples;
  if (gain === 0) return samples.fill(0);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i] * gain);
    samples[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return samples;
}

/** The linear factor for `db` decibels (20·log10 scale). */
export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}
