// The G.723.1 encoder (clause 2 and Annex A.4): high-pass filter, LPC analysis and
// LSP quantisation, perceptual and harmonic weighting, open- and closed-loop pitch,
// and per subframe the MP-MLQ (6.3 kbit/s) or ACELP (5.3 kbit/s) fixed codebook;
// with VAD, noise frames become SID or untransmitted frames.
import { add, shl } from "./basic_ops";
import {
  FRAME,
  FRAME_ACTIVE,
  LPC_ORDER,
  PITCH_MAX,
  RATE_63,
  SUBFRAME,
  SUBFRAMES,
} from "./constants";
import { sharpeningGain, sharpeningLag } from "./acelp";
import { AcelpCode, searchAcelp, SEARCH_BUDGET } from "./acelp_search";
import { decodeAdaptive } from "./adaptive_codebook";
import { writeFrame } from "./bitstream";
import { CngEncoder, encodeNoise, storeAcf } from "./cng_encoder";
import { applyHarmonicFilter, chooseHarmonicFilter, HarmonicFilter } from "./harmonic_weighting";
import { HighPass, highPass } from "./highpass";
import { analyseLpc, LPC_HISTORY, SineDetector, subframeAcf, subframeAcfShift } from "./lpc_analysis";
import { interpolateLsp, lpcToLsp } from "./lsp";
import { dequantizeLsp, quantizeLsp } from "./lsp_vq";
import { addr, copy16, ld, st, zero16 } from "./mem";
import { packPulses, pulsesIn, pulseTrain } from "./mp_mlq";
import { PulseSet, searchPulses } from "./mp_mlq_search";
import { openLoopPitch } from "./open_loop_pitch";
import { FrameParams } from "./params";
import { searchPitch } from "./pitch_search";
import { TamingState, updateTaming } from "./taming";
import { LSP_DC } from "./tables_lsp";
import { normalize } from "./util";
import { detectVoice, VadState } from "./vad";
import {
  impulseResponse,
  RingingMemory,
  subtractRinging,
  updateRinging,
  WEIGHT_COEFS,
  weightingCoefficients,
  WeightingMemory,
  weightSpeech,
} from "./weighting";

const CNG_SEED: i32 = 12345;

export class Encoder {
  // Rate of the next frame (set_rate changes it; reset restores the initial one).
  rate: i32;
  initialRate: i32;
  highPass: bool;
  vad: bool;
  hp: HighPass = new HighPass();
  sine: SineDetector = new SineDetector();
  prevLsp: StaticArray<i16> = new StaticArray<i16>(LPC_ORDER);
  // Input samples of the previous frame the LPC window still covers.
  lpcHistory: StaticArray<i16> = new StaticArray<i16>(LPC_HISTORY);
  weighting: WeightingMemory = new WeightingMemory();
  // The last PITCH_MAX samples of weighted speech.
  prevWeighted: StaticArray<i16> = new StaticArray<i16>(PITCH_MAX);
  ringing: RingingMemory = new RingingMemory();
  // The last PITCH_MAX samples of excitation.
  prevExc: StaticArray<i16> = new StaticArray<i16>(PITCH_MAX);
  taming: TamingState = new TamingState();
  vadState: VadState = new VadState();
  cng: CngEncoder = new CngEncoder();
  acelp: AcelpCode = new AcelpCode();

  constructor(rate: i32, highPass: bool, vad: bool) {
    this.rate = rate;
    this.initialRate = rate;
    this.highPass = highPass;
    this.vad = vad;
    this.reset();
  }

  reset(): void {
    this.rate = this.initialRate;
    this.hp.reset();
    this.sine.bits = 0;
    copy16(addr(this.prevLsp), addr(LSP_DC), LPC_ORDER);
    zero16(addr(this.lpcHistory), LPC_HISTORY);
    this.weighting.reset();
    zero16(addr(this.prevWeighted), PITCH_MAX);
    this.ringing.reset();
    zero16(addr(this.prevExc), PITCH_MAX);
    this.taming.reset();
    this.vadState.reset();
    this.cng.reset();
    this.acelp.budget = SEARCH_BUDGET;
  }
}

const params = new FrameParams();
const frame = new StaticArray<i16>(FRAME);
const delayed = new StaticArray<i16>(LPC_HISTORY + FRAME);
const unquantized = new StaticArray<i16>(SUBFRAMES * LPC_ORDER);
const quantized = new StaticArray<i16>(SUBFRAMES * LPC_ORDER);
const weights = new StaticArray<i16>(SUBFRAMES * WEIGHT_COEFS);
const lsp = new StaticArray<i16>(LPC_ORDER);
const weighted = new StaticArray<i16>(PITCH_MAX + FRAME);
const impulse = new StaticArray<i16>(SUBFRAME);
const harmonic: StaticArray<HarmonicFilter> = [
  new HarmonicFilter(),
  new HarmonicFilter(),
  new HarmonicFilter(),
  new HarmonicFilter(),
];
const pulses = new PulseSet();
const signsOut = new StaticArray<i32>(1);

// Encodes the FRAME samples at `pcm` into `out`; returns the bytes written.
export function encodeFrame(e: Encoder, pcm: usize, out: usize): i32 {
  const p = params;
  const x = addr(frame);
  copy16(x, pcm, FRAME);
  // The ACELP search budget restarts every frame.
  e.acelp.budget = SEARCH_BUDGET;
  highPass(e.hp, x, e.highPass);
  const unq = addr(unquantized);
  analyseLpc(unq, addr(e.lpcHistory), x, e.sine);
  if (e.vad) storeAcf(e.cng, addr(subframeAcf), addr(subframeAcfShift));
  const cur = addr(lsp);
  const prevLsp = addr(e.prevLsp);
  lpcToLsp(cur, unq + (SUBFRAMES - 1) * LPC_ORDER * 2, prevLsp);
  const active = e.vad ? detectVoice(e.vadState, x, e.sine.isSine()) : true;
  p.lspIndex = quantizeLsp(cur, prevLsp);
  delayInput(e, x);
  const w = addr(weights);
  weightingCoefficients(w, unq);
  weightSpeech(e.weighting, x, w);

  // Open-loop pitch on the normalised weighted speech.
  const buf = addr(weighted);
  copy16(buf, addr(e.prevWeighted), PITCH_MAX);
  copy16(buf + PITCH_MAX * 2, x, FRAME);
  normalize(buf, PITCH_MAX + FRAME);
  for (let i = 0; i < 2; i++) {
    const olp = openLoopPitch(buf, PITCH_MAX + 2 * SUBFRAME * i);
    unchecked((p.lag[i] = olp));
    unchecked((e.vadState.lags[i + 2] = olp));
  }
  const qnt = addr(quantized);
  let type = FRAME_ACTIVE;
  if (!active) {
    copy16(addr(e.prevWeighted), x + (FRAME - PITCH_MAX) * 2, PITCH_MAX);
    type = encodeNoise(e.cng, p, x, addr(e.prevExc), qnt, prevLsp, addr(e.vadState.noiseLpc),
      e.vadState.inhibit == 0, e.rate);
    for (let s = 0; s < SUBFRAMES; s++) {
      updateTaming(e.taming, unchecked(p.lag[s >> 1]), unchecked(p.lagOffset[s]), unchecked(p.pitchGain[s]), e.rate);
      updateRinging(e.ringing, x + <usize>(s * SUBFRAME * 2), qnt + <usize>(s * LPC_ORDER * 2),
        w + <usize>(s * WEIGHT_COEFS * 2));
    }
  } else {
    for (let s = 0; s < SUBFRAMES; s++) {
      chooseHarmonicFilter(unchecked(harmonic[s]), buf, PITCH_MAX + s * SUBFRAME, unchecked(p.lag[s >> 1]));
    }
    copy16(buf, addr(e.prevWeighted), PITCH_MAX);
    copy16(buf + PITCH_MAX * 2, x, FRAME);
    copy16(addr(e.prevWeighted), buf + FRAME * 2, PITCH_MAX);
    for (let s = 0; s < SUBFRAMES; s++) applyHarmonicFilter(x, buf, s * SUBFRAME, unchecked(harmonic[s]));
    dequantizeLsp(cur, prevLsp, p.lspIndex, false);
    interpolateLsp(qnt, cur, prevLsp);
    copy16(prevLsp, cur, LPC_ORDER);
    for (let s = 0; s < SUBFRAMES; s++) {
      encodeSubframe(e, s, x + <usize>(s * SUBFRAME * 2), qnt + <usize>(s * LPC_ORDER * 2),
        w + <usize>(s * WEIGHT_COEFS * 2));
    }
    e.cng.pastType = FRAME_ACTIVE;
    e.cng.random.seed = CNG_SEED;
  }
  return writeFrame(out, p, type, e.rate);
}

// Delays the high-passed input by the LPC lookahead (SUBFRAME samples) and keeps
// what the next frame's analysis window needs.
function delayInput(e: Encoder, x: usize): void {
  const d = addr(delayed);
  copy16(d, addr(e.lpcHistory), LPC_HISTORY);
  copy16(d + LPC_HISTORY * 2, x, FRAME);
  copy16(addr(e.lpcHistory), d + FRAME * 2, LPC_HISTORY);
  copy16(x, d + (LPC_HISTORY / 2) * 2, FRAME);
}

// Analysis by synthesis of one subframe: target `t` (weighted speech, replaced by
// the excitation), quantised LPC `a`, weighting coefficients `w`.
function encodeSubframe(e: Encoder, s: i32, t: usize, a: usize, w: usize): void {
  const p = params;
  const h = addr(impulse);
  const hf = unchecked(harmonic[s]);
  impulseResponse(h, a, w, hf);
  subtractRinging(e.ringing, t, a, w, hf);
  const history = addr(e.prevExc);
  searchPitch(t, h, history, p, s, e.rate, e.taming, e.sine.isSine());
  const lag = unchecked(p.lag[s >> 1]);
  if (e.rate == RATE_63) {
    const count = pulsesIn(s);
    pulses.clear();
    searchPulses(pulses, t, h, count, SUBFRAME);
    if (lag < SUBFRAME - 2) searchPulses(pulses, t, h, count, lag);
    zero16(t, SUBFRAME);
    for (let i = 0; i < count; i++) st(t, unchecked(pulses.positions[i]), unchecked(pulses.amplitudes[i]));
    unchecked((p.positions[s] = packPulses(t, pulses.grid, count, signsOut)));
    unchecked((p.signs[s] = signsOut[0]));
    unchecked((p.fixedGain[s] = pulses.gainIndex));
    unchecked((p.grid[s] = pulses.grid));
    unchecked((p.train[s] = pulses.train));
    if (pulses.train == 1) pulseTrain(t, t, lag);
  } else {
    const gainIndex = unchecked(p.pitchGain[s]);
    const pitchLag = sharpeningLag(lag - 1 + unchecked(p.lagOffset[s]), gainIndex);
    searchAcelp(e.acelp, t, h, pitchLag, sharpeningGain(gainIndex));
    unchecked((p.positions[s] = e.acelp.positions));
    unchecked((p.signs[s] = e.acelp.signs));
    unchecked((p.grid[s] = e.acelp.grid));
    unchecked((p.fixedGain[s] = e.acelp.gainIndex));
    unchecked((p.train[s] = 0));
  }
  // Excitation = 2 * fixed + adaptive; it becomes the newest pitch history.
  decodeAdaptive(h, history, lag, unchecked(p.lagOffset[s]), unchecked(p.pitchGain[s]), e.rate);
  memory.copy(history, history + SUBFRAME * 2, (PITCH_MAX - SUBFRAME) * 2);
  for (let j = 0; j < SUBFRAME; j++) {
    const v = add(shl(ld(t, j), 1), ld(h, j));
    st(t, j, v);
    st(history, PITCH_MAX - SUBFRAME + j, v);
  }
  updateTaming(e.taming, lag, unchecked(p.lagOffset[s]), unchecked(p.pitchGain[s]), e.rate);
  updateRinging(e.ringing, t, a, w);
}
