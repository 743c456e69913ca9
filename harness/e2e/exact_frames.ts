/**
 * Which frames of a sent signal came out of a call bit-exact: every voiced 10 ms frame of
 * the reference (what the receiver's decoder would produce from the sent packets) is
 * looked up in the recording at any position, so the playout delay may differ from frame
 * to frame (delay moved in pauses) without counting as damage, while any time-scaling,
 * concealment or stray sample inside a frame does.
 *
 * @example
 * ```ts
 * import { exactFrames } from "./exact_frames.ts";
 * const sent = new Int16Array(800).map((_, i) => Math.round(3000 * Math.sin(i / 5)));
 * const heard = new Int16Array(1000);
 * heard.set(sent, 123);
 * exactFrames(sent, heard).exact; // 10: all ten frames, 123 samples late
 * ```
 * @module
 */

/** Frame-by-frame verdict. */
export interface ExactFrames {
  /** Frames of the reference louder than the voicing threshold. */
  voiced: number;
  /** Of those, frames found sample for sample in the recording. */
  exact: number;
  /** Per reference frame: "=" voiced and exact, "X" voiced and damaged, "." quiet. */
  map: string;
}

/**
 * Compares the first `frames` frames of `reference` (all by default) with `heard`. A frame
 * is voiced when its RMS is above `voicedRms` (100: about -50 dBov).
 */
export function exactFrames(
  reference: Int16Array,
  heard: Int16Array,
  { frame = 80, frames = Infinity, voicedRms = 100 } = {},
): ExactFrames {
  const keyOf = (a: Int16Array, at: number) => a.subarray(at, at + frame).join(",");
  const seen = new Set<string>();
  for (let i = 0; i + frame <= heard.length; i++) seen.add(keyOf(heard, i));
  let voiced = 0, exact = 0, map = "";
  const n = Math.min(frames, Math.floor(reference.length / frame));
  for (let f = 0; f < n; f++) {
    let energy = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) energy += reference[i] * reference[i];
    if (energy / frame <= voicedRms * voicedRms) {
      map += ".";
      continue;
    }
    voiced++;
    const found = seen.has(keyOf(reference, f * frame));
    if (found) exact++;
    map += found ? "=" : "X";
  }
  return { voiced, exact, map };
}
