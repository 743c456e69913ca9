// Open-loop pitch estimation (G.723.1 clause 2.9): for each half frame, the lag in
// 18..142 maximising cross^2 / energy of the weighted speech, compared in a
// mantissa/exponent form, favouring shorter lags unless a longer one is clearly
// (1.25 times) better.
import { add, extract_h, L_mac, L_msu, L_mult, L_negate, L_shl, L_shr, norm_l, round, shl, shr, sub } from "./basic_ops";
import { PITCH_MAX, PITCH_MIN, SUBFRAME } from "./constants";
import { ld } from "./mem";
import { macBounded, prefixSquares } from "./dot";

// Sums of squares of the weighted speech buffer, for the exactness bound.
const squares = new StaticArray<i64>(PITCH_MAX + 2 * 2 * SUBFRAME + 1);

// Lag of the 2 * SUBFRAME samples at `start` of the normalised weighted speech `w`.
export function openLoopPitch(w: usize, start: i32): i32 {
  let bestLag = PITCH_MIN;
  let bestExp = 30;
  let bestCross = 0x4000;
  let bestEnergy = 0x7fff;
  const len = 2 * SUBFRAME;
  prefixSquares(squares, w, start + len);
  const target = unchecked(squares[start + len]) - unchecked(squares[start]);
  let p = start - PITCH_MIN + 1;
  let energy = 0;
  for (let j = 0; j < len; j++) energy = L_mac(energy, ld(w, p + j), ld(w, p + j));
  for (let lag = PITCH_MIN; lag <= PITCH_MAX - 3; lag++) {
    p = sub(p, 1);
    // Slide the energy window one sample back.
    energy = L_msu(energy, ld(w, p + len), ld(w, p + len));
    energy = L_mac(energy, ld(w, p), ld(w, p));
    const lagged = unchecked(squares[p + len]) - unchecked(squares[p]);
    let acc = macBounded(0, w + <usize>(start * 2), w + <usize>(p * 2), len, target, lagged);
    if (acc <= 0) continue;
    // cross^2 as mantissa and exponent.
    let exp = norm_l(acc);
    acc = L_shl(acc, exp);
    exp = shl(exp, 1);
    let cross = round(acc);
    acc = L_mult(cross, cross);
    const e2 = norm_l(acc);
    acc = L_shl(acc, e2);
    exp = add(exp, e2);
    cross = extract_h(acc);
    // energy likewise.
    const e3 = norm_l(energy);
    exp = sub(exp, e3);
    const enr = round(L_shl(energy, e3));
    if (cross >= enr) {
      exp = sub(exp, 1);
      cross = shr(cross, 1);
    }
    if (exp > bestExp) continue;
    if (exp + 1 < bestExp) {
      bestLag = lag;
      bestExp = exp;
      bestCross = cross;
      bestEnergy = enr;
      continue;
    }
    const aligned = exp + 1 == bestExp ? shr(bestCross, 1) : bestCross;
    if (L_msu(L_mult(cross, bestEnergy), enr, aligned) <= 0) continue;
    if (lag - bestLag < PITCH_MIN) {
      bestLag = lag;
      bestExp = exp;
      bestCross = cross;
      bestEnergy = enr;
      continue;
    }
    // A lag at least PITCH_MIN longer must win by 1.25 (1 - 1/4 of its ratio).
    acc = L_negate(L_shr(L_mult(cross, bestEnergy), 2));
    acc = L_mac(acc, cross, bestEnergy);
    acc = L_msu(acc, enr, aligned);
    if (acc > 0) {
      bestLag = lag;
      bestExp = exp;
      bestCross = cross;
      bestEnergy = enr;
    }
  }
  return bestLag;
}
