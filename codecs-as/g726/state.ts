// Memory of one G.726 encoder or decoder (the delay elements of G.726 4.2),
// in the Recommendation's fixed-point formats. `reset` gives the reset state.
import { modeLaw, modePacking, modeRate } from "./mode";

/** Floating-point-like (FL) zero: sign 0, exponent 0, mantissa 32. */
export const FL_ZERO: i32 = 32;

export class State {
  rate: i32 = 0;
  law: i32 = 0;
  packing: i32 = 0;
  // Pole and zero predictor coefficients, 16-bit two's complement, 2^-14 units.
  a1: i32 = 0;
  a2: i32 = 0;
  b1: i32 = 0;
  b2: i32 = 0;
  b3: i32 = 0;
  b4: i32 = 0;
  b5: i32 = 0;
  b6: i32 = 0;
  // Past quantized differences DQ(k-1..k-6) and reconstructed signals
  // SR(k-1), SR(k-2), in FL format (sign << 10 | exponent << 6 | mantissa).
  dq1: i32 = FL_ZERO;
  dq2: i32 = FL_ZERO;
  dq3: i32 = FL_ZERO;
  dq4: i32 = FL_ZERO;
  dq5: i32 = FL_ZERO;
  dq6: i32 = FL_ZERO;
  sr1: i32 = FL_ZERO;
  sr2: i32 = FL_ZERO;
  // Signs of DQ + SEZ for the last two samples.
  pk1: i32 = 0;
  pk2: i32 = 0;
  // Speed control: short and long term averages of F(I), AP; tone detector TD.
  dms: i32 = 0;
  dml: i32 = 0;
  ap: i32 = 0;
  td: i32 = 0;
  // Fast (YU, 13 bits) and slow (YL, 19 bits) scale factors.
  yu: i32 = 544;
  yl: i32 = 34816;

  constructor(mode: i32) {
    this.setMode(mode);
  }

  setMode(mode: i32): void {
    this.rate = modeRate(mode);
    this.law = modeLaw(mode);
    this.packing = modePacking(mode);
  }

  reset(): void {
    this.a1 = 0;
    this.a2 = 0;
    this.b1 = 0;
    this.b2 = 0;
    this.b3 = 0;
    this.b4 = 0;
    this.b5 = 0;
    this.b6 = 0;
    this.dq1 = FL_ZERO;
    this.dq2 = FL_ZERO;
    this.dq3 = FL_ZERO;
    this.dq4 = FL_ZERO;
    this.dq5 = FL_ZERO;
    this.dq6 = FL_ZERO;
    this.sr1 = FL_ZERO;
    this.sr2 = FL_ZERO;
    this.pk1 = 0;
    this.pk2 = 0;
    this.dms = 0;
    this.dml = 0;
    this.ap = 0;
    this.td = 0;
    this.yu = 544;
    this.yl = 34816;
  }
}
