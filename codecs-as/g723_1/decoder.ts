// The G.723.1 decoder (clause 3 and Annex A.5): excitation from the adaptive and fixed
// codebooks, pitch postfilter, LPC synthesis, formant postfilter and gain scaling;
// comfort noise for SID and untransmitted frames; concealment of erased frames.
import { add, extract_h, L_add, L_mult, mult_r, shl, shr } from "./basic_ops";
import {
  FRAME,
  FRAME_ACTIVE,
  FRAME_SID,
  FRAME_UNTRANSMITTED,
  LPC_ORDER,
  MAX_ERASED,
  PITCH_MAX,
  RATE_63,
  SUBFRAME,
  SUBFRAMES,
} from "./constants";
import { decodeAcelp } from "./acelp";
import { decodeAdaptive } from "./adaptive_codebook";
import { FrameKind, readFrame } from "./bitstream";
import { decodeSidGain, quantizeSidGain, randomExcitation } from "./comfort_noise";
import { classifyVoicing, concealExcitation, VoicingInfo } from "./erasure";
import { FormantPostfilter, formantPostfilter, scaleGain } from "./formant_postfilter";
import { interpolateLsp } from "./lsp";
import { dequantizeLsp } from "./lsp_vq";
import { addr, copy16, ld, st } from "./mem";
import { decodeMpMlq } from "./mp_mlq";
import { FrameParams } from "./params";
import { applyPitchFilter, choosePitchFilter, PitchFilter } from "./pitch_postfilter";
import { FIXED_GAIN } from "./tables_excitation";
import { LSP_DC } from "./tables_lsp";
import { Random } from "./util";
import { synthesize } from "./synthesis";

const CNG_SEED: i32 = 12345;

export class Decoder {
  postFilter: bool;
  // Rate of the last active frame read.
  rate: i32 = RATE_63;
  // Consecutive erased active frames, at most MAX_ERASED.
  erasures: i32 = 0;
  // Gain for unvoiced concealment.
  concealGain: i32 = 0;
  concealLag: i32 = 0;
  concealRandom: Random = new Random();
  prevLsp: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  // The last PITCH_MAX samples of excitation.
  history: StaticArray<i16> = new StaticArray<i16>(PITCH_MAX);
  synthesis: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  postfilter: FormantPostfilter = new FormantPostfilter();
  // Comfort noise: type of the previous frame, SID LSPs, target and current gain.
  // After an active frame the two gains hold the excitation energy and its
  // normalisation shift, from which an erased first SID frame is estimated.
  pastType: i32 = FRAME_ACTIVE;
  sidLsp: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  sidGain: i32 = 0;
  cngGain: i32 = 0;
  cngRandom: Random = new Random();

  constructor(postFilter: bool) {
    this.postFilter = postFilter;
    this.reset();
  }

  reset(): void {
    this.rate = RATE_63;
    this.erasures = 0;
    this.concealGain = 0;
    this.concealLag = 0;
    this.concealRandom.seed = 0;
    copy16(addr(this.prevLsp), addr(LSP_DC), LPC_ORDER);
    memory.fill(addr(this.history), 0, PITCH_MAX * 2);
    memory.fill(addr(this.synthesis), 0, LPC_ORDER * 2);
    this.postfilter.reset();
    this.pastType = FRAME_ACTIVE;
    copy16(addr(this.sidLsp), addr(LSP_DC), LPC_ORDER);
    this.sidGain = 0;
    this.cngGain = 0;
    this.cngRandom.seed = CNG_SEED;
  }
}

const params = new FrameParams();
const kind = new FrameKind();
const exc = new StaticArray<i16>(PITCH_MAX + FRAME);
const adaptive = new StaticArray<i16>(SUBFRAME);
const lpc = new StaticArray<i16>(SUBFRAMES * LPC_ORDER);
const lsp = new StaticArray<i16>(LPC_ORDER);
const voicing = new VoicingInfo();
const filters: StaticArray<PitchFilter> = [new PitchFilter(), new PitchFilter(), new PitchFilter(), new PitchFilter()];

// Decodes one frame into `out` (FRAME samples). `data` is the frame's bytes, or 0
// for an erased frame.
export function decodeFrame(d: Decoder, data: usize, out: usize): void {
  let type: i32;
  if (data == 0) {
    params.erased = true;
    type = FRAME_ACTIVE;
  } else {
    readFrame(data, params, kind);
    type = kind.type;
    if (type == FRAME_ACTIVE) d.rate = kind.rate;
  }
  if (params.erased) type = d.pastType == FRAME_ACTIVE ? FRAME_ACTIVE : FRAME_UNTRANSMITTED;
  const lpcs = addr(lpc);
  if (type == FRAME_ACTIVE) {
    activeFrame(d, out, lpcs);
  } else {
    comfortNoise(d, type, out, lpcs);
  }
  d.pastType = type;
  for (let s = 0; s < SUBFRAMES; s++) {
    const v = out + <usize>(s * SUBFRAME * 2);
    const a = lpcs + <usize>(s * LPC_ORDER * 2);
    synthesize(addr(d.synthesis), v, a, !d.postFilter);
    if (d.postFilter) scaleGain(d.postfilter, v, formantPostfilter(d.postfilter, v, a));
  }
}

function activeFrame(d: Decoder, out: usize, lpcs: usize): void {
  const p = params;
  d.erasures = p.erased ? add(d.erasures, 1) : 0;
  if (d.erasures > MAX_ERASED) d.erasures = MAX_ERASED;
  const cur = addr(lsp);
  const prev = addr(d.prevLsp);
  dequantizeLsp(cur, prev, p.lspIndex, p.erased);
  interpolateLsp(lpcs, cur, prev);
  copy16(prev, cur, LPC_ORDER);
  if (d.erasures == 0) {
    const mean = shr(add(unchecked(p.fixedGain[2]), unchecked(p.fixedGain[3])), 1);
    d.concealGain = <i32>unchecked(FIXED_GAIN[mean]);
  } else {
    d.concealGain = mult_r(d.concealGain, 0x6000);
  }
  const buf = addr(exc);
  copy16(buf, addr(d.history), PITCH_MAX);
  if (d.erasures == 0) {
    buildExcitation(d, buf);
    copy16(out, buf + PITCH_MAX * 2, FRAME);
    // Voicing for a later erasure; also the gain estimate for an erased first SID.
    classifyVoicing(buf, unchecked(p.lag[1]), voicing);
    d.concealLag = voicing.lag;
    d.sidGain = voicing.energy;
    d.cngGain = voicing.shift;
    // Pitch filters are chosen on the normalised excitation, applied to the original.
    if (d.postFilter) {
      for (let s = 0; s < SUBFRAMES; s++) {
        choosePitchFilter(unchecked(filters[s]), buf, unchecked(p.lag[s >> 1]), s, d.rate);
      }
    }
    copy16(buf, addr(d.history), PITCH_MAX);
    copy16(buf + PITCH_MAX * 2, out, FRAME);
    if (d.postFilter) {
      for (let s = 0; s < SUBFRAMES; s++) applyPitchFilter(out, buf, unchecked(filters[s]), s);
    }
    copy16(addr(d.sidLsp), prev, LPC_ORDER);
  } else {
    concealExcitation(out, buf, d.concealLag, d.concealGain, d.erasures, d.concealRandom);
  }
  copy16(addr(d.history), buf + FRAME * 2, PITCH_MAX);
  d.cngRandom.seed = CNG_SEED;
}

// Sum of fixed (doubled) and adaptive codebook vectors for the four subframes,
// written after the PITCH_MAX history samples in `buf`.
function buildExcitation(d: Decoder, buf: usize): void {
  const p = params;
  const acb = addr(adaptive);
  for (let s = 0; s < SUBFRAMES; s++) {
    const dst = buf + <usize>((PITCH_MAX + s * SUBFRAME) * 2);
    const lag = unchecked(p.lag[s >> 1]);
    if (d.rate == RATE_63) {
      decodeMpMlq(dst, s, unchecked(p.positions[s]), unchecked(p.signs[s]), unchecked(p.grid[s]),
        unchecked(p.fixedGain[s]), unchecked(p.train[s]), lag);
    } else {
      decodeAcelp(dst, unchecked(p.positions[s]), unchecked(p.signs[s]), unchecked(p.grid[s]),
        unchecked(p.fixedGain[s]), lag - 1 + unchecked(p.lagOffset[s]), unchecked(p.pitchGain[s]));
    }
    decodeAdaptive(acb, buf + <usize>(s * SUBFRAME * 2), lag, unchecked(p.lagOffset[s]),
      unchecked(p.pitchGain[s]), d.rate);
    for (let j = 0; j < SUBFRAME; j++) st(dst, j, add(shl(ld(dst, j), 1), ld(acb, j)));
  }
}

function comfortNoise(d: Decoder, type: i32, out: usize, lpcs: usize): void {
  const p = params;
  if (type == FRAME_SID) {
    d.sidGain = decodeSidGain(unchecked(p.fixedGain[0]));
    dequantizeLsp(addr(d.sidLsp), addr(d.prevLsp), p.lspIndex, false);
  } else if (d.pastType == FRAME_ACTIVE) {
    // The SID frame that should have started this silence was lost: estimate it.
    const energy = addr(scalar);
    const shift = addr(scalar) + 2;
    st(energy, 0, d.sidGain);
    st(shift, 0, d.cngGain);
    d.sidGain = decodeSidGain(quantizeSidGain(energy, shift, 0));
  }
  if (d.pastType == FRAME_ACTIVE) {
    d.cngGain = d.sidGain;
  } else {
    d.cngGain = extract_h(L_add(L_mult(d.cngGain, 0x7000), L_mult(d.sidGain, 0x1000)));
  }
  randomExcitation(d.cngGain, addr(d.history), out, d.cngRandom, p, d.rate);
  interpolateLsp(lpcs, addr(d.sidLsp), addr(d.prevLsp));
  copy16(addr(d.prevLsp), addr(d.sidLsp), LPC_ORDER);
}

const scalar = new StaticArray<i16>(2);
