// Speech synthesis (synths.c, pitsyn.c, bsynz.c, irc2pc.c, deemp.c, random.c of the
// reference): parameters are interpolated pitch-synchronously, each epoch is
// synthesised by an all-pole filter excited by a pulse (voiced) or noise (unvoiced),
// scaled to the RMS, and de-emphasized. Single-precision arithmetic in the reference's
// order; log, exp and sqrt in double as there.
import { DecoderState } from "./decoder_state";
import { FrameParams } from "./dequantize";
import { lf, sf } from "./mem";
import { KEXC, LFRAME, ORDER } from "./tables";

// Per-frame scratch (at most 16 epochs of 10 coefficients).
const ivuv = new StaticArray<i32>(16);
const ipiti = new StaticArray<i32>(16);
const rmsi = new StaticArray<f32>(16);
const rci = new StaticArray<f32>(160);
const yarc = new StaticArray<f32>(10);
const pc = new StaticArray<f32>(10);
const temp = new StaticArray<f32>(10);
const noise = new StaticArray<f32>(166);
let nout: i32 = 0;
let ratio: f32 = 0;
let g2pass: f32 = 0;

/** Synthesises 180 samples (float, full scale 1.0) from `p` into `speech`. */
export function synthesize(st: DecoderState, p: FrameParams, speech: usize): void {
  let pitch = p.pitch;
  pitch = max(min(pitch, 156), 20);
  const rc = p.rc;
  for (let i = 0; i < ORDER; i++) rc[i] = max(min(rc[i], <f32> 0.99), <f32> -0.99);
  pitsyn(st, p.voice, pitch, p.rms, rc);
  if (nout <= 0) return;
  const buf = changetype<usize>(st.buf);
  for (let j = 0; j < nout; j++) {
    irc2pc(changetype<usize>(rci) + (<usize> j * 40));
    const ip = ipiti[j];
    const out = buf + (<usize> st.buflen << 2);
    bsynz(st, ip, ivuv[j], out, rmsi[j]);
    deemp(st, out, ip);
    st.buflen += ip;
  }
  for (let i = 0; i < LFRAME; i++) sf(speech, i, lf(buf, i) / <f32> 4096);
  st.buflen -= LFRAME;
  for (let i = 0; i < st.buflen; i++) sf(buf, i, lf(buf, i + LFRAME));
}

// @ts-ignore: decorator
@inline function logF(x: f32): f64 {
  return Math.log(<f64> x);
}

// Interpolated log-area ratio of coefficient j at fraction prop between old and new.
// @ts-ignore: decorator
@inline function interpRc(old: f32, now: f32, prop: f32): f32 {
  const alro = <f32> logF((old + 1) / (1 - old));
  const alrn = <f32> logF((now + 1) / (1 - now));
  let xxy: f32 = alro + prop * (alrn - alro);
  xxy = <f32> Math.exp(<f64> xxy);
  return (xxy - 1) / (xxy + 1);
}

// pitsyn: epochs (pitch periods) for this frame with interpolated parameters.
function pitsyn(
  st: DecoderState,
  voice: StaticArray<i32>,
  pitchIn: i32,
  rmsIn: f32,
  rc: StaticArray<f32>,
): void {
  const rco = st.rco;
  let pitch = pitchIn;
  let rms = rmsIn;
  if (rms < 1) rms = 1;
  if (st.rmso < 1) st.rmso = 1;
  let uvpit: f32 = 0;
  ratio = rms / (st.rmso + 8);
  let ivoice: i32;
  if (st.firstPitsyn) {
    ivoice = voice[1];
    if (ivoice == 0) pitch = LFRAME / 4;
    nout = LFRAME / pitch;
    st.jsamp = LFRAME - nout * pitch;
    for (let i = 0; i < nout; i++) {
      for (let j = 0; j < ORDER; j++) rci[j + i * 10] = rc[j];
      ivuv[i] = ivoice;
      ipiti[i] = pitch;
      rmsi[i] = rms;
    }
    st.firstPitsyn = false;
  } else {
    let vflag = 0;
    let lsamp = LFRAME + st.jsamp;
    let slope: f32 = <f32> (pitch - st.ipito) / <f32> lsamp;
    nout = 0;
    let jused = 0;
    let istart = 1;
    if (voice[0] == st.ivoico && voice[1] == voice[0]) {
      if (voice[1] == 0) {
        pitch = LFRAME / 4;
        st.ipito = pitch;
        if (ratio > 8) st.rmso = rms;
      }
      slope = <f32> (pitch - st.ipito) / <f32> lsamp;
      ivoice = voice[1];
    } else if (st.ivoico != 1) {
      // unvoiced to voiced: two half epochs of the old parameters first
      const nl = st.ivoico == voice[0] ? lsamp - LFRAME / 4 : lsamp - LFRAME * 3 / 4;
      ipiti[0] = nl / 2;
      ipiti[1] = nl - ipiti[0];
      ivuv[0] = 0;
      ivuv[1] = 0;
      rmsi[0] = st.rmso;
      rmsi[1] = st.rmso;
      for (let i = 0; i < ORDER; i++) {
        rci[i] = rco[i];
        rci[i + 10] = rco[i];
        rco[i] = rc[i];
      }
      slope = 0;
      nout = 2;
      st.ipito = pitch;
      jused = nl;
      istart = nl + 1;
      ivoice = 1;
    } else {
      // voiced to unvoiced: finish voiced with the old coefficients, then unvoiced
      lsamp = st.ivoico != voice[0] ? LFRAME / 4 + st.jsamp : LFRAME * 3 / 4 + st.jsamp;
      for (let i = 0; i < ORDER; i++) {
        yarc[i] = rc[i];
        rc[i] = rco[i];
      }
      ivoice = 1;
      slope = 0;
      vflag = 1;
    }
    while (true) {
      for (let i = istart; i <= lsamp; i++) {
        let ip = <i32> (<f32> st.ipito + slope * <f32> i + <f32> 0.5);
        if (uvpit != 0) ip = <i32> uvpit;
        if (ip <= i - jused) {
          ipiti[nout] = ip;
          pitch = ip;
          ivuv[nout] = ivoice;
          jused += ip;
          const prop: f32 = <f32> (jused - ip / 2) / <f32> lsamp;
          for (let j = 0; j < ORDER; j++) rci[j + nout * 10] = interpRc(rco[j], rc[j], prop);
          const lo = Math.log(<f64> st.rmso);
          const r = <f32> (lo + <f64> prop * (Math.log(<f64> rms) - lo));
          rmsi[nout] = <f32> Math.exp(<f64> r);
          nout++;
        }
      }
      if (vflag != 1) break;
      vflag = 0;
      istart = jused + 1;
      lsamp = LFRAME + st.jsamp;
      slope = 0;
      ivoice = 0;
      uvpit = <f32> ((lsamp - istart) / 2);
      if (uvpit > 90) uvpit /= 2;
      st.rmso = rms;
      for (let i = 0; i < ORDER; i++) {
        rc[i] = yarc[i];
        rco[i] = yarc[i];
      }
    }
    st.jsamp = lsamp - jused;
  }
  if (nout != 0) {
    st.ivoico = voice[1];
    st.ipito = pitch;
    st.rmso = rms;
    for (let i = 0; i < ORDER; i++) rco[i] = rc[i];
  }
}

// irc2pc: reflection coefficients (10 at `rcp`) to predictor coefficients in pc,
// and the two-pass gain 0.7 * sqrt(prod(1 - rc^2)).
function irc2pc(rcp: usize): void {
  let g: f32 = 1;
  for (let i = 0; i < ORDER; i++) {
    const r = lf(rcp, i);
    g *= 1 - r * r;
  }
  g2pass = <f32> (<f64> <f32> 0.7 * Math.sqrt(<f64> g));
  pc[0] = lf(rcp, 0);
  for (let i = 2; i <= ORDER; i++) {
    const r = lf(rcp, i - 1);
    for (let j = 1; j < i; j++) temp[j - 1] = pc[j - 1] - r * pc[i - j - 1];
    for (let j = 1; j < i; j++) pc[j - 1] = temp[j - 1];
    pc[i - 1] = r;
  }
}

// random: the reference's additive lagged generator on 16-bit words.
function random(st: DecoderState): i32 {
  const y = st.ry;
  const v = <i16> (<i32> y[st.rk - 1] + <i32> y[st.rj - 1]);
  y[st.rk - 1] = v;
  if (--st.rk <= 0) st.rk = 5;
  if (--st.rj <= 0) st.rj = 5;
  return <i32> v;
}

// bsynz: one epoch of `ip` samples into `sout`.
function bsynz(st: DecoderState, ip: i32, iv: i32, sout: usize, rms: f32): void {
  const exc = changetype<usize>(st.exc);
  const exc2 = changetype<usize>(st.exc2);
  const nz = changetype<usize>(noise);
  const coef = changetype<usize>(pc);
  const xy = min(st.rmsoBsynz / (rms + <f32> 1e-6), <f32> 8);
  st.rmsoBsynz = rms;
  for (let i = 0; i < ORDER; i++) sf(exc2, i, lf(exc2, st.ipo + i) * xy);
  st.ipo = ip;
  if (iv == 0) {
    for (let i = 0; i < ip; i++) sf(exc, ORDER + i, <f32> (random(st) / 64));
    const px = (random(st) + 32768) * (ip - 1) / 65536 + ORDER + 1;
    let pulse: f32 = ratio / 4 * <f32> 1 * <f32> 342;
    if (pulse > 2e3) pulse = 2e3;
    sf(exc, px - 1, lf(exc, px - 1) + pulse);
    sf(exc, px, lf(exc, px) - pulse);
  } else {
    const sscale = <f32> (Math.sqrt(<f64> <f32> ip) / <f64> <f32> 6.928);
    for (let i = 0; i < ip; i++) {
      let e: f32 = 0;
      if (i < 25) e = sscale * <f32> unchecked(KEXC[i]);
      const lpi0 = e;
      const r2 = e * <f32> 0.125 + st.lpi1 * <f32> 0.75;
      const r1 = r2 + st.lpi2 * <f32> 0.125;
      sf(exc, ORDER + i, r1 + st.lpi3 * <f32> 0);
      st.lpi3 = st.lpi2;
      st.lpi2 = st.lpi1;
      st.lpi1 = lpi0;
    }
    for (let i = 0; i < ip; i++) {
      const n = <f32> random(st) * <f32> 1 / <f32> 64;
      const hpi0 = n;
      const r2 = n * <f32> -0.125 + st.hpi1 * <f32> 0.25;
      const r1 = r2 + st.hpi2 * <f32> -0.125;
      sf(nz, ORDER + i, r1 + st.hpi3 * <f32> 0);
      st.hpi3 = st.hpi2;
      st.hpi2 = st.hpi1;
      st.hpi1 = hpi0;
    }
    for (let i = 0; i < ip; i++) sf(exc, ORDER + i, lf(exc, ORDER + i) + lf(nz, ORDER + i));
  }
  // two passes of the synthesis filter; the first is scaled by g2pass
  let xssq: f32 = 0;
  for (let i = 1; i <= ip; i++) {
    const k = ORDER + i;
    let sum: f32 = 0;
    for (let j = 1; j <= ORDER; j++) sum += lf(coef, j - 1) * lf(exc, k - j - 1);
    sum *= g2pass;
    sf(exc2, k - 1, sum + lf(exc, k - 1));
  }
  for (let i = 1; i <= ip; i++) {
    const k = ORDER + i;
    let sum: f32 = 0;
    for (let j = 1; j <= ORDER; j++) sum += lf(coef, j - 1) * lf(exc2, k - j - 1);
    const v = sum + lf(exc2, k - 1);
    sf(exc2, k - 1, v);
    xssq += v * v;
  }
  for (let i = 0; i < ORDER; i++) {
    sf(exc, i, lf(exc, ip + i));
    sf(exc2, i, lf(exc2, ip + i));
  }
  const r1 = rms * rms;
  const ssq = r1 * <f32> ip;
  const gain = <f32> Math.sqrt(<f64> (ssq / xssq));
  for (let i = 0; i < ip; i++) sf(sout, i, gain * lf(exc2, ORDER + i));
}

// deemp: de-emphasis filter, in place on n samples.
function deemp(st: DecoderState, x: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const dei0 = lf(x, k);
    const r1 = dei0 - st.dei1 * <f32> 1.9998 + st.dei2;
    const v = r1 + st.deo1 * <f32> 2.5 - st.deo2 * <f32> 2.0925 + st.deo3 * <f32> 0.585;
    sf(x, k, v);
    st.dei2 = st.dei1;
    st.dei1 = dei0;
    st.deo3 = st.deo2;
    st.deo2 = st.deo1;
    st.deo1 = v;
  }
}
