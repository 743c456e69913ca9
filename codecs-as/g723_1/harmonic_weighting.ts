// Harmonic noise shaping (G.723.1 clause 2.11): P(z) = 1 - g z^-L, with L near the
// open-loop pitch lag chosen for the best normalised correlation of the weighted
// speech, and g derived from the prediction gain (0 when it is below 2.3 dB).
import {
  div_s,
  L_abs,
  L_add,
  L_deposit_h,
  L_msu,
  L_mult,
  L_shl,
  L_shr,
  L_sub,
  mult_r,
  norm_l,
  round,
} from "./basic_ops";
import { PITCH_MAX, SUBFRAME } from "./constants";
import { addr, ld, ld32, st, st32 } from "./mem";
import { macChain } from "./dot";

const RANGE: i32 = 3; // lags searched either side of the open-loop lag
const MAX_GAIN: i32 = 0x2800; // 0.3125, Q15

export class HarmonicFilter {
  lag: i32 = 0;
  gain: i32 = 0;
}

const wide = new StaticArray<i32>(4 * RANGE + 3);
const short = new StaticArray<i16>(4 * RANGE + 3);

// Chooses the filter for the subframe at `start` of the normalised weighted speech
// `w` (which has PITCH_MAX samples of history before the frame).
export function chooseHarmonicFilter(f: HarmonicFilter, w: usize, start: i32, olp: i32): void {
  const x = w + <usize>(start * 2);
  const c = addr(wide);
  st32(c, 0, macChain(0, x, x, SUBFRAME));
  // Energy and cross-correlation for each candidate lag.
  for (let i = 0; i <= 2 * RANGE; i++) {
    const lagged = x - <usize>((olp - RANGE + i) * 2);
    st32(c, 2 * i + 1, macChain(0, lagged, lagged, SUBFRAME));
    st32(c, 2 * i + 2, macChain(0, x, lagged, SUBFRAME));
  }
  let peak = 0;
  for (let i = 0; i <= 4 * RANGE + 2; i++) {
    const m = L_abs(ld32(c, i));
    if (m > peak) peak = m;
  }
  const exp = norm_l(peak);
  const s = addr(short);
  for (let i = 0; i <= 4 * RANGE + 2; i++) st(s, i, round(L_shl(ld32(c, i), exp)));

  // Largest cross^2 / energy, compared as cross products.
  f.gain = 0;
  let best = -1;
  let bestCross2 = 1;
  let bestEnergy = 0x7fff;
  for (let i = 0; i <= 2 * RANGE; i++) {
    const energy = ld(s, 2 * i + 1);
    const cross = ld(s, 2 * i + 2);
    if (cross <= 0) continue;
    const cross2 = mult_r(cross, cross);
    if (L_msu(L_mult(cross2, bestEnergy), energy, bestCross2) > 0) {
      bestCross2 = cross2;
      bestEnergy = energy;
      best = i;
    }
  }
  if (best == -1) {
    f.lag = olp;
    return;
  }
  // Gain only when cross^2 exceeds 3/8 of target energy times lagged energy.
  const product = L_mult(ld(s, 0), bestEnergy);
  const bound = L_add(L_shr(product, 2), L_shr(product, 3));
  const cross = ld(s, 2 * best + 2);
  if (L_sub(bound, L_mult(cross, cross)) < 0) {
    f.gain = cross >= bestEnergy ? MAX_GAIN : mult_r(div_s(cross, bestEnergy), MAX_GAIN);
  }
  f.lag = olp - RANGE + best;
}

// Applies the filter to the subframe at `start`: out[i] = w[i] - g * w[i - L].
// `w` has PITCH_MAX samples of history; `out` is frame-based.
export function applyHarmonicFilter(out: usize, w: usize, start: i32, f: HarmonicFilter): void {
  const x = w + <usize>((PITCH_MAX + start) * 2);
  for (let i = 0; i < SUBFRAME; i++) {
    st(out, start + i, round(L_msu(L_deposit_h(ld(x, i)), f.gain, ld(x, i - f.lag))));
  }
}
