// Pitch estimation (difmag.c, tbdm.c, dyptrk.c of the reference): average magnitude
// difference function over the 60 lags, refined around its minimum, then dynamic
// programming pitch tracking over two frames.
import { EncoderState } from "./encoder_state";
import { lf, li, sf, si } from "./mem";

/** Result of the AMDF search. */
export class AmdfResult {
  minptr: i32 = 0;
  maxptr: i32 = 0;
  mintau: i32 = 0;
}

let dMin: i32 = 0;
let dMax: i32 = 0;

// AMDF at the ltau lags of `tau` (1-based) into `amdf` (1-based); speech 1-based.
function difmag(speech: usize, lpita: i32, tau: usize, ltau: i32, maxlag: i32, amdf: usize): void {
  dMin = 1;
  dMax = 1;
  for (let i = 1; i <= ltau; i++) {
    const t = li(tau, i);
    const n1 = (maxlag - t) / 2 + 1;
    const n2 = n1 + lpita - 1;
    let sum: f32 = 0;
    for (let j = n1; j <= n2; j += 4) sum += Mathf.abs(lf(speech, j) - lf(speech, j + t));
    sf(amdf, i, sum);
    if (sum < lf(amdf, dMin)) dMin = i;
    if (sum > lf(amdf, dMax)) dMax = i;
  }
}

const tau2 = new StaticArray<i32>(6);
const amdf2 = new StaticArray<f32>(6);

/**
 * Time-domain AMDF pitch search: `speech` (1-based), `tau` and `amdf` (1-based,
 * ltau long); refines the minimum at lags between the table's and at half the lag.
 */
export function tbdm(
  speech: usize,
  lpita: i32,
  tau: usize,
  ltau: i32,
  amdf: usize,
  r: AmdfResult,
): void {
  const t2 = changetype<usize>(tau2) - 4;
  const a2 = changetype<usize>(amdf2) - 4;
  const maxlag = li(tau, ltau);
  difmag(speech, lpita, tau, ltau, maxlag, amdf);
  let minptr = dMin;
  let maxptr = dMax;
  let mintau = li(tau, minptr);
  let minamd = <i32> lf(amdf, minptr);
  let ltau2 = 0;
  let ptr = minptr - 2;
  const hi = min(mintau + 3, maxlag - 1);
  for (let i = max(mintau - 3, 41); i <= hi; i++) {
    while (li(tau, ptr) < i) ptr++;
    if (li(tau, ptr) != i) {
      ltau2++;
      si(t2, ltau2, i);
    }
  }
  if (ltau2 > 0) {
    difmag(speech, lpita, t2, ltau2, maxlag, a2);
    if (lf(a2, dMin) < <f32> minamd) {
      mintau = li(t2, dMin);
      minamd = <i32> lf(a2, dMin);
    }
  }
  if (mintau >= 80) {
    const i = mintau / 2;
    if ((i & 1) == 0) {
      ltau2 = 2;
      si(t2, 1, i - 1);
      si(t2, 2, i + 1);
    } else {
      ltau2 = 1;
      si(t2, 1, i);
    }
    difmag(speech, lpita, t2, ltau2, maxlag, a2);
    if (lf(a2, dMin) < <f32> minamd) {
      mintau = li(t2, dMin);
      minamd = <i32> lf(a2, dMin);
      minptr -= 20;
    }
  }
  sf(amdf, minptr, <f32> minamd);
  maxptr = max(minptr - 5, 1);
  const top = min(minptr + 5, ltau);
  for (let i = maxptr + 1; i <= top; i++) if (lf(amdf, i) > lf(amdf, maxptr)) maxptr = i;
  r.minptr = minptr;
  r.maxptr = maxptr;
  r.mintau = mintau;
}

/**
 * Dynamic-programming pitch tracker: `amdf` 1-based over ltau lags; returns the
 * smoothed pitch index (1-based into TAU) two half-frames back, and sets `midx`.
 */
export function dyptrk(st: EncoderState, amdf: usize, ltau: i32, minptr: i32, voice: i32): i32 {
  const s = changetype<usize>(st.s);
  const p = changetype<usize>(st.p);
  if (voice == 1) st.alphax = st.alphax * <f32> 0.75 + lf(amdf, minptr) / <f32> 2;
  else st.alphax *= <f32> 0.984375;
  let alpha = st.alphax / <f32> 16;
  if (voice == 0 && st.alphax < <f32> 128) alpha = 8;
  const iptr = st.ipoint + 1;
  si(p, iptr * 60 - 60, 1);
  let pbar = 1;
  let sbar = lf(s, 0);
  for (let i = 1; i <= ltau; i++) {
    sbar += alpha;
    if (sbar < lf(s, i - 1)) {
      sf(s, i - 1, sbar);
      si(p, i + iptr * 60 - 61, pbar);
    } else {
      sbar = lf(s, i - 1);
      si(p, i + iptr * 60 - 61, i);
      pbar = i;
    }
  }
  let i = pbar - 1;
  sbar = lf(s, i);
  while (i >= 1) {
    sbar += alpha;
    if (sbar < lf(s, i - 1)) {
      sf(s, i - 1, sbar);
      si(p, i + iptr * 60 - 61, pbar);
    } else {
      pbar = li(p, i + iptr * 60 - 61);
      i = pbar;
      sbar = lf(s, i - 1);
    }
    i--;
  }
  sf(s, 0, lf(s, 0) + lf(amdf, 1) / <f32> 2);
  let minsc = lf(s, 0);
  let maxsc = minsc;
  let midx = 1;
  for (let k = 2; k <= ltau; k++) {
    const v = lf(s, k - 1) + lf(amdf, k) / <f32> 2;
    sf(s, k - 1, v);
    if (v > maxsc) maxsc = v;
    if (v < minsc) {
      midx = k;
      minsc = v;
    }
  }
  for (let k = 1; k <= ltau; k++) sf(s, k - 1, lf(s, k - 1) - minsc);
  maxsc -= minsc;
  let j = 0;
  for (let k = 20; k <= 40; k += 10) {
    if (midx > k && lf(s, midx - k - 1) < maxsc / <f32> 4) j = k;
  }
  midx -= j;
  trackMidx = midx;
  j = st.ipoint;
  let pitch = midx;
  for (let k = 1; k <= 2; k++) {
    j = j % 2 + 1;
    pitch = li(p, pitch + j * 60 - 61);
  }
  st.ipoint = (st.ipoint + 1) % 2;
  return pitch;
}

/** MIDX of the last dyptrk call: the lag index of this frame's best path. */
export let trackMidx: i32 = 0;
