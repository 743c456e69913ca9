// Voicing decision (voicin.c and vparms.c of the reference): per half frame, a linear
// discriminant over eight parameters chosen by an SNR class, then smoothing of the
// decisions of the last frames. inbuf/lpbuf are passed as arrays indexed by the
// reference's sample numbers (bases BUFLIM[0], BUFLIM[2]).
import { EncoderState } from "./encoder_state";
import { lf, li, nint, sign1 } from "./mem";
import { NVDCL, VDC, VDCL } from "./tables";

class VoicingParams {
  zc: i32 = 0;
  lbe: i32 = 0;
  fbe: i32 = 0;
  qs: f32 = 0;
  rc1: f32 = 0;
  arB: f32 = 0;
  arF: f32 = 0;
}

const vp = new VoicingParams();
const value = new StaticArray<f32>(9);

// vparms: the discriminant's inputs for half `half` of the voicing window vwin1..vwin2.
function vparms(
  st: EncoderState,
  vwin1: i32,
  vwin2: i32,
  inbuf: usize,
  lpbuf: usize,
  half: i32,
  mintau: i32,
): void {
  let lpRms: f32 = 0, apRms: f32 = 0, ePre: f32 = 0, e0ap: f32 = 0, rc1: f32 = 0;
  let e0: f32 = 0, eB: f32 = 0, eF: f32 = 0, rF: f32 = 0, rB: f32 = 0;
  let zc = 0;
  const vlen = vwin2 - vwin1 + 1;
  const start = vwin1 + (half - 1) * vlen / 2 + 1;
  const stop = start + vlen / 2 - 1;
  let oldsgn = sign1(lf(inbuf, start - 1) - st.dither);
  for (let i = start; i <= stop; i++) {
    const x = lf(inbuf, i), x1 = lf(inbuf, i - 1), l = lf(lpbuf, i);
    const lb = lf(lpbuf, i - mintau), lfw = lf(lpbuf, i + mintau);
    lpRms += Mathf.abs(l);
    apRms += Mathf.abs(x);
    ePre += Mathf.abs(x - x1);
    e0ap += x * x;
    rc1 += x * x1;
    e0 += l * l;
    eB += lb * lb;
    eF += lfw * lfw;
    rF += l * lfw;
    rB += l * lb;
    if (sign1(x + st.dither) != oldsgn) {
      zc++;
      oldsgn = -oldsgn;
    }
    st.dither = -st.dither;
  }
  vp.rc1 = rc1 / max(e0ap, <f32> 1);
  vp.qs = ePre / max(apRms * <f32> 2, <f32> 1);
  vp.arB = rB / max(eB, <f32> 1) * (rB / max(e0, <f32> 1));
  vp.arF = rF / max(eF, <f32> 1) * (rF / max(e0, <f32> 1));
  const scale: f32 = <f32> 90 / <f32> vlen;
  vp.zc = nint(<f32> (zc << 1) * scale);
  vp.lbe = min(nint(lpRms / <f32> 4 * scale), 32767);
  vp.fbe = min(nint(apRms / <f32> 4 * scale), 32767);
}

/**
 * Voicing decision for half frame `half` (1 or 2) of slot AF=3: sets voibuf[half+5]
 * (0-based; the reference's VOIBUF(half, 3)) and smooths earlier decisions.
 */
export function voicin(
  st: EncoderState,
  inbuf: usize,
  lpbuf: usize,
  half: i32,
  minamd: f32,
  maxamd: f32,
  mintau: i32,
  ivrc2: f32,
): void {
  const voice = st.voice;
  const voibuf = changetype<usize>(st.voibuf) - 4; // 1-based
  const obound = changetype<usize>(st.obound) - 4; // 1-based
  if (half == 1) {
    voice[0] = voice[2];
    voice[1] = voice[3];
    voice[2] = voice[4];
    voice[3] = voice[5];
    st.maxmin = maxamd / max(minamd, <f32> 1);
  }
  vparms(st, st.vwin[4], st.vwin[5], inbuf, lpbuf, half, mintau);
  const r = (st.snr + <f32> st.fbve / <f32> max(st.fbue, 1)) * <f32> 63 / <f32> 64;
  st.snr = <f32> nint(r);
  const snr2 = st.snr * <f32> st.fbue / <f32> max(st.lbue, 1);
  let snrl = 1;
  for (; snrl <= NVDCL - 1; snrl++) if (snr2 > unchecked(VDCL[snrl - 1])) break;
  value[0] = st.maxmin;
  value[1] = <f32> vp.lbe / <f32> max(st.lbve, 1);
  value[2] = <f32> vp.zc;
  value[3] = vp.rc1;
  value[4] = vp.qs;
  value[5] = ivrc2;
  value[6] = vp.arB;
  value[7] = vp.arF;
  let v = unchecked(VDC[snrl * 10 - 1]);
  for (let i = 1; i <= 8; i++) v += unchecked(VDC[i + snrl * 10 - 11]) * value[i - 1];
  voice[half + 3] = v;
  setV(voibuf, half + 6, v > 0 ? 1 : 0);
  if (half != 1) smooth(st, voibuf, obound);
  updateEnergies(st, li(voibuf, half + 6), vp.lbe, vp.fbe);
}

// @ts-ignore: decorator
@inline function setV(voibuf: usize, i: i32, x: i32): void {
  store<i32>(voibuf + (<usize> i << 2), x);
}

// Smoothing of the last decisions (the VSTATE table of voicin.c).
function smooth(st: EncoderState, voibuf: usize, obound: usize): void {
  const voice = st.voice;
  const ot = ((li(obound, 1) & 2) != 0 || li(obound, 2) == 1) && (li(obound, 3) & 1) == 0;
  const vstate = (li(voibuf, 3) << 3) + (li(voibuf, 4) << 2) + (li(voibuf, 5) << 1) +
    li(voibuf, 6);
  switch (vstate) {
    case 1:
      if (ot && li(voibuf, 7) == 1) setV(voibuf, 5, 1);
      break;
    case 2:
      if (li(voibuf, 7) == 0 || voice[2] < -voice[3]) setV(voibuf, 5, 0);
      else setV(voibuf, 6, 1);
      break;
    case 4:
      setV(voibuf, 4, 0);
      break;
    case 5:
      if (voice[1] < -voice[2]) setV(voibuf, 4, 0);
      else setV(voibuf, 5, 1);
      break;
    case 6:
      if (li(voibuf, 1) == 1 || li(voibuf, 7) == 1 || voice[3] > voice[0]) setV(voibuf, 6, 1);
      else setV(voibuf, 3, 1);
      break;
    case 7:
      if (ot) setV(voibuf, 4, 0);
      break;
    case 8:
      if (ot) setV(voibuf, 4, 1);
      break;
    case 10:
      if (voice[2] < -voice[1]) setV(voibuf, 5, 0);
      else setV(voibuf, 4, 1);
      break;
    case 11:
      setV(voibuf, 4, 1);
      break;
    case 13:
      if (li(voibuf, 7) == 0 && voice[3] < -voice[2]) setV(voibuf, 6, 0);
      else setV(voibuf, 5, 1);
      break;
    case 14:
      if (ot && li(voibuf, 7) == 0) setV(voibuf, 5, 0);
      break;
    default:
      break;
  }
}

// Running voiced/unvoiced energy estimates and the dither level (L99 of voicin.c).
function updateEnergies(st: EncoderState, voiced: i32, lbe: i32, fbe: i32): void {
  if (voiced == 0) {
    st.sfbue = nint(<f32> (st.sfbue * 63 + (min(fbe, st.ofbue * 3) << 3)) / <f32> 64);
    st.fbue = st.sfbue / 8;
    st.ofbue = fbe;
    st.slbue = nint(<f32> (st.slbue * 63 + (min(lbe, st.olbue * 3) << 3)) / <f32> 64);
    st.lbue = st.slbue / 8;
    st.olbue = lbe;
  } else {
    st.lbve = nint(<f32> (st.lbve * 63 + lbe) / <f32> 64);
    st.fbve = nint(<f32> (st.fbve * 63 + fbe) / <f32> 64);
  }
  const r2 = <f32> (Math.sqrt(<f64> <f32> (st.lbue * st.lbve)) * 64 / 3000);
  st.dither = min(max(r2, <f32> 1), <f32> 20);
}
