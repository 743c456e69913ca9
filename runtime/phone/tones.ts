/**
 * Tones as the phone consumes them: call-progress tones for lines that cannot make their
 * own, and DTMF digits sent in-band (NOTASIP leaves DTMF to the voice stream).
 * @module
 */

/** A tone, read a block at a time; endless ones never finish. */
export interface ToneSource {
  /** The next `samples` samples (8 kHz); silence once finished. */
  next(samples: number): Int16Array;
  /** True once a finite tone (a DTMF digit) has been played out. */
  readonly finished: boolean;
}

/** Where the phone gets its tones. */
export interface Tones {
  /** Ring-back (sent to a caller while ringing) or busy (played locally). */
  callProgress(kind: "ringback" | "busy"): ToneSource;
  /** One DTMF digit (`0-9 * # A-D`) with its following pause. */
  dtmf(digit: string): ToneSource;
}

/** Silence, for phones built without tones. */
export const SILENCE: ToneSource = { next: (n) => new Int16Array(n), finished: false };
