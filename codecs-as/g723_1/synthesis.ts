// LPC synthesis 1/A(z) of the decoder (G.723.1 clause 3.7).
import { roundShl2, shl } from "./basic_ops";
import { LPC_ORDER, SUBFRAME } from "./constants";
import { ld, st } from "./mem";
import { macLocals, magnitudeLimit, peakMagnitude, tapMagnitude } from "./pole_zero";

// LPC synthesis of one subframe `v` in place with the coefficients `a` and the
// newest-first memory `mem`; the output is doubled when `double` (no postfilter).
// The delay line lives in locals; each sample's sum is taken plainly while the taps
// and the largest output so far prove it cannot saturate, else term by term.
export function synthesize(mem: usize, v: usize, a: usize, double: bool): void {
  const limit = magnitudeLimit(1 << 28, tapMagnitude(a));
  let peak = peakMagnitude(mem, LPC_ORDER);
  const a0 = ld(a, 0), a1 = ld(a, 1), a2 = ld(a, 2), a3 = ld(a, 3), a4 = ld(a, 4);
  const a5 = ld(a, 5), a6 = ld(a, 6), a7 = ld(a, 7), a8 = ld(a, 8), a9 = ld(a, 9);
  let y1 = ld(mem, 0), y2 = ld(mem, 1), y3 = ld(mem, 2), y4 = ld(mem, 3), y5 = ld(mem, 4);
  let y6 = ld(mem, 5), y7 = ld(mem, 6), y8 = ld(mem, 7), y9 = ld(mem, 8), y10 = ld(mem, 9);
  for (let i = 0; i < SUBFRAME; i++) {
    let acc = ld(v, i) << 13;
    if (peak <= limit) {
      // The newest sample last: it alone is on the recursion's critical path.
      acc += 2 * (a9 * y10 + a8 * y9 + a7 * y8 + a6 * y7 + a5 * y6 + a4 * y5 + a3 * y4 +
        a2 * y3 + a1 * y2 + a0 * y1);
    } else {
      acc = macLocals(acc, a, y1, y2, y3, y4, y5, y6, y7, y8, y9, y10);
    }
    const y = roundShl2(acc);
    peak = max<i32>(peak, abs<i32>(y));
    y10 = y9;
    y9 = y8;
    y8 = y7;
    y7 = y6;
    y6 = y5;
    y5 = y4;
    y4 = y3;
    y3 = y2;
    y2 = y1;
    y1 = y;
    st(v, i, double ? shl(y, 1) : y);
  }
  st(mem, 0, y1);
  st(mem, 1, y2);
  st(mem, 2, y3);
  st(mem, 3, y4);
  st(mem, 4, y5);
  st(mem, 5, y6);
  st(mem, 6, y7);
  st(mem, 7, y8);
  st(mem, 8, y9);
  st(mem, 9, y10);
}
