// IMA ADPCM (IMA Digital Audio Focus and Technical Working Groups, "Recommended
// practices for enhancing digital audio compatibility in multimedia systems", 1992):
// one 4-bit code per sample, a predicted value and an index into 89 step sizes.

// Step sizes, about 10 % apart (the IMA table).
const STEPS: StaticArray<i32> = [
  7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66,
  73, 80, 88, 97, 107, 118, 130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408,
  449, 494, 544, 598, 658, 724, 796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066,
  2272, 2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630,
  9493, 10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794,
  32767,
];

// Step index change by code magnitude (the sign bit does not matter).
const INDEX_STEP: StaticArray<i32> = [-1, -1, -1, -1, 2, 4, 6, 8];

export const MAX_STEP_INDEX: i32 = 88;

// Decoding tables, built once from the rules below so they agree bit for bit: for step
// index i and 4-bit code c, DIFF[i << 4 | c] is the signed difference the code adds and
// NEXT[i << 4 | c] the next step index. Two loads a sample instead of branches.
const DIFF = new StaticArray<i32>(89 << 4);
const NEXT = new StaticArray<i32>(89 << 4);
for (let i = 0; i <= 88; i++) {
  const step = unchecked(STEPS[i]);
  for (let c = 0; c < 16; c++) {
    let diff = step >> 3;
    if (c & 4) diff += step;
    if (c & 2) diff += step >> 1;
    if (c & 1) diff += step >> 2;
    unchecked(DIFF[(i << 4) | c] = c & 8 ? -diff : diff);
    const n = i + unchecked(INDEX_STEP[c & 7]);
    unchecked(NEXT[(i << 4) | c] = n < 0 ? 0 : n > 88 ? 88 : n);
  }
}

/**
 * Decodes `count` codes (two to an octet from `data`, the first in the high nibble) to
 * 16-bit samples at `pcm`, from and back into `s`. The state lives in locals meanwhile.
 */
export function decodeBlock(s: Ima, data: usize, octets: i32, pcm: usize): void {
  let predicted = s.predicted;
  let index = s.index;
  for (let i = 0; i < octets; i++) {
    const octet = <i32> load<u8>(data + <usize> i);
    let k = (index << 4) | (octet >> 4);
    predicted = clampSample(predicted + unchecked(DIFF[k]));
    index = unchecked(NEXT[k]);
    store<i16>(pcm + (<usize> i << 2), <i16> predicted);
    k = (index << 4) | (octet & 15);
    predicted = clampSample(predicted + unchecked(DIFF[k]));
    index = unchecked(NEXT[k]);
    store<i16>(pcm + (<usize> i << 2) + 2, <i16> predicted);
  }
  s.predicted = predicted;
  s.index = index;
}

/**
 * Encodes `samples` (even) 16-bit samples at `pcm` to codes two to an octet at `out`, the
 * first in the high nibble, exactly as {@link encodeSample} would one by one.
 */
export function encodeBlock(s: Ima, pcm: usize, samples: i32, out: usize): void {
  let predicted = s.predicted;
  let index = s.index;
  for (let i = 0; i < samples; i += 2) {
    let octet = 0;
    for (let half = 0; half < 2; half++) {
      let step = unchecked(STEPS[index]);
      let error = <i32> load<i16>(pcm + (<usize> (i + half) << 1)) - predicted;
      let code = 0;
      if (error < 0) {
        code = 8;
        error = -error;
      }
      if (error >= step) {
        code |= 4;
        error -= step;
      }
      step >>= 1;
      if (error >= step) {
        code |= 2;
        error -= step;
      }
      if (error >= step >> 1) code |= 1;
      const k = (index << 4) | code;
      predicted = clampSample(predicted + unchecked(DIFF[k]));
      index = unchecked(NEXT[k]);
      octet = (octet << 4) | code;
    }
    store<u8>(out + <usize> (i >> 1), <u8> octet);
  }
  s.predicted = predicted;
  s.index = index;
}

/** Predictor state: the last reconstructed sample and the step index. */
export class Ima {
  predicted: i32 = 0;
  index: i32 = 0;

  reset(): void {
    this.predicted = 0;
    this.index = 0;
  }
}

// @ts-ignore: decorator
@inline function clampSample(x: i32): i32 {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}

// @ts-ignore: decorator
@inline function nextIndex(index: i32, code: i32): i32 {
  const i = index + unchecked(INDEX_STEP[code & 7]);
  return i < 0 ? 0 : i > MAX_STEP_INDEX ? MAX_STEP_INDEX : i;
}

/** Reconstructs one sample from its code and advances the state. */
// @ts-ignore: decorator
@inline export function decodeSample(s: Ima, code: i32): i32 {
  const step = unchecked(STEPS[s.index]);
  // (|code| + 0.5) * step / 4, in the shifts the reference uses, so both ends agree.
  let diff = step >> 3;
  if (code & 4) diff += step;
  if (code & 2) diff += step >> 1;
  if (code & 1) diff += step >> 2;
  const x = clampSample(code & 8 ? s.predicted - diff : s.predicted + diff);
  s.predicted = x;
  s.index = nextIndex(s.index, code);
  return x;
}

/** Codes one sample and advances the state exactly as the decoder will. */
// @ts-ignore: decorator
@inline export function encodeSample(s: Ima, sample: i32): i32 {
  let step = unchecked(STEPS[s.index]);
  let error = sample - s.predicted;
  let code = 0;
  if (error < 0) {
    code = 8;
    error = -error;
  }
  // Successive approximation of |error| / step in three bits; diff is what the decoder
  // will add, built from the same shifted steps.
  let diff = step >> 3;
  if (error >= step) {
    code |= 4;
    error -= step;
    diff += step;
  }
  step >>= 1;
  if (error >= step) {
    code |= 2;
    error -= step;
    diff += step;
  }
  step >>= 1;
  if (error >= step) {
    code |= 1;
    diff += step;
  }
  s.predicted = clampSample(code & 8 ? s.predicted - diff : s.predicted + diff);
  s.index = nextIndex(s.index, code);
  return code;
}
