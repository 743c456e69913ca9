/**
 * Test voices for end-to-end calls, and how to tell whether one was heard: each phone
 * speaks its own chirp with noise (never repeating), and what the
 * other side recorded is aligned to it first (two processes start their microphones at
 * different times) and then compared window by window with `windowedCorrelation`.
 *
 * @example
 * ```ts
 * import { heardWindows, testVoice } from "./test_signal.ts";
 * const said = testVoice(12, 300);
 * const heard = new Int16Array(8000).fill(0); // a recording
 * heardWindows(said, heard).filter((c) => c > 0.9).length; // 0: nothing came through
 * ```
 * @module
 */
import { bestCorrelation, windowedCorrelation } from "../../runtime/dsp/signal_compare.ts";

/**
 * `seconds` of 8 kHz test voice: a chirp rising from `base` Hz plus as much noise seeded by
 * `base`. The noise makes every stretch unique, so another phone's voice, or this one at
 * the wrong place, correlates at most about 0.6 (the chirp's share of the power).
 */
export function testVoice(seconds: number, base: number): Int16Array {
  let state = base * 2654435761 >>> 0 || 1;
  return Int16Array.from({ length: seconds * 8000 }, (_, n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const noise = ((state >>> 0) / 2 ** 32 - 0.5) * 2 * 6000; // power 1.2e7
    const t = n / 8000;
    const chirp = 5000 * Math.sin(2 * Math.PI * (base * t + 40 * t * t)); // power 1.25e7
    return Math.round(chirp + noise);
  });
}

/** Samples per comparison window (100 ms). */
export const WINDOW = 800;

function rms(x: Int16Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return x.length ? Math.sqrt(sum / x.length) : 0;
}

function loudWindows(heard: Int16Array): number[] {
  const loud: number[] = [];
  for (let start = 0; start + WINDOW <= heard.length; start += WINDOW) {
    if (rms(heard.subarray(start, start + WINDOW)) > 1000) loud.push(start);
  }
  return loud;
}

// `heard[i + offset]` plays `said[i]`, judged from the 200 ms of the recording at `from`.
function offsetFrom(said: Int16Array, heard: Int16Array, from: number): number {
  const piece = heard.subarray(from, Math.min(heard.length, from + 2 * WINDOW));
  const found = bestCorrelation(piece, said, said.length - piece.length);
  return from - found.lag;
}

/**
 * Where `heard` holds `said`: `heard[i + offset]` plays `said[i]`. Found by locating loud
 * stretches of the recording's voiced part in `said` (five, spread over it) and keeping the
 * best match, so one stretch spoiled by concealment or time-scaling cannot misplace the rest;
 * undefined when the recording has no voice at all.
 */
export function alignment(said: Int16Array, heard: Int16Array): number | undefined {
  const loud = loudWindows(heard);
  if (loud.length === 0) return undefined;
  let best = { correlation: -Infinity, offset: 0 };
  for (const q of [0.5, 0.3, 0.7, 0.1, 0.9]) {
    const from = loud[Math.floor((loud.length - 1) * q)];
    const piece = heard.subarray(from, Math.min(heard.length, from + 2 * WINDOW));
    if (piece.length > said.length) continue;
    const found = bestCorrelation(piece, said, said.length - piece.length);
    if (found.correlation > best.correlation) best = { ...found, offset: from - found.lag };
    if (found.correlation > 0.95) break; // a clean stretch: no need to look further
  }
  return best.offset;
}

/**
 * Correlation of each 100 ms window of what was said with the recording, after aligning
 * them; each window may still slide by up to `slackMs` either way (jitter buffer changes,
 * time-scaling). Empty when nothing was heard.
 */
export function heardWindows(said: Int16Array, heard: Int16Array, slackMs = 100): number[] {
  const loud = loudWindows(heard);
  if (loud.length === 0) return [];
  // A loaded machine's call may conceal or time-scale the very stretch one alignment is taken
  // from, or shift once mid-call: try stretches across the recording and keep the alignment
  // under which the most windows match (another voice matches none under any).
  const offsets = new Set(
    [0.5, 0.25, 0.75, 0.1, 0.9].map((q) =>
      offsetFrom(said, heard, loud[Math.min(loud.length - 1, Math.floor(loud.length * q))])
    ),
  );
  let best: number[] = [];
  let bestGood = -1;
  for (const offset of offsets) {
    const windows = windowsAt(said, heard, offset, slackMs);
    const good = windows.filter((c) => c > 0.9).length;
    if (good > bestGood) [best, bestGood] = [windows, good];
  }
  return best;
}

function windowsAt(said: Int16Array, heard: Int16Array, offset: number, slackMs: number): number[] {
  const slack = slackMs * 8;
  const shift = offset - slack; // heard[i + shift + lag] with lag in [0, 2 * slack]
  const [a, b] = shift >= 0 ? [said, heard.subarray(shift)] : [said.subarray(-shift), heard];
  return windowedCorrelation(a, b, WINDOW, 2 * slack).map((w) => w.correlation);
}

/**
 * `heardWindows` for a call through a 16 kHz codec on 8 kHz lines: the far end's decimation
 * may land on either phase of the 16 kHz stream, a half-sample (62 us) delay nobody hears but
 * that caps an 8 kHz waveform match near 0.82. Compares against `said` and `said` half a
 * sample later, keeping whichever matches more windows.
 */
export function heardWindowsWideband(said: Int16Array, heard: Int16Array): number[] {
  const plain = heardWindows(said, heard);
  const shifted = heardWindows(halfSampleLater(said), heard);
  const good = (w: number[]) => w.filter((c) => c > 0.9).length;
  return good(shifted) > good(plain) ? shifted : plain;
}

/** `x` delayed by half a sample: a windowed-sinc interpolator, 32 taps (Hann window). */
export function halfSampleLater(x: Int16Array): Int16Array {
  const half = 16;
  const taps = new Float64Array(2 * half);
  for (let k = 0; k < taps.length; k++) {
    const t = k - half + 0.5; // the output sits between inputs n - 1 and n
    const hann = 0.5 + 0.5 * Math.cos((Math.PI * t) / (half + 0.5));
    taps[k] = (Math.sin(Math.PI * t) / (Math.PI * t)) * hann;
  }
  const out = new Int16Array(x.length);
  for (let n = 0; n < x.length; n++) {
    let acc = 0;
    for (let k = 0; k < taps.length; k++) {
      const i = n - 1 - (k - half);
      if (i >= 0 && i < x.length) acc += taps[k] * x[i];
    }
    out[n] = Math.max(-32768, Math.min(32767, Math.round(acc)));
  }
  return out;
}
