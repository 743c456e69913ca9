// Parameter decoding (decode.c of the reference): pitch/voicing from the pitch index,
// Hamming(8,4) correction of unvoiced frames, median smoothing of isolated errors over
// three frames, then dequantization of RMS and reflection coefficients.
import { DecoderState } from "./decoder_state";
import {
  BITS_CORRECT,
  CORTH,
  DACTAB,
  DEADD,
  DESCL,
  DETAB7,
  DETAU,
  IVTAB,
  NBIT,
  ORDER,
  QB,
  RMST,
  ZRC,
} from "./tables";

/** Decoded frame parameters, the input of synthesis. */
export class FrameParams {
  voice: StaticArray<i32> = new StaticArray<i32>(2);
  pitch: i32 = 0;
  rms: f32 = 0;
  rc: StaticArray<f32> = new StaticArray<f32>(ORDER);
  irc: StaticArray<i32> = new StaticArray<i32>(ORDER);
}

const ETHRS: i32 = 2048;
const ETHRS1: i32 = 128;
const ETHRS2: i32 = 1024;
const ETHRS3: i32 = 2048;

let hamErrors: i32 = 0;

// Hamming(8,4) decode of `input`: the 4 data bits, or -1 when uncorrectable;
// counts errors in hamErrors.
function ham84(input: i32): i32 {
  let parity = input & 255;
  parity ^= parity / 16;
  parity ^= parity / 4;
  parity ^= parity / 2;
  parity &= 1;
  const d = unchecked(DACTAB[input & 127]);
  let output = d & 15;
  if ((d & 16) != 0) {
    if (parity != 0) hamErrors++;
  } else {
    hamErrors++;
    if (parity == 0) {
      hamErrors++;
      output = -1;
    }
  }
  return output;
}

function median3(d1: i32, d2: i32, d3: i32): i32 {
  let r = d2;
  if (d2 > d1 && d2 > d3) {
    r = d1;
    if (d3 > d1) r = d3;
  } else if (d2 < d1 && d2 < d3) {
    r = d1;
    if (d3 < d1) r = d3;
  }
  return r;
}

// @ts-ignore: decorator
@inline function absF(x: i32): f32 {
  return <f32> (x < 0 ? -x : x);
}

/**
 * Decodes one frame's indices (`irc` holds RC(1)..RC(10), modified in place) into
 * `p`, updating the three-frame smoothing memory of `st`.
 */
export function dequantize(st: DecoderState, ipitv: i32, irmsIn: i32, p: FrameParams): void {
  const irc = p.irc;
  const drc = st.drc, dpit = st.dpit, drms = st.drms;
  let irms = irmsIn;
  const i4 = unchecked(DETAU[ipitv]);
  let ivoic: i32;
  if (i4 > 4) {
    dpit[0] = i4;
    ivoic = 2;
    st.iavgp = (st.iavgp * 15 + i4 + 8) / 16;
  } else {
    ivoic = i4;
    dpit[0] = st.iavgp;
  }
  drms[0] = irms;
  for (let i = 1; i <= ORDER; i++) drc[i * 3 - 3] = irc[i - 1];
  const i1 = unchecked(IVTAB[(st.ivp2h << 4) + (st.iovoic << 2) + ivoic]);
  const ipit = i1 & 3;
  let icorf = i1 / 8;
  if (st.erate < ETHRS) icorf /= 64;
  let ixcor = 4;
  if (st.erate < ETHRS3) ixcor = 3;
  if (st.erate < ETHRS2) ixcor = 2;
  if (st.erate < ETHRS1) ixcor = 1;
  const voice = p.voice;
  voice[0] = (icorf / 2) & 1;
  voice[1] = icorf & 1;
  let pitch: i32;
  if (st.first) {
    st.first = false;
    pitch = i4;
    if (pitch <= 4) pitch = st.iptold;
  } else {
    if ((icorf & BITS_CORRECT) != 0) correctErrors(st);
    irms = drms[1];
    for (let i = 1; i <= ORDER; i++) irc[i - 1] = drc[i * 3 - 2];
    if (ipit == 1) dpit[1] = dpit[2];
    if (ipit == 3) dpit[1] = dpit[0];
    pitch = dpit[1];
    if ((icorf & 4) != 0) {
      const th = unchecked(CORTH[ixcor + 3]);
      if (absF(drms[1] - drms[0]) >= th && absF(drms[1] - drms[2]) >= th) {
        irms = median3(drms[2], drms[1], drms[0]);
      }
      for (let i = 1; i <= 6; i++) {
        const t = unchecked(CORTH[ixcor + ((i + 2) << 2) - 5]);
        const mid = drc[i * 3 - 2];
        if (absF(mid - drc[i * 3 - 3]) >= t && absF(mid - drc[i * 3 - 1]) >= t) {
          irc[i - 1] = median3(drc[i * 3 - 1], mid, drc[i * 3 - 3]);
        }
      }
    }
    if ((icorf & 8) != 0) {
      const t = unchecked(CORTH[ixcor - 1]);
      if (absF(dpit[1] - dpit[0]) >= t && absF(dpit[1] - dpit[2]) >= t) {
        pitch = median3(dpit[2], dpit[1], dpit[0]);
      }
    }
  }
  // L500
  if ((icorf & 32) != 0) {
    for (let i = 5; i <= ORDER; i++) irc[i - 1] = unchecked(ZRC[i - 1]);
  }
  st.iovoic = ivoic;
  st.ivp2h = voice[1];
  dpit[2] = dpit[1];
  dpit[1] = dpit[0];
  drms[2] = drms[1];
  drms[1] = drms[0];
  for (let i = 1; i <= ORDER; i++) {
    drc[i * 3 - 1] = drc[i * 3 - 2];
    drc[i * 3 - 2] = drc[i * 3 - 3];
  }
  p.pitch = pitch;
  dequantizeValues(irms, p);
}

// Hamming-decodes the protected bits of the previous (unvoiced) frame.
function correctErrors(st: DecoderState): void {
  const drc = st.drc, drms = st.drms;
  hamErrors = 0;
  let lsb = drms[1] & 1;
  let out = ham84((drc[22] << 4) + drms[1] / 2);
  drms[1] = drms[2];
  if (out >= 0) drms[1] = (out << 1) + lsb;
  for (let i = 1; i <= 4; i++) {
    const i1 = i == 1 ? ((drc[25] & 7) << 1) + (drc[28] & 1) : drc[(9 - i) * 3 - 2] & 15;
    const i2 = drc[(5 - i) * 3 - 2] & 31;
    lsb = i2 & 1;
    out = ham84((i1 << 4) + i2 / 2);
    if (out >= 0) {
      out = (out << 1) + lsb;
      if ((out & 16) == 16) out -= 32;
    } else {
      out = drc[(5 - i) * 3 - 1];
    }
    drc[(5 - i) * 3 - 2] = out;
  }
  st.erate = <i32> (<f32> st.erate * <f32> 0.96875 + <f32> (hamErrors * 102));
}

// RMS and reflection coefficients from their indices (L900 of decode.c).
function dequantizeValues(irmsIndex: i32, p: FrameParams): void {
  const irc = p.irc;
  const irms = unchecked(RMST[(31 - irmsIndex) * 2]);
  for (let i = 1; i <= 2; i++) {
    let i2 = irc[i - 1];
    let neg = false;
    if (i2 < 0) {
      neg = true;
      i2 = -i2;
      if (i2 > 15) i2 = 0;
    }
    i2 = unchecked(DETAB7[i2 * 2]);
    if (neg) i2 = -i2;
    irc[i - 1] = i2 << (15 - unchecked(NBIT[i - 1]));
  }
  for (let i = 3; i <= ORDER; i++) {
    let i2 = irc[i - 1] * (1 << (15 - unchecked(NBIT[i - 1])));
    i2 += unchecked(QB[i - 3]);
    irc[i - 1] = <i32> (<f32> i2 * unchecked(DESCL[i - 3]) + <f32> unchecked(DEADD[i - 3]));
  }
  p.rms = <f32> irms;
  for (let i = 0; i < ORDER; i++) p.rc[i] = <f32> irc[i] / <f32> 16384;
}
