// Comfort noise excitation and SID gain coding (G.723.1 Annex A, clauses A.4.5 and
// A.5): random pitch lags, gains and pulses whose fixed-codebook amplitude is solved
// so each 2-subframe block has the energy the SID gain asks for.
import {
  abs_s,
  add,
  extract_h,
  extract_l,
  L_mac,
  L_mls,
  L_msu,
  L_add,
  L_mult,
  L_negate,
  L_shl,
  L_shr,
  L_sub,
  mult,
  mult_r,
  negate,
  norm_s,
  shl,
  shr,
  sub,
} from "./basic_ops";
import { GRID_STEP, PITCH_MAX, SUBFRAME, SUBFRAMES } from "./constants";
import { decodeAdaptive } from "./adaptive_codebook";
import { addr, copy16, ld, st } from "./mem";
import { FrameParams } from "./params";
import { pulsesIn } from "./mp_mlq";
import { SID_ENERGY_FACTOR, SID_SEGMENT_BASE, SID_SEGMENT_BOUND } from "./tables_cng";
import { Random, squareRoot } from "./util";

const BLOCK_PULSES: i32 = 11; // pulses in a block of two subframes
const INV_BLOCK_PULSES: i32 = 2979; // 32768 / 11
const FILTERS: i32 = 50; // pitch gain vectors drawn from
const MAX_AMPLITUDE: i32 = 2 * 5000;
const BLOCK: i32 = 2 * SUBFRAME;

const positions = new StaticArray<i16>(2 * BLOCK_PULSES);
const signs = new StaticArray<i16>(2 * BLOCK_PULSES);
const gridOffset = new StaticArray<i16>(SUBFRAMES);
const freeSlots = new StaticArray<i16>(SUBFRAME / GRID_STEP);
const scaledBlock = new StaticArray<i16>(BLOCK);

// Uniform integer in [0, n).
function randomBelow(n: i32, random: Random): i32 {
  return mult(random.next() & 0x7fff, n);
}

// Comfort noise excitation of a frame into `out` at gain `gain` (2^5 scaled).
// `history` (PITCH_MAX samples) is the past excitation, updated here; the drawn
// lags and pitch gains are left in `p` (the encoder's taming needs them).
export function randomExcitation(
  gain: i32,
  history: usize,
  out: usize,
  random: Random,
  p: FrameParams,
  rate: i32,
): void {
  unchecked((p.lag[0] = randomBelow(21, random) + 123));
  unchecked((p.lag[1] = randomBelow(19, random) + 123));
  for (let s = 0; s < SUBFRAMES; s++) unchecked((p.pitchGain[s] = randomBelow(FILTERS, random) + 1));
  unchecked((p.lagOffset[0] = 1));
  unchecked((p.lagOffset[1] = 0));
  unchecked((p.lagOffset[2] = 1));
  unchecked((p.lagOffset[3] = 3));
  drawPulses(random);
  let pos = addr(positions);
  let sgn = addr(signs);
  for (let block = 0; block < 2; block++) {
    const exc = out + <usize>(block * BLOCK * 2);
    const s = 2 * block;
    decodeAdaptive(exc, history, unchecked(p.lag[block]), unchecked(p.lagOffset[s]), unchecked(p.pitchGain[s]), rate);
    decodeAdaptive(
      exc + SUBFRAME * 2,
      history + SUBFRAME * 2,
      unchecked(p.lag[block]),
      unchecked(p.lagOffset[s + 1]),
      unchecked(p.pitchGain[s + 1]),
      rate,
    );
    const amplitude = pulseAmplitude(exc, pos, sgn, gain);
    for (let i = 0; i < BLOCK_PULSES; i++) {
      const j = ld(pos, i);
      st(exc, j, add(ld(exc, j), mult(amplitude, ld(sgn, i))));
    }
    memory.copy(history, history + BLOCK * 2, (PITCH_MAX - BLOCK) * 2);
    copy16(history + <usize>((PITCH_MAX - BLOCK) * 2), exc, BLOCK);
    pos += BLOCK_PULSES * 2;
    sgn += BLOCK_PULSES * 2;
  }
}

// Grids, signs (+-0.5) and distinct random positions of the 22 pulses.
function drawPulses(random: Random): void {
  const offs = addr(gridOffset);
  const sgn = addr(signs);
  let k = 0;
  for (let block = 0; block < 2; block++) {
    let bits = randomBelow(1 << (BLOCK_PULSES + 2), random);
    st(offs, 2 * block, bits & 1);
    bits = shr(bits, 1);
    st(offs, 2 * block + 1, add(SUBFRAME, bits & 1));
    for (let i = 0; i < BLOCK_PULSES; i++) {
      st(sgn, k++, shl(sub(bits & 2, 1), 14));
      bits = shr(bits, 1);
    }
  }
  const pos = addr(positions);
  const free = addr(freeSlots);
  k = 0;
  for (let s = 0; s < SUBFRAMES; s++) {
    for (let i = 0; i < SUBFRAME / GRID_STEP; i++) st(free, i, i);
    let left = SUBFRAME / GRID_STEP;
    for (let i = 0; i < pulsesIn(s); i++) {
      const j = randomBelow(left, random);
      st(pos, k++, add(shl(ld(free, j), 1), ld(offs, s)));
      left = sub(left, 1);
      st(free, j, ld(free, left));
    }
  }
}

// Amplitude x of the block's pulses so that the block energy matches
// BLOCK * gain^2: the smaller root of x^2 + 2 b0 x + c = 0, clipped.
function pulseAmplitude(exc: usize, pos: usize, sgn: usize, gain: i32): i32 {
  let peak = 0;
  for (let i = 0; i < BLOCK; i++) {
    const m = abs_s(ld(exc, i));
    if (m > peak) peak = m;
  }
  let sh = 0;
  if (peak != 0) {
    sh = sub(4, norm_s(peak));
    if (sh < -2) sh = -2;
  }
  const tmp = addr(scaledBlock);
  let energy = 0;
  for (let i = 0; i < BLOCK; i++) {
    const v = shr(ld(exc, i), sh);
    energy = L_mac(energy, v, v);
    st(tmp, i, v);
  }
  let acc = 0;
  for (let i = 0; i < BLOCK_PULSES; i++) acc = L_mac(acc, ld(tmp, ld(pos, i)), ld(sgn, i));
  const cross = extract_h(L_shl(acc, 1));
  const g = extract_l(L_shr(L_mult(gain, SUBFRAME), 6));
  acc = L_shr(L_mult(g, gain), add(shl(sh, 1), 4));
  const c = L_mls(L_sub(energy, acc), INV_BLOCK_PULSES);
  const b0 = mult_r(cross, INV_BLOCK_PULSES);
  const delta = L_negate(L_msu(c, b0, b0));
  let x: i32;
  if (delta <= 0) {
    x = negate(b0);
  } else {
    const root = squareRoot(delta);
    x = sub(root, b0);
    const other = add(b0, root);
    if (abs_s(other) < abs_s(x)) x = negate(other);
  }
  let amplitude = shl(x, add(sh, 1));
  if (amplitude > MAX_AMPLITUDE) amplitude = MAX_AMPLITUDE;
  if (amplitude < -MAX_AMPLITUDE) amplitude = -MAX_AMPLITUDE;
  return amplitude;
}

// 6-bit SID gain index of an energy. With `count` 0, `energy[0]` is a single
// energy with its shift in `shifts[0]` (the decoder's erased-SID case); otherwise
// the average of `count` energies, each with its own shift.
export function quantizeSidGain(energy: usize, shifts: usize, count: i32): i32 {
  let x: i32;
  if (count == 0) {
    const sh = sub(16, shl(ld(shifts, 0), 1));
    x = L_mls(L_shl(ld(energy, 0), sh), <i32>unchecked(SID_ENERGY_FACTOR[0]));
  } else {
    let sh = ld(shifts, 0);
    for (let i = 1; i < count; i++) if (ld(shifts, i) < sh) sh = ld(shifts, i);
    x = 0;
    const factor = <i32>unchecked(SID_ENERGY_FACTOR[count]);
    for (let i = 0; i < count; i++) {
      const e = shr(ld(energy, i), sub(ld(shifts, i), sh));
      x = L_add(x, mult_r(factor, e));
    }
    x = L_shl(x, sub(15, sh));
  }
  if (x >= unchecked(SID_SEGMENT_BOUND[2])) return 63;
  let segment: i32;
  let steps: i32;
  if (x >= unchecked(SID_SEGMENT_BOUND[1])) {
    segment = 2;
    steps = 4;
  } else {
    steps = 3;
    segment = x >= unchecked(SID_SEGMENT_BOUND[0]) ? 1 : 0;
  }
  const base = <i32>unchecked(SID_SEGMENT_BASE[segment]);
  const shift = segment + 1;
  // Binary search for the level whose square is nearest x.
  let j = shl(1, steps);
  let k = shr(j, 1);
  for (let i = 0; i < steps; i++) {
    const level = add(base, shl(j, shift));
    if (x >= L_mult(level, level)) j = add(j, k);
    else j = sub(j, k);
    k = shr(k, 1);
  }
  let level = add(base, shl(j, shift));
  const above = L_sub(L_mult(level, level), x);
  if (above <= 0) {
    const j2 = add(j, 1);
    level = add(base, shl(j2, shift));
    const below = L_sub(x, L_mult(level, level));
    return add(shl(segment, 4), above > below ? j : j2);
  }
  const j2 = sub(j, 1);
  level = add(base, shl(j2, shift));
  const below = L_sub(x, L_mult(level, level));
  return add(shl(segment, 4), above < below ? j : j2);
}

// The SID gain (2^5 scaled) of a 6-bit index.
export function decodeSidGain(index: i32): i32 {
  let segment = shr(index, 4);
  if (segment == 3) segment = 2;
  const step = sub(index, shl(segment, 4));
  const level = add(shl(step, add(segment, 1)), <i32>unchecked(SID_SEGMENT_BASE[segment]));
  return shl(level, 5);
}

