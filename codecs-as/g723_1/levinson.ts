// Levinson-Durbin recursion (G.723.1 clause 2.4): LPC coefficients from
// autocorrelations, stopping at the first unstable reflection coefficient.
import { div_l, L_abs, L_add, L_deposit_h, L_mac, L_mls, L_msu, L_shl, L_shr, negate, round } from "./basic_ops";
import { LPC_ORDER } from "./constants";
import { addr, copy16, ld, st } from "./mem";

const previous = new StaticArray<i16>(LPC_ORDER);

export class Reflection {
  // Second reflection coefficient (32767 when the recursion stopped early):
  // near 1 for a pure sine, which the encoder's sine detector looks for.
  second: i32 = 0;
}

// LPC coefficients (Q13) into `lpc` from `energy` (R0) and the autocorrelations
// R1..R10 at `corr`; returns the final prediction error.
export function levinson(lpc: usize, corr: usize, energy: i32, k: Reflection): i32 {
  memory.fill(lpc, 0, LPC_ORDER * 2);
  let err = energy;
  const old = addr(previous);
  for (let i = 0; i < LPC_ORDER; i++) {
    let acc = L_shr(L_deposit_h(ld(corr, i)), 2);
    for (let j = 0; j < i; j++) acc = L_msu(acc, ld(lpc, j), ld(corr, i - j - 1));
    acc = L_shl(acc, 2);
    const signed = acc;
    const magnitude = L_abs(acc);
    const bound = L_deposit_h(err);
    if (magnitude >= bound) {
      k.second = 32767;
      break;
    }
    let pk = div_l(magnitude, err);
    if (signed >= 0) pk = negate(pk);
    if (i == 1) k.second = pk;
    st(lpc, i, round(L_shr(L_deposit_h(negate(pk)), 2)));
    err = round(L_add(L_mls(signed, pk), bound));
    copy16(old, lpc, i);
    for (let j = 0; j < i; j++) {
      st(lpc, j, round(L_mac(L_deposit_h(ld(lpc, j)), pk, ld(old, i - j - 1))));
    }
  }
  return err;
}
