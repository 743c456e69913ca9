// The encoder's side of discontinuous transmission (G.723.1 Annex A, clause A.4):
// during noise it sends a SID frame (LSPs and gain of the noise) only when the
// noise's spectrum or level has changed noticeably, else an untransmitted frame,
// and keeps its own state in step with what the decoder will synthesise.
import { abs_s, add, extract_h, extract_l, L_add, L_mac, L_mult, L_shl, L_shr, mult_r, norm_l, round, shr, sub } from "./basic_ops";
import { FRAME_ACTIVE, FRAME_SID, FRAME_UNTRANSMITTED, LPC_ORDER, SUBFRAMES } from "./constants";
import { decodeSidGain, quantizeSidGain, randomExcitation } from "./comfort_noise";
import { levinson, Reflection } from "./levinson";
import { interpolateLsp, lpcToLsp } from "./lsp";
import { dequantizeLsp, quantizeLsp } from "./lsp_vq";
import { addr, copy16, ld, st, zero16 } from "./mem";
import { FrameParams } from "./params";
import { Random } from "./util";

const ACF_FRAMES: i32 = 3; // past frames averaged for the SID filter
const GAIN_FRAMES: i32 = 3; // frames averaged for the SID gain
const ACF_SIZE: i32 = LPC_ORDER + 1;
const GAIN_THRESHOLD: i32 = 3;
const ITAKURA_FRACTION: i32 = 7000;
const CNG_SEED: i32 = 12345;

export class CngEncoder {
  gain: i32 = 0; // current (smoothed) comfort noise gain
  pastType: i32 = FRAME_ACTIVE;
  // Autocorrelations of this frame and the three before, each with its shift.
  acf: StaticArray<i16> = new StaticArray<i16>((ACF_FRAMES + 1) * ACF_SIZE);
  acfShift: StaticArray<i16> = new StaticArray<i16>(ACF_FRAMES + 1);
  sidLsp: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  sidLpc: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  // Autocorrelation of the SID filter's coefficients, for the Itakura distance.
  filterAcf: StaticArray<i16> = new StaticArray<i16>(ACF_SIZE);
  filterAcfShift: i32 = 0;
  energy: StaticArray<i16> = new StaticArray<i16>(GAIN_FRAMES);
  energyCount: i32 = 0;
  sentGainIndex: i32 = 0;
  sidGain: i32 = 0;
  random: Random = new Random();

  reset(): void {
    this.gain = 0;
    this.pastType = FRAME_ACTIVE;
    zero16(addr(this.acf), (ACF_FRAMES + 1) * ACF_SIZE);
    for (let i = 0; i <= ACF_FRAMES; i++) unchecked((this.acfShift[i] = 40));
    zero16(addr(this.sidLsp), LPC_ORDER);
    zero16(addr(this.sidLpc), LPC_ORDER);
    zero16(addr(this.filterAcf), ACF_SIZE);
    this.filterAcfShift = 0;
    zero16(addr(this.energy), GAIN_FRAMES);
    this.energyCount = 0;
    this.sentGainIndex = 0;
    this.sidGain = 0;
    this.random.seed = CNG_SEED;
  }
}

const sums = new StaticArray<i32>(ACF_SIZE);
const currentLpc = new StaticArray<i16>(LPC_ORDER);
const reflection = new Reflection();

// Folds this frame's four subframe autocorrelations (`acf`, 4 x 11, with `shifts`)
// into the history as the newest frame.
export function storeAcf(c: CngEncoder, acf: usize, shifts: usize): void {
  const hist = addr(c.acf);
  memory.copy(hist + ACF_SIZE * 2, hist, ACF_FRAMES * ACF_SIZE * 2);
  for (let i = ACF_FRAMES; i >= 1; i--) unchecked((c.acfShift[i] = c.acfShift[i - 1]));
  let sh = ld(shifts, 0);
  for (let k = 1; k < SUBFRAMES; k++) if (ld(shifts, k) < sh) sh = ld(shifts, k);
  sh = add(sh, 14);

  for (let i = 0; i < ACF_SIZE; i++) unchecked((sums[i] = 0));
  for (let k = 0; k < SUBFRAMES; k++) {
    const scale = sub(sh, ld(shifts, k));
    const r = acf + <usize>(k * ACF_SIZE * 2);
    for (let i = 0; i < ACF_SIZE; i++) unchecked((sums[i] = L_add(sums[i], L_shl(ld(r, i), scale))));
  }
  let norm = sub(16, norm_l(unchecked(sums[0])));
  if (norm < 0) norm = 0;
  for (let i = 0; i < ACF_SIZE; i++) st(hist, i, extract_l(L_shr(unchecked(sums[i]), norm)));
  unchecked((c.acfShift[0] = <i16>sub(sh, norm)));
}

// Codes a noise frame: decides SID or untransmitted (returned), fills `p`, writes
// the comfort noise excitation into `exc` (updating the excitation `history`), the
// LPC of the four subframes into `lpc`, and updates `prevLsp`. `noiseLpc` is the
// VAD's noise filter, refreshed from the SID filter when `adapting`.
export function encodeNoise(
  c: CngEncoder,
  p: FrameParams,
  exc: usize,
  history: usize,
  lpc: usize,
  prevLsp: usize,
  noiseLpc: usize,
  adapting: bool,
  rate: i32,
): i32 {
  const cur = addr(currentLpc);
  const energies = addr(c.energy);
  const acf = addr(c.acf);
  memory.copy(energies + 2, energies, (GAIN_FRAMES - 1) * 2);
  st(energies, 0, levinson(cur, acf + 2, ld(acf, 0), reflection));
  let type: i32;
  let gainIndex: i32;
  if (c.pastType == FRAME_ACTIVE) {
    type = FRAME_SID;
    c.energyCount = 1;
    gainIndex = quantizeSidGain(energies, addr(c.acfShift), c.energyCount);
  } else {
    c.energyCount++;
    if (c.energyCount > GAIN_FRAMES) c.energyCount = GAIN_FRAMES;
    gainIndex = quantizeSidGain(energies, addr(c.acfShift), c.energyCount);
    if (!similarFilter(c, ld(energies, 0))) type = FRAME_SID;
    else if (abs_s(sub(gainIndex, c.sentGainIndex)) > GAIN_THRESHOLD) type = FRAME_SID;
    else type = FRAME_UNTRANSMITTED;
  }
  if (type == FRAME_SID) {
    const sid = addr(c.sidLpc);
    pastAverageFilter(c, sid);
    if (adapting) copy16(noiseLpc, sid, LPC_ORDER);
    filterAutocorrelation(c, sid);
    // The average filter stands only if it still fits this frame.
    if (!similarFilter(c, ld(energies, 0))) {
      copy16(sid, cur, LPC_ORDER);
      filterAutocorrelation(c, cur);
    }
    const lsp = addr(c.sidLsp);
    lpcToLsp(lsp, sid, prevLsp);
    p.lspIndex = quantizeLsp(lsp, prevLsp);
    dequantizeLsp(lsp, prevLsp, p.lspIndex, false);
    unchecked((p.fixedGain[0] = gainIndex));
    c.sentGainIndex = gainIndex;
    c.sidGain = decodeSidGain(gainIndex);
  }
  if (c.pastType == FRAME_ACTIVE) {
    c.gain = c.sidGain;
  } else {
    c.gain = extract_h(L_add(L_mult(c.gain, 0x7000), L_mult(c.sidGain, 0x1000)));
  }
  randomExcitation(c.gain, history, exc, c.random, p, rate);
  interpolateLsp(lpc, addr(c.sidLsp), prevLsp);
  copy16(prevLsp, addr(c.sidLsp), LPC_ORDER);
  c.pastType = type;
  return type;
}

// LPC of the average autocorrelation of the three previous frames.
function pastAverageFilter(c: CngEncoder, out: usize): void {
  const shifts = addr(c.acfShift);
  let sh = ld(shifts, 1);
  for (let i = 2; i <= ACF_FRAMES; i++) if (ld(shifts, i) < sh) sh = ld(shifts, i);
  sh = add(sh, 14);
  for (let j = 0; j < ACF_SIZE; j++) unchecked((sums[j] = 0));
  const hist = addr(c.acf);
  for (let i = 1; i <= ACF_FRAMES; i++) {
    const scale = sub(sh, ld(shifts, i));
    const r = hist + <usize>(i * ACF_SIZE * 2);
    for (let j = 0; j < ACF_SIZE; j++) unchecked((sums[j] = L_add(sums[j], L_shl(ld(r, j), scale))));
  }
  let norm = sub(16, norm_l(unchecked(sums[0])));
  if (norm < 0) norm = 0;
  const corr = addr(averageCorr);
  for (let j = 1; j < ACF_SIZE; j++) st(corr, j - 1, extract_l(L_shr(unchecked(sums[j]), norm)));
  levinson(out, corr, extract_l(L_shr(unchecked(sums[0]), norm)), reflection);
}

const averageCorr = new StaticArray<i16>(LPC_ORDER);

// Autocorrelation of the filter coefficients (with a0 = 1) for the distance test.
function filterAutocorrelation(c: CngEncoder, coef: usize): void {
  const rc = addr(c.filterAcf);
  let acc = 0;
  for (let j = 0; j < LPC_ORDER; j++) acc = L_mac(acc, ld(coef, j), ld(coef, j));
  acc = L_add(L_shr(acc, 1), 0x04000000);
  const sh = norm_l(acc) - 2;
  st(rc, 0, round(L_shl(acc, sh)));
  for (let i = 1; i <= LPC_ORDER; i++) {
    acc = L_mult(-0x2000, ld(coef, i - 1));
    for (let j = 0; j < LPC_ORDER - i; j++) acc = L_mac(acc, ld(coef, j), ld(coef, j + i));
    st(rc, i, round(L_shl(acc, sh)));
  }
  c.filterAcfShift = sh;
}

// Itakura-style test: does the stored filter still predict this frame's
// autocorrelation with an error within (1 + 7000/32768) of the frame's own?
function similarFilter(c: CngEncoder, ownError: i32): bool {
  const rc = addr(c.filterAcf);
  const acf = addr(c.acf);
  let dist = 0;
  for (let i = 0; i < ACF_SIZE; i++) dist = L_mac(dist, ld(rc, i), shr(ld(acf, i), 2));
  let bound = L_add(mult_r(ownError, ITAKURA_FRACTION), ownError);
  bound = L_shl(bound, add(c.filterAcfShift, 9));
  return dist <= bound;
}

