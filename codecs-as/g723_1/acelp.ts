// The 5.3 kbit/s fixed codebook, algebraic CELP (G.723.1 clauses 2.16 and 3.5):
// four signed pulses on interleaved tracks of 8 positions, all shifted by one
// for the odd grid, sharpened by a one-tap pitch filter for short lags.
import { add, mult, shl, shr } from "./basic_ops";
import { SUBFRAME } from "./constants";
import { addr, copy16, ld, st, zero16 } from "./mem";
import { ACELP_PITCH_GAIN, ACELP_PITCH_OFFSET, FIXED_GAIN } from "./tables_excitation";

const pulseSpan = new StaticArray<i16>(SUBFRAME + 4);

// One-tap pitch lag and gain of the ACELP sharpening filter for a 170-codebook
// gain index (the gain is 0 where the table has no usable tap).
// @ts-ignore: decorator
@inline export function sharpeningLag(lag: i32, gainIndex: i32): i32 {
  return lag + <i32>unchecked(ACELP_PITCH_OFFSET[gainIndex]);
}

// @ts-ignore: decorator
@inline export function sharpeningGain(gainIndex: i32): i32 {
  return <i32>unchecked(ACELP_PITCH_GAIN[gainIndex]);
}

// v[i] += gain * v[i - lag], in order, for lags shorter than the subframe (less 2).
export function sharpen(v: usize, lag: i32, gain: i32): void {
  if (lag >= SUBFRAME - 2) return;
  for (let i = lag; i < SUBFRAME; i++) st(v, i, add(ld(v, i), mult(ld(v, i - lag), gain)));
}

// Fixed codebook vector of a 5.3 kbit/s subframe into `out`. `pitchLag` is the
// subframe's full pitch lag (frame lag - 1 + offset).
export function decodeAcelp(
  out: usize,
  positions: i32,
  signs: i32,
  grid: i32,
  gainIndex: i32,
  pitchLag: i32,
  pitchGainIndex: i32,
): void {
  const span = addr(pulseSpan);
  zero16(span, SUBFRAME + 4);
  const amplitude = <i32>unchecked(FIXED_GAIN[gainIndex]);
  let pos = <i32>(<i16>positions);
  let sign = signs;
  for (let track = 0; track < 4; track++) {
    const at = shl(pos & 7, 3) + grid + 2 * track;
    st(span, at, (sign & 1) == 1 ? amplitude : -amplitude);
    pos = shr(pos, 3);
    sign = shr(sign, 1);
  }
  copy16(out, span, SUBFRAME);
  sharpen(out, sharpeningLag(pitchLag, pitchGainIndex), sharpeningGain(pitchGainIndex));
}
