// Fixed filters of the LPC-10e analyser (hp100.c, preemp.c, lpfilt.c, ivfilt.c,
// dcbias.c, energy.c of the reference). Arrays are 1-based views, as in the reference.
import { EncoderState } from "./encoder_state";
import { lf, sf } from "./mem";

/** 100 Hz high-pass (two biquads), in place on samples 1..n of `x`. */
export function hp100(st: EncoderState, x: usize, n: i32): void {
  let z11 = st.z11, z21 = st.z21, z12 = st.z12, z22 = st.z22;
  for (let i = 1; i <= n; i++) {
    let si = lf(x, i);
    let err = si + z11 * <f32> 1.859076 - z21 * <f32> 0.8648249;
    si = err - z11 * <f32> 2 + z21;
    z21 = z11;
    z11 = err;
    err = si + z12 * <f32> 1.935715 - z22 * <f32> 0.9417004;
    si = err - z12 * <f32> 2 + z22;
    z22 = z12;
    z12 = err;
    sf(x, i, si * <f32> 0.902428);
  }
  st.z11 = z11;
  st.z21 = z21;
  st.z12 = z12;
  st.z22 = z22;
}

/** Pre-emphasis 1 - 0.9375 z^-1 of n samples; `inbuf`, `pebuf` 1-based. */
export function preemp(st: EncoderState, inbuf: usize, pebuf: usize, n: i32): void {
  const coef: f32 = 0.9375;
  for (let i = 1; i <= n; i++) {
    const t = lf(inbuf, i) - coef * st.zpre;
    st.zpre = lf(inbuf, i);
    sf(pebuf, i, t);
  }
}

/** 31-tap 800 Hz low-pass of samples len-nsamp+1..len (1-based views). */
export function lpfilt(inbuf: usize, lpbuf: usize, len: i32, nsamp: i32): void {
  for (let j = len + 1 - nsamp; j <= len; j++) {
    let t = (lf(inbuf, j) + lf(inbuf, j - 30)) * <f32> -0.0097201988;
    t += (lf(inbuf, j - 1) + lf(inbuf, j - 29)) * <f32> -0.0105179986;
    t += (lf(inbuf, j - 2) + lf(inbuf, j - 28)) * <f32> -0.0083479648;
    t += (lf(inbuf, j - 3) + lf(inbuf, j - 27)) * <f32> 5.860774e-4;
    t += (lf(inbuf, j - 4) + lf(inbuf, j - 26)) * <f32> 0.0130892089;
    t += (lf(inbuf, j - 5) + lf(inbuf, j - 25)) * <f32> 0.0217052232;
    t += (lf(inbuf, j - 6) + lf(inbuf, j - 24)) * <f32> 0.0184161253;
    t += (lf(inbuf, j - 7) + lf(inbuf, j - 23)) * <f32> 3.39723e-4;
    t += (lf(inbuf, j - 8) + lf(inbuf, j - 22)) * <f32> -0.0260797087;
    t += (lf(inbuf, j - 9) + lf(inbuf, j - 21)) * <f32> -0.0455563702;
    t += (lf(inbuf, j - 10) + lf(inbuf, j - 20)) * <f32> -0.040306855;
    t += (lf(inbuf, j - 11) + lf(inbuf, j - 19)) * <f32> 5.029835e-4;
    t += (lf(inbuf, j - 12) + lf(inbuf, j - 18)) * <f32> 0.0729262903;
    t += (lf(inbuf, j - 13) + lf(inbuf, j - 17)) * <f32> 0.1572008878;
    t += (lf(inbuf, j - 14) + lf(inbuf, j - 16)) * <f32> 0.2247288674;
    t += lf(inbuf, j - 15) * <f32> 0.250535965;
    sf(lpbuf, j, t);
  }
}

/**
 * Second-order inverse filter of the low-passed signal (on every 4th lag), giving the
 * residual the pitch search uses; `ivrc` (1-based, 2) gets its reflection coefficients.
 */
export function ivfilt(lpbuf: usize, ivbuf: usize, len: i32, nsamp: i32, ivrc: usize): void {
  let r0: f32 = 0, r1: f32 = 0, r2: f32 = 0;
  for (let i = 1; i <= 3; i++) {
    const k = (i - 1) << 2;
    let r: f32 = 0;
    for (let j = (i << 2) + len - nsamp; j <= len; j += 2) r += lf(lpbuf, j) * lf(lpbuf, j - k);
    if (i == 1) r0 = r;
    else if (i == 2) r1 = r;
    else r2 = r;
  }
  let pc1: f32 = 0, pc2: f32 = 0;
  sf(ivrc, 1, 0);
  sf(ivrc, 2, 0);
  if (r0 > <f32> 1e-10) {
    const a = r1 / r0;
    const b = (r2 - a * r1) / (r0 - a * r1);
    sf(ivrc, 1, a);
    sf(ivrc, 2, b);
    pc1 = a - a * b;
    pc2 = b;
  }
  for (let i = len + 1 - nsamp; i <= len; i++) {
    sf(ivbuf, i, lf(lpbuf, i) - pc1 * lf(lpbuf, i - 4) - pc2 * lf(lpbuf, i - 8));
  }
}

/** Removes the mean of `len` samples (0-based `x`) into `out` (0-based). */
export function dcbias(len: i32, x: usize, out: usize): void {
  let bias: f32 = 0;
  for (let i = 0; i < len; i++) bias += lf(x, i);
  bias /= <f32> len;
  for (let i = 0; i < len; i++) sf(out, i, lf(x, i) - bias);
}

/** RMS of `len` samples (0-based). */
export function energy(len: i32, x: usize): f32 {
  let e: f32 = 0;
  for (let i = 0; i < len; i++) e += lf(x, i) * lf(x, i);
  return <f32> Math.sqrt(<f64> (e / <f32> len));
}
