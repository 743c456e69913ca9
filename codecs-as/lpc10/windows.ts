// Onset detection and analysis-window placement (onset.c, placev.c, placea.c of the
// reference). Window arrays are [2][3] (start, end per half-frame slot) in 0-based
// storage; `w(v, k, af)` reads the reference's VWIN(k, af).
import { EncoderState } from "./encoder_state";
import { lf, li, sign1 } from "./mem";

// @ts-ignore: decorator
@inline function w(v: StaticArray<i32>, k: i32, af: i32): i32 {
  return unchecked(v[(af - 1) * 2 + k - 1]);
}

// @ts-ignore: decorator
@inline function setW(v: StaticArray<i32>, k: i32, af: i32, x: i32): void {
  unchecked(v[(af - 1) * 2 + k - 1] = x);
}

/**
 * Detects onsets in the new frame of the pre-emphasized signal (`pebuf` holds samples
 * sbufl..sbufh) from jumps of the first reflection coefficient; appends them to osbuf.
 */
export function onset(st: EncoderState, sbufl: i32, sbufh: i32, lframe: i32): void {
  const pebuf = changetype<usize>(st.pebuf) - (<usize> sbufl << 2);
  const l2buf = st.l2buf;
  const osbuf = st.osbuf;
  const oslen = 10;
  if (st.hyst) st.lasti -= lframe;
  for (let i = sbufh - lframe + 1; i <= sbufh; i++) {
    st.n = (lf(pebuf, i) * lf(pebuf, i - 1) + st.n * <f32> 63) / <f32> 64;
    const r = lf(pebuf, i - 1);
    st.d = (r * r + st.d * <f32> 63) / <f32> 64;
    if (st.d != 0) {
      if (Mathf.abs(st.n) > st.d) st.fpc = sign1(st.n);
      else st.fpc = st.n / st.d;
    }
    const l2sum2 = l2buf[st.l2ptr1 - 1];
    st.l2sum1 = st.l2sum1 - l2buf[st.l2ptr2 - 1] + st.fpc;
    l2buf[st.l2ptr2 - 1] = st.l2sum1;
    l2buf[st.l2ptr1 - 1] = st.fpc;
    st.l2ptr1 = st.l2ptr1 % 16 + 1;
    st.l2ptr2 = st.l2ptr2 % 16 + 1;
    if (Mathf.abs(st.l2sum1 - l2sum2) > <f32> 1.7) {
      if (!st.hyst) {
        if (st.osptr <= oslen) {
          osbuf[st.osptr - 1] = i - 9;
          st.osptr++;
        }
        st.hyst = true;
      }
      st.lasti = i;
    } else if (st.hyst && i - st.lasti >= 10) {
      st.hyst = false;
    }
  }
}

/** Places the voicing window of slot `af` around the onsets; sets obound[af-1]. */
export function placev(st: EncoderState, af: i32, lframe: i32): void {
  const osbuf = changetype<usize>(st.osbuf) - 4; // 1-based
  const osptr = st.osptr;
  const vwin = st.vwin;
  const minwin = 90, maxwin = 156, dvwinl = 307;
  const lrange = max(w(vwin, 2, af - 1) + 1, (af - 2) * lframe + 1);
  const hrange = af * lframe;
  let osptr1 = osptr - 1;
  for (; osptr1 >= 1; osptr1--) if (li(osbuf, osptr1) <= hrange) break;
  osptr1++;
  let obound: i32;
  if (osptr1 <= 1 || li(osbuf, osptr1 - 1) < lrange) {
    setW(vwin, 1, af, max(w(vwin, 2, af - 1) + 1, dvwinl));
    setW(vwin, 2, af, w(vwin, 1, af) + maxwin - 1);
    obound = 0;
  } else {
    let q = osptr1 - 1;
    for (; q >= 1; q--) if (li(osbuf, q) < lrange) break;
    q++;
    let crit = false;
    for (let i = q + 1; i <= osptr1 - 1; i++) {
      if (li(osbuf, i) - li(osbuf, q) >= minwin) {
        crit = true;
        break;
      }
    }
    if (!crit && li(osbuf, q) > max((af - 1) * lframe, lrange + minwin - 1)) {
      setW(vwin, 2, af, li(osbuf, q) - 1);
      setW(vwin, 1, af, max(lrange, w(vwin, 2, af) - maxwin + 1));
      obound = 2;
    } else {
      setW(vwin, 1, af, li(osbuf, q));
      obound = -1;
      while (true) {
        q++;
        if (q >= osptr1) break;
        if (li(osbuf, q) > w(vwin, 1, af) + maxwin) break;
        if (li(osbuf, q) < w(vwin, 1, af) + minwin) continue;
        setW(vwin, 2, af, li(osbuf, q) - 1);
        obound = 3;
        break;
      }
      if (obound < 0) {
        setW(vwin, 2, af, min(w(vwin, 1, af) + maxwin - 1, hrange));
        obound = 1;
      }
    }
  }
  st.obound[af - 1] = obound;
}

/**
 * Places the analysis window (awin) of slot `af` pitch-synchronously when voiced, and
 * the energy window into `ewin`.
 */
export function placea(
  st: EncoderState,
  ipitch: i32,
  af: i32,
  lframe: i32,
  ewin: StaticArray<i32>,
): void {
  const voibuf = changetype<usize>(st.voibuf) - 4; // 1-based, VOIBUF(2, 0:3)
  const vwin = st.vwin, awin = st.awin;
  const obound = st.obound[af - 1];
  const maxwin = 156;
  const lrange = (af - 2) * lframe + 1;
  const hrange = af * lframe;
  let allv = li(voibuf, ((af - 2) << 1) + 2) == 1;
  allv = allv && li(voibuf, ((af - 1) << 1) + 1) == 1;
  allv = allv && li(voibuf, ((af - 1) << 1) + 2) == 1;
  allv = allv && li(voibuf, (af << 1) + 1) == 1;
  allv = allv && li(voibuf, (af << 1) + 2) == 1;
  const winv = li(voibuf, (af << 1) + 1) == 1 || li(voibuf, (af << 1) + 2) == 1;
  let ephase: bool;
  if (allv || (winv && obound == 0)) {
    let i = (lrange + ipitch - 1 - w(awin, 1, af - 1)) / ipitch;
    i *= ipitch;
    i += w(awin, 1, af - 1);
    const l = maxwin;
    const k = (w(vwin, 1, af) + w(vwin, 2, af) + 1 - l) / 2;
    const r = <f32> (k - i) / <f32> ipitch;
    setW(awin, 1, af, i + nintLocal(r) * ipitch);
    setW(awin, 2, af, w(awin, 1, af) + l - 1);
    if (obound >= 2 && w(awin, 2, af) > w(vwin, 2, af)) shift(awin, af, -ipitch);
    if ((obound == 1 || obound == 3) && w(awin, 1, af) < w(vwin, 1, af)) {
      shift(awin, af, ipitch);
    }
    while (w(awin, 2, af) > hrange) shift(awin, af, -ipitch);
    while (w(awin, 1, af) < lrange) shift(awin, af, ipitch);
    ephase = true;
  } else {
    setW(awin, 1, af, w(vwin, 1, af));
    setW(awin, 2, af, w(vwin, 2, af));
    ephase = false;
  }
  const j = (w(awin, 2, af) - w(awin, 1, af) + 1) / ipitch * ipitch;
  if (j == 0 || !winv) {
    setW(ewin, 1, af, w(vwin, 1, af));
    setW(ewin, 2, af, w(vwin, 2, af));
  } else if (!ephase && obound == 2) {
    setW(ewin, 1, af, w(awin, 2, af) - j + 1);
    setW(ewin, 2, af, w(awin, 2, af));
  } else {
    setW(ewin, 1, af, w(awin, 1, af));
    setW(ewin, 2, af, w(awin, 1, af) + j - 1);
  }
}

function shift(awin: StaticArray<i32>, af: i32, by: i32): void {
  setW(awin, 1, af, w(awin, 1, af) + by);
  setW(awin, 2, af, w(awin, 2, af) + by);
}

function nintLocal(x: f32): i32 {
  const d = <f64> x;
  return d >= 0 ? <i32> Math.floor(d + 0.5) : -<i32> Math.floor(0.5 - d);
}
