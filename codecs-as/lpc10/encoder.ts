// One LPC-10e frame: 180 float samples -> 7 bytes (lpc10_encode of the reference:
// prepro, analys, encode, chanwr). The analyser looks ahead: voicing and pitch use a
// three-frame buffer, so parameters describe the frame two frames back.
import { writeFrame } from "./bitstream";
import { EncoderState } from "./encoder_state";
import { dcbias, energy, hp100, ivfilt, lpfilt, preemp } from "./filters";
import { invert, mload, rcchk } from "./lpc";
import { at, lf, sf } from "./mem";
import { AmdfResult, dyptrk, tbdm, trackMidx } from "./pitch";
import { quantize } from "./quantize";
import { LFRAME, ORDER, TAU } from "./tables";
import { voicin } from "./voicing";
import { onset, placea, placev } from "./windows";

const amdf = new StaticArray<f32>(60);
const abuf = new StaticArray<f32>(156);
const ewin = new StaticArray<i32>(6);
const ivrc = new StaticArray<f32>(2);
const phi = new StaticArray<f32>(100);
const psi = new StaticArray<f32>(10);
const rc = new StaticArray<f32>(ORDER);
const irc = new StaticArray<i32>(ORDER);
const search = new AmdfResult();

/** Encodes 180 f32 samples at `speech` (changed in place) into 7 bytes at `out`. */
export function encodeFrame(st: EncoderState, speech: usize, out: usize): void {
  hp100(st, at(speech, -1), LFRAME);
  const voice0 = analyse(st, speech);
  const pitch = analysedPitch;
  const packed = quantize(voice0, analysedVoice1, pitch, st.rmsbuf[0], changetype<usize>(rc), irc);
  writeFrame(packed & 0xff, packed >> 8, irc, st.isync, out);
  st.isync = 1 - st.isync;
}

let analysedPitch: i32 = 0;
let analysedVoice1: i32 = 0;

// Shifts the buffers by one frame.
function shiftBuffers(st: EncoderState): void {
  const inbuf = changetype<usize>(st.inbuf), pebuf = changetype<usize>(st.pebuf);
  const lpbuf = changetype<usize>(st.lpbuf), ivbuf = changetype<usize>(st.ivbuf);
  for (let i = 181; i <= 720 - LFRAME; i++) {
    sf(inbuf, i - 181, lf(inbuf, LFRAME + i - 181));
    sf(pebuf, i - 181, lf(pebuf, LFRAME + i - 181));
  }
  for (let i = 229; i <= 540 - LFRAME; i++) sf(ivbuf, i - 229, lf(ivbuf, LFRAME + i - 229));
  for (let i = 25; i <= 720 - LFRAME; i++) sf(lpbuf, i - 25, lf(lpbuf, LFRAME + i - 25));
  const osbuf = st.osbuf;
  let j = 1;
  for (let i = 1; i <= st.osptr - 1; i++) {
    if (osbuf[i - 1] > LFRAME) {
      osbuf[j - 1] = osbuf[i - 1] - LFRAME;
      j++;
    }
  }
  st.osptr = j;
  const voibuf = st.voibuf, vwin = st.vwin, awin = st.awin;
  voibuf[0] = voibuf[2];
  voibuf[1] = voibuf[3];
  for (let i = 1; i <= 2; i++) {
    vwin[(i << 1) - 2] = vwin[((i + 1) << 1) - 2] - LFRAME;
    vwin[(i << 1) - 1] = vwin[((i + 1) << 1) - 1] - LFRAME;
    awin[(i << 1) - 2] = awin[((i + 1) << 1) - 2] - LFRAME;
    awin[(i << 1) - 1] = awin[((i + 1) << 1) - 1] - LFRAME;
    st.obound[i - 1] = st.obound[i];
    voibuf[i * 2] = voibuf[(i + 1) * 2];
    voibuf[(i << 1) + 1] = voibuf[((i + 1) << 1) + 1];
    st.rmsbuf[i - 1] = st.rmsbuf[i];
    for (let k = 1; k <= ORDER; k++) st.rcbuf[k + i * 10 - 11] = st.rcbuf[k + (i + 1) * 10 - 11];
  }
}

// analys: returns voice(1); sets analysedVoice1, analysedPitch and rc.
function analyse(st: EncoderState, speech: usize): i32 {
  shiftBuffers(st);
  const inbuf = changetype<usize>(st.inbuf), pebuf = changetype<usize>(st.pebuf);
  const lpbuf = changetype<usize>(st.lpbuf), ivbuf = changetype<usize>(st.ivbuf);
  // new samples, scaled to the reference's 12-bit range, minus a slow DC estimate
  let temp: f32 = 0;
  for (let i = 1; i <= LFRAME; i++) {
    const x = lf(speech, i - 1) * <f32> 4096 - st.bias;
    sf(inbuf, 720 - LFRAME + i - 181, x);
    temp += x;
  }
  if (temp > <f32> LFRAME) st.bias += 1;
  if (temp < <f32> -LFRAME) st.bias -= 1;
  const first = 721 - LFRAME - 181;
  preemp(st, at(inbuf, first - 1), at(pebuf, first - 1), LFRAME);
  onset(st, 181, 720, LFRAME);
  placev(st, 3, LFRAME);
  lpfilt(at(inbuf, 228 - 1), at(lpbuf, 384 - 1), 312, LFRAME);
  const ivrcp = changetype<usize>(ivrc);
  ivfilt(at(lpbuf, 204 - 1), at(ivbuf, -1), 312, LFRAME, at(ivrcp, -1));
  const amdfp = changetype<usize>(amdf);
  const taup = changetype<usize>(TAU);
  tbdm(at(ivbuf, -1), 156, at(taup, -1), 60, at(amdfp, -1), search);
  const minamd = amdf[search.minptr - 1];
  const maxamd = amdf[search.maxptr - 1];
  for (let half = 1; half <= 2; half++) {
    voicin(
      st,
      at(inbuf, -181),
      at(lpbuf, -25),
      half,
      minamd,
      maxamd,
      search.mintau,
      ivrc[1],
    );
  }
  analysedPitch = dyptrk(st, at(amdfp, -1), 60, search.minptr, st.voibuf[7]);
  const ipitch = unchecked(TAU[trackMidx - 1]);
  placea(st, ipitch, 3, LFRAME, ewin);
  const awin = st.awin;
  const lanal = awin[5] + 1 - awin[4];
  const abufp = changetype<usize>(abuf);
  dcbias(lanal, at(pebuf, awin[4] - 181), abufp);
  st.rmsbuf[2] = energy(ewin[5] - ewin[4] + 1, at(abufp, ewin[4] - awin[4]));
  const phip = changetype<usize>(phi), psip = changetype<usize>(psi);
  mload(ORDER, 1, lanal, at(abufp, -1), phip, psip);
  const rcbuf = changetype<usize>(st.rcbuf);
  invert(ORDER, phip, psip, at(rcbuf, 20));
  rcchk(ORDER, at(rcbuf, 10), at(rcbuf, 20));
  analysedVoice1 = st.voibuf[3];
  for (let i = 0; i < ORDER; i++) rc[i] = st.rcbuf[i];
  return st.voibuf[2];
}
