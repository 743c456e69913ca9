// The 6.3 kbit/s fixed codebook, multipulse maximum-likelihood quantisation
// (G.723.1 clauses 2.15 and 3.5): 6 or 5 pulses of one amplitude on an even or odd
// grid, positions coded combinatorially, optionally repeated at the pitch period.
import { add, L_add, L_sub, shl } from "./basic_ops";
import { GRID_STEP, MAX_PULSES, SUBFRAME } from "./constants";
import { addr, copy16, ld, st, zero16 } from "./mem";
import { COMBINATIONS, FIXED_GAIN, MAX_POSITION_INDEX, PULSES_PER_SUBFRAME } from "./tables_excitation";

const SLOTS: i32 = SUBFRAME / GRID_STEP; // 30 positions on a grid

const trainCopy = new StaticArray<i16>(SUBFRAME);

// @ts-ignore: decorator
@inline export function pulsesIn(subframe: i32): i32 {
  return <i32>unchecked(PULSES_PER_SUBFRAME[subframe]);
}

// @ts-ignore: decorator
@inline function combinations(row: i32, slot: i32): i32 {
  return unchecked(COMBINATIONS[row * SLOTS + slot]);
}

// Repeats the SUBFRAME samples at `src` every `lag` samples, into `dst` (which may
// be `src`): the pulse train used for lags shorter than a subframe.
export function pulseTrain(dst: usize, src: usize, lag: i32): void {
  const orig = addr(trainCopy);
  copy16(orig, src, SUBFRAME);
  copy16(dst, src, SUBFRAME);
  for (let shift = lag; shift < SUBFRAME; shift = add(shift, lag)) {
    for (let i = shift; i < SUBFRAME; i++) st(dst, i, add(ld(dst, i), ld(orig, i - shift)));
  }
}

// Fixed codebook vector of a 6.3 kbit/s subframe into `out`. An out-of-range
// position index gives silence.
export function decodeMpMlq(
  out: usize,
  subframe: i32,
  positions: i32,
  signs: i32,
  grid: i32,
  gainIndex: i32,
  train: i32,
  lag: i32,
): void {
  zero16(out, SUBFRAME);
  if (positions >= unchecked(MAX_POSITION_INDEX[subframe])) return;
  const amplitude = <i32>unchecked(FIXED_GAIN[gainIndex]);
  let row = MAX_PULSES - pulsesIn(subframe);
  let rest = positions;
  for (let slot = 0; slot < SLOTS; slot++) {
    rest = L_sub(rest, combinations(row, slot));
    if (rest < 0) {
      rest = L_add(rest, combinations(row, slot));
      row++;
      const negative = (signs & (1 << (MAX_PULSES - row))) != 0;
      st(out, grid + GRID_STEP * slot, negative ? -amplitude : amplitude);
      if (row == MAX_PULSES) break;
    }
  }
  if (train == 1) pulseTrain(out, out, lag);
}

// Codes the pulses of `pulses` (SUBFRAME values, non-zero on grid `grid`): the
// combinatorial position index and the sign bits, first pulse in the highest bit.
// Returns the position index; the signs go to `signsOut[0]`.
export function packPulses(
  pulses: usize,
  grid: i32,
  count: i32,
  signsOut: StaticArray<i32>,
): i32 {
  let row = MAX_PULSES - count;
  let positions = 0;
  let signs = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    const v = ld(pulses, grid + GRID_STEP * slot);
    if (v == 0) {
      positions = L_add(positions, combinations(row, slot));
    } else {
      signs = shl(signs, 1);
      if (v < 0) signs = add(signs, 1);
      row++;
      if (row == MAX_PULSES) break;
    }
  }
  unchecked((signsOut[0] = signs));
  return positions;
}
