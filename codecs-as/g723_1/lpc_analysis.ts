// LPC analysis (G.723.1 clause 2.4): for each subframe, 180 samples centred on it are
// windowed, autocorrelated with a white-noise correction and a binomial lag window,
// and turned into a 10th-order predictor. The encoder's sine detector watches the
// second reflection coefficients.
import { add, L_add, L_mls, L_shl, L_shr, mult_r, norm_l, round, shl } from "./basic_ops";
import { FRAME, LPC_FRAME, LPC_ORDER, SUBFRAME, SUBFRAMES } from "./constants";
import { levinson, Reflection } from "./levinson";
import { addr, copy16, ld, st } from "./mem";
import { HAMMING_WINDOW, LAG_WINDOW } from "./tables_lpc";
import { normalize } from "./util";
import { halfChain } from "./dot";

// Samples of the previous frames the analysis window needs.
export const LPC_HISTORY: i32 = LPC_FRAME - SUBFRAME;

const span = new StaticArray<i16>(LPC_HISTORY + FRAME);
const window = new StaticArray<i16>(LPC_FRAME);
const reflection = new Reflection();

// Autocorrelations of the last analysis (4 x 11, Q of `acfShift`) for comfort noise.
export const subframeAcf = new StaticArray<i16>(SUBFRAMES * (LPC_ORDER + 1));
export const subframeAcfShift = new StaticArray<i16>(SUBFRAMES);

// Sine detector: one bit per subframe of the last 15, bit 15 set when 14 of them
// had a second reflection coefficient above 0.95.
export class SineDetector {
  bits: i32 = 0;

  isSine(): bool {
    return (this.bits & 0x8000) != 0;
  }
}

// LPC of the four subframes into `lpc` (40 values) from `history` (LPC_HISTORY
// samples before the frame) and the high-passed frame `frame`.
export function analyseLpc(lpc: usize, history: usize, frame: usize, sine: SineDetector): void {
  const buf = addr(span);
  copy16(buf, history, LPC_HISTORY);
  copy16(buf + LPC_HISTORY * 2, frame, FRAME);
  const v = addr(window);
  const acf = addr(subframeAcf);
  const shifts = addr(subframeAcfShift);
  for (let k = 0; k < SUBFRAMES; k++) {
    copy16(v, buf + <usize>(k * SUBFRAME * 2), LPC_FRAME);
    let shift = normalize(v, LPC_FRAME);
    for (let i = 0; i < LPC_FRAME; i++) st(v, i, mult_r(ld(v, i), <i32>unchecked(HAMMING_WINDOW[i])));
    const r = acf + <usize>(k * (LPC_ORDER + 1) * 2);
    shift = autocorrelate(r, v, shift);
    st(shifts, k, shift);
    levinson(lpc + <usize>(k * LPC_ORDER * 2), r + 2, ld(r, 0), reflection);
    sine.bits = (sine.bits << 1) & 0xffff;
    if (reflection.second > 0x799a) sine.bits++;
  }
  sine.bits &= 0x7fff;
  if (popcnt<i32>(sine.bits) >= 14) sine.bits |= 0x8000;
}

// R0..R10 of the windowed `v` into `r`, R0 normalised and the others scaled alike
// and lag-windowed; returns the combined scale shift (40 for a silent window).
function autocorrelate(r: usize, v: usize, shift: i32): i32 {
  let energy = halfChain(0, v, v, LPC_FRAME);
  // White-noise correction: R0 * (1 + 1/1024).
  energy = L_add(energy, L_shr(energy, 10));
  const exp = norm_l(energy);
  st(r, 0, round(L_shl(energy, exp)));
  if (ld(r, 0) == 0) {
    for (let i = 1; i <= LPC_ORDER; i++) st(r, i, 0);
    return 40;
  }
  for (let i = 1; i <= LPC_ORDER; i++) {
    let acc = halfChain(0, v + <usize>(i * 2), v, LPC_FRAME - i);
    acc = L_mls(L_shl(acc, exp), <i32>unchecked(LAG_WINDOW[i - 1]));
    st(r, i, round(acc));
  }
  return add(exp, shl(shift, 1));
}
