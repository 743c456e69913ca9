// The encoder's input high-pass filter (G.723.1 clause 2.3): removes DC with
// y[n] = x[n] - x[n-1] + (127/128) y[n-1], halving the signal; without it the
// input is only halved.
import { L_add, L_mac, L_mls, L_mult, round, shr } from "./basic_ops";
import { FRAME } from "./constants";
import { ld, st } from "./mem";

export class HighPass {
  input: i32 = 0; // x[n-1]
  output: i32 = 0; // y[n-1], 32-bit

  reset(): void {
    this.input = 0;
    this.output = 0;
  }
}

// Filters (or halves, when `enabled` is false) one frame in place.
export function highPass(f: HighPass, v: usize, enabled: bool): void {
  if (!enabled) {
    for (let i = 0; i < FRAME; i++) st(v, i, shr(ld(v, i), 1));
    return;
  }
  for (let i = 0; i < FRAME; i++) {
    const x = ld(v, i);
    let acc = L_mac(L_mult(x, 0x4000), f.input, -0x4000);
    f.input = x;
    acc = L_add(acc, L_mls(f.output, 0x7f00));
    f.output = acc;
    st(v, i, round(acc));
  }
}
