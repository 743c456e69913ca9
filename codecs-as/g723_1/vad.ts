// Voice activity detection (G.723.1 Annex A, clause A.3): the energy of the frame's
// inverse-filtered signal (through the noise's own LPC) is compared with an
// adaptive noise level; adaptation pauses while the pitch is periodic or the input
// is a sine. A hangover keeps short pauses active.
import { abs_s, add, extract_h, extract_l, L_add, L_deposit_h, L_mac, L_mls, L_msu, L_mult, L_shl, L_shr, L_sub, norm_l, round, sub } from "./basic_ops";
import { FRAME, LPC_ORDER, PITCH_MAX, SUBFRAME } from "./constants";
import { addr, ld, zero16 } from "./mem";

// Threshold scale per exponent of the noise level (Annex A reference, vad.c ScfTab).
const THRESHOLD_SCALE: StaticArray<i16> = [
  9170, 9170, 9170, 9170, 10289, 11544, 12953, 14533, 16306, 18296, 20529,
];

export class VadState {
  hangover: i32 = 3;
  voiced: i32 = 0;
  prevEnergy: i32 = 0x400;
  noiseLevel: i32 = 0x400;
  // Adaptation inhibit counter (0 = adapt the noise level).
  inhibit: i32 = 0;
  // Open-loop lags of the previous and current frames' halves.
  lags: StaticArray<i32> = new StaticArray<i32>(4);
  // LPC of the noise (set from SID frames while adapting).
  noiseLpc: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);

  reset(): void {
    this.hangover = 3;
    this.voiced = 0;
    this.prevEnergy = 0x400;
    this.noiseLevel = 0x400;
    this.inhibit = 0;
    unchecked((this.lags[0] = 1));
    unchecked((this.lags[1] = 1));
    unchecked((this.lags[2] = SUBFRAME));
    unchecked((this.lags[3] = SUBFRAME));
    zero16(addr(this.noiseLpc), LPC_ORDER);
  }
}

// Whether the high-passed frame `v` is speech (true) or noise.
export function detectVoice(s: VadState, v: usize, sine: bool): bool {
  // Periodicity: all four lags multiples (within 3) of the smallest.
  let minLag = PITCH_MAX;
  for (let i = 0; i < 4; i++) if (minLag > unchecked(s.lags[i])) minLag = unchecked(s.lags[i]);
  let hits = 0;
  for (let i = 0; i < 4; i++) {
    let m = minLag;
    for (let j = 0; j < 8; j++) {
      if (abs_s(sub(m, unchecked(s.lags[i]))) <= 3) hits++;
      m = add(m, minLag);
    }
  }
  if (hits == 4 || sine) s.inhibit += 2;
  else s.inhibit--;
  if (s.inhibit > 6) s.inhibit = 6;
  if (s.inhibit < 0) s.inhibit = 0;

  const lpc = addr(s.noiseLpc);
  let energy = 0;
  for (let i = SUBFRAME; i < FRAME; i++) {
    let acc = L_mult(ld(v, i), 0x2000);
    for (let j = 0; j < LPC_ORDER; j++) acc = L_msu(acc, ld(v, i - j - 1), ld(lpc, j));
    const e = round(acc);
    energy = L_mac(energy, e, e);
  }
  energy = L_mls(energy, 2913);

  if (s.noiseLevel > s.prevEnergy) {
    s.noiseLevel = L_add(L_sub(s.prevEnergy, L_shr(s.prevEnergy, 2)), L_shr(s.noiseLevel, 2));
  }
  if (s.inhibit == 0) s.noiseLevel = L_add(s.noiseLevel, L_shr(s.noiseLevel, 5));
  else s.noiseLevel = L_sub(s.noiseLevel, L_shr(s.noiseLevel, 11));
  s.prevEnergy = energy;
  if (s.noiseLevel < 0x80) s.noiseLevel = 0x80;
  if (s.noiseLevel > 0x1ffff) s.noiseLevel = 0x1ffff;

  // Threshold = noise level times a scale interpolated on its exponent.
  let acc = L_shl(s.noiseLevel, 13);
  const exp = norm_l(acc);
  acc = L_shl(acc, exp);
  acc = (acc & 0x3f000000) << 1;
  let frac = extract_h(acc);
  acc = L_deposit_h(<i32>unchecked(THRESHOLD_SCALE[exp]));
  acc = L_mac(acc, frac, <i32>unchecked(THRESHOLD_SCALE[exp - 1]));
  acc = L_msu(acc, frac, <i32>unchecked(THRESHOLD_SCALE[exp]));
  frac = extract_h(acc);
  const level = extract_l(L_shr(s.noiseLevel, 2));
  const threshold = L_mult(level, frac) >> 11;

  let active = threshold <= energy;
  if (active) {
    s.voiced++;
    s.hangover++;
  } else {
    s.voiced--;
    if (s.voiced < 0) s.voiced = 0;
  }
  if (s.voiced >= 2) {
    s.hangover = 6;
    if (s.voiced >= 3) s.voiced = 3;
  }
  if (s.hangover != 0) {
    active = true;
    if (s.voiced == 0) s.hangover--;
  }
  unchecked((s.lags[0] = s.lags[2]));
  unchecked((s.lags[1] = s.lags[3]));
  return active;
}
