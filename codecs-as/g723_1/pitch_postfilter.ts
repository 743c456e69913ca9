// The pitch postfilter (G.723.1 clause 3.6): each subframe of the excitation is mixed
// with its best match one pitch period back or ahead, with a gain bounded by the
// prediction quality and the whole renormalised to keep its energy.
import {
  div_l,
  div_s,
  extract_h,
  L_add,
  L_deposit_h,
  L_mac,
  L_mult,
  L_shl,
  L_shr,
  mult,
  mult_r,
  norm_l,
  round,
} from "./basic_ops";
import { FRAME, PITCH_MAX, SUBFRAME } from "./constants";
import { addr, ld, ld32, st, st32 } from "./mem";
import { PITCH_POSTFILTER_WEIGHT } from "./tables_excitation";
import { squareRoot } from "./util";
import { plainDot } from "./dot";

// Filter of one subframe: out = scale * x[n] + gain * x[n + lag].
export class PitchFilter {
  lag: i32 = 0;
  gain: i32 = 0;
  scale: i32 = 0x7fff;
}

const corr = new StaticArray<i32>(5);
const scaled = new StaticArray<i16>(5);

// Correlation of the subframe at `x` with the signal `offset` samples away.
// The excitation is normalised (|x| < 2^12), so 2 * 60 * 4095^2 < 2^31: these
// saturating sums never saturate and are plain dot products.
function correlate(x: usize, offset: i32): i32 {
  return 2 * plainDot(x, x + <usize>(offset * 2), SUBFRAME);
}

// Best backward lag (returned negative), 0 when no positive correlation.
function backwardLag(x: usize, olp: i32): i32 {
  if (olp > PITCH_MAX - 3) olp = PITCH_MAX - 3;
  let lag = 0;
  let best = 0;
  for (let i = olp - 3; i <= olp + 3; i++) {
    const acc = correlate(x, -i);
    if (acc > best) {
      best = acc;
      lag = -i;
    }
  }
  return lag;
}

// Best forward lag inside the frame, 0 when none.
function forwardLag(x: usize, olp: i32, subframe: i32): i32 {
  if (olp > PITCH_MAX - 3) olp = PITCH_MAX - 3;
  let lag = 0;
  let best = 0;
  for (let i = olp - 3; i <= olp + 3; i++) {
    const acc = subframe * SUBFRAME + SUBFRAME + i <= FRAME ? correlate(x, i) : 0;
    if (acc > best) {
      best = acc;
      lag = i;
    }
  }
  return lag;
}

// Chooses the filter of subframe `subframe` from the excitation `exc` (PITCH_MAX
// history + FRAME) and the frame's open-loop lag.
export function choosePitchFilter(
  f: PitchFilter,
  exc: usize,
  olp: i32,
  subframe: i32,
  rate: i32,
): void {
  f.lag = 0;
  f.gain = 0;
  f.scale = 0x7fff;
  const x = exc + <usize>((PITCH_MAX + subframe * SUBFRAME) << 1);
  const back = backwardLag(x, olp);
  const ahead = forwardLag(x, olp, subframe);
  if (back == 0 && ahead == 0) return;
  const c = addr(corr);
  st32(c, 0, correlate(x, 0));
  st32(c, 1, back != 0 ? correlate(x, back) : 0);
  st32(c, 2, back != 0 ? energyAt(x, back) : 0);
  st32(c, 3, ahead != 0 ? correlate(x, ahead) : 0);
  st32(c, 4, ahead != 0 ? energyAt(x, ahead) : 0);
  let peak = 0;
  for (let i = 0; i < 5; i++) if (ld32(c, i) > peak) peak = ld32(c, i);
  const exp = norm_l(peak);
  const s = addr(scaled);
  for (let i = 0; i < 5; i++) st(s, i, extract_h(L_shl(ld32(c, i), exp)));
  const weight = <i32>unchecked(PITCH_POSTFILTER_WEIGHT[rate]);
  let useBack = back != 0;
  if (back != 0 && ahead != 0) {
    // Prefer the direction with the larger normalised correlation.
    const b = L_mult(mult_r(ld(s, 1), ld(s, 1)), ld(s, 4));
    const a = L_mult(mult_r(ld(s, 3), ld(s, 3)), ld(s, 2));
    useBack = b > a;
  }
  if (useBack) setGains(f, back, ld(s, 0), ld(s, 1), ld(s, 2), weight);
  else setGains(f, ahead, ld(s, 0), ld(s, 3), ld(s, 4), weight);
}

function energyAt(x: usize, offset: i32): i32 {
  const y = x + <usize>(offset * 2);
  return 2 * plainDot(y, y, SUBFRAME);
}

// Gain and energy-preserving scale from the target energy, cross and lagged energy.
function setGains(f: PitchFilter, lag: i32, target: i32, cross: i32, energy: i32, weight: i32): void {
  f.lag = lag;
  let gain = 0;
  let scale = 0x7fff;
  if (L_mult(cross, cross) > L_shr(L_mult(target, energy), 2)) {
    gain = cross >= energy ? weight : mult(div_s(cross, energy), weight);
    let acc = L_shr(L_deposit_h(target), 1);
    acc = L_mac(acc, cross, gain);
    acc = L_add(acc, L_shr(L_mult(energy, mult(gain, gain)), 1));
    const filtered = round(acc);
    const half = L_shr(L_deposit_h(target), 1);
    const ratio = half >= L_deposit_h(filtered) ? 0x7fff : div_l(half, filtered);
    scale = squareRoot(L_deposit_h(ratio));
  }
  f.gain = mult(gain, scale);
  f.scale = scale;
}

// Applies the filter to subframe `subframe` of `exc`, writing into `out` (frame-based).
export function applyPitchFilter(out: usize, exc: usize, f: PitchFilter, subframe: i32): void {
  const x = exc + <usize>((PITCH_MAX + subframe * SUBFRAME) << 1);
  const y = out + <usize>((subframe * SUBFRAME) << 1);
  for (let i = 0; i < SUBFRAME; i++) {
    st(y, i, round(L_mac(L_mult(ld(x, i), f.scale), ld(x, f.lag + i), f.gain)));
  }
}
