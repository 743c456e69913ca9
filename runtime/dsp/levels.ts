/**
 * Level conversions for 16-bit PCM. dBm0 follows G.711 A-law (a full-scale sine is
 * +3.14 dBm0); dBov follows RFC 3389 (0 dBov is a full-scale square wave, RMS 32767).
 * @module
 */

/** Peak of a 0 dBm0 sine in 16-bit PCM. */
export const DBM0_PEAK = 32768 * Math.pow(10, -3.14 / 20);
/** RMS of the 0 dBov reference (a full-scale square wave). */
export const DBOV_RMS = 32767;

/**
 * Peak amplitude of a sine at `dbm0`.
 *
 * @example
 * ```ts
 * sinePeak(-10); // about 7218
 * ```
 */
export function sinePeak(dbm0: number): number {
  return DBM0_PEAK * Math.pow(10, dbm0 / 20);
}

/** RMS of a signal at `dbov` (RFC 3389 noise levels are -dBov, 0..127). */
export function rmsOfDbov(dbov: number): number {
  return DBOV_RMS * Math.pow(10, dbov / 20);
}

/** Level of `pcm` in dBov (RMS against the square-wave reference); -Infinity for silence. */
export function dbovOf(pcm: Int16Array): number {
  let sum = 0;
  for (const v of pcm) sum += v * v;
  const rms = Math.sqrt(sum / Math.max(1, pcm.length));
  return 20 * Math.log10(rms / DBOV_RMS);
}
