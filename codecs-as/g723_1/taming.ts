// Taming (G.723.1 clause 2.14, "error propagation limitation"): the encoder tracks
// a worst-case excitation energy growth per 30-sample zone of the pitch history and
// narrows the pitch gain codebook when a chosen lag would let errors build up.
import { add, extract_l, L_add, L_mls, L_negate, L_shl, L_shr, L_sub, mult, shl, sub } from "./basic_ops";
import { PITCH_TAPS, SUBFRAME } from "./constants";
import { usesLargeGainTable } from "./adaptive_codebook";
import { TAMING_GAIN_170, TAMING_GAIN_85 } from "./tables_excitation";

const ZONES: i32 = 5;
const FLOOR: i32 = 4; // the error's starting value
const THRESHOLD: i32 = 0x40000000;
const INV_30: i32 = 1092; // 1/30 in Q15

export class TamingState {
  err: StaticArray<i32> = new StaticArray<i32>(ZONES);

  reset(): void {
    for (let i = 0; i < ZONES; i++) unchecked((this.err[i] = FLOOR));
  }
}

// @ts-ignore: decorator
@inline function grown(t: TamingState, zone: i32, beta: i32): i32 {
  return L_add(FLOOR, L_shl(L_mls(unchecked(t.err[zone]), beta), 2));
}

// Updates the zone errors after a subframe coded at `lag - 1 + offset` with gain `gain`.
export function updateTaming(t: TamingState, lag: i32, offset: i32, gain: i32, rate: i32): void {
  const full = lag - 1 + offset;
  const beta = usesLargeGainTable(rate, lag)
    ? <i32>unchecked(TAMING_GAIN_170[gain])
    : <i32>unchecked(TAMING_GAIN_85[gain]);
  let worst0: i32;
  let worst1: i32;
  if (full <= SUBFRAME / 2) {
    worst0 = grown(t, 0, beta);
    worst1 = worst0;
  } else {
    const zone = mult(full, INV_30);
    const next = add(zone, 1);
    if (sub(shl(next, 5), shl(next, 1)) != full) {
      if (zone == 1) {
        worst0 = grown(t, 0, beta);
        worst1 = grown(t, 1, beta);
        if (worst0 > worst1) worst1 = worst0;
        else worst0 = worst1;
      } else {
        worst0 = grown(t, zone - 2, beta);
        const middle = grown(t, zone - 1, beta);
        if (middle > worst0) worst0 = middle;
        worst1 = grown(t, zone, beta);
        if (middle > worst1) worst1 = middle;
      }
    } else {
      worst0 = grown(t, zone - 1, beta);
      worst1 = grown(t, zone, beta);
    }
  }
  for (let i = 4; i >= 2; i--) unchecked((t.err[i] = t.err[i - 2]));
  unchecked((t.err[0] = worst0));
  unchecked((t.err[1] = worst1));
}

// How many more gain vectors the search may use for lags lag1..lag2 (0 when the
// error may already be large, or the input is a sine).
export function tamingAllowance(t: TamingState, lag1: i32, lag2: i32, sine: bool): i32 {
  const zone2 = mult(lag2 + PITCH_TAPS / 2, INV_30);
  let i1 = -SUBFRAME + 1 + lag1 - PITCH_TAPS / 2;
  if (i1 <= 0) i1 = 1;
  const zone1 = mult(i1, INV_30);
  let worst = -1;
  for (let i = zone2; i >= zone1; i--) {
    if (L_sub(unchecked(t.err[i]), worst) > 0) worst = unchecked(t.err[i]);
  }
  const margin = L_sub(worst, THRESHOLD);
  if (margin > 0 || sine) return 0;
  return extract_l(L_shr(L_negate(margin), 23));
}

