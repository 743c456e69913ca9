// The G.726 ADPCM encoder and decoder (ITU-T G.726 section 4), sample by
// sample, in the Recommendation's fixed-point arithmetic. The state lives in
// locals for the whole block; every helper is inlined.
import { State } from "./state";
import { CODE_WORDS, QUANT } from "./tables";
import {
  COMPRESS,
  EXPAND_INTERNAL,
  EXPAND_LINE,
  lawTable,
  lineMask,
  STEP_DOWN,
  STEP_UP,
} from "./law";
import { codeBits, RATE_40 } from "./mode";

/** Sign-extends the low 16 bits (the Recommendation's 16-bit wrap-around). */
@inline function wrap16(x: i32): i32 {
  return (x << 16) >> 16;
}

@inline function clamp(x: i32, lo: i32, hi: i32): i32 {
  return min(max(x, lo), hi);
}

/** LOG: magnitude to 4-bit exponent and 7-bit mantissa, log2 in 2^-7 units. */
@inline function log2Fixed(magnitude: i32): i32 {
  const exp = 31 - clz(magnitude | 1);
  return (exp << 7) + (((magnitude << 7) >> exp) & 127);
}

/** FLOATA/FLOATB: sign and 15-bit magnitude to the 11-bit FL format. */
@inline function toFloat(negative: i32, magnitude: i32): i32 {
  const exp = 32 - clz(magnitude);
  const mant = magnitude == 0 ? 32 : (magnitude << 6) >> exp;
  return (negative << 10) | (exp << 6) | mant;
}

/** FMULT: coefficient (16-bit two's complement) times an FL value, 16-bit result. */
@inline function fmult(an: i32, fl: i32): i32 {
  const anmag = (an < 0 ? -(an >> 2) : an >> 2) & 8191;
  const anfl = <i32> load<u16>(COEFF_FLOAT + (<usize> anmag << 1));
  const wanmant = ((fl & 63) * (anfl & 63) + 48) >> 4;
  // Scale by 2^(exponents - 19): shift left 9, then right by 28 - the exponents (0..28).
  const wanmag = ((wanmant << 9) >> (28 - ((fl >> 6) & 15) - (anfl >> 6))) & 32767;
  return ((fl >> 10) ^ (an >>> 31)) != 0 ? -wanmag : wanmag;
}

// FL exponent << 6 | mantissa of every 13-bit coefficient magnitude.
function buildCoefficientFloats(): usize {
  const table = heap.alloc(8192 << 1);
  for (let m = 0; m < 8192; m++) store<u16>(table + (<usize> m << 1), <u16> toFloat(0, m));
  return table;
}

const COEFF_FLOAT: usize = buildCoefficientFloats();

// ANTILOG of every 12-bit DQL: the magnitude of DQ in the low 16 bits and its
// FL exponent << 6 | mantissa in the high 16 (DQL >= 2048 means DQ = 0).
function buildAntilog(): usize {
  const table = heap.alloc(4096 << 2);
  for (let dql = 0; dql < 4096; dql++) {
    const magnitude = dql >= 2048 ? 0 : (((dql & 127) | 128) << 7) >> (14 - (dql >> 7));
    store<i32>(table + (<usize> dql << 2), magnitude | (toFloat(0, magnitude) << 16));
  }
  return table;
}

const ANTILOG: usize = buildAntilog();

/** UPB: one sixth-order predictor coefficient update (before the trigger). */
@inline function updateB(b: i32, dqSign: i32, dqPast: i32, dqNonZero: bool, leak: i32): i32 {
  const gain = dqNonZero ? ((dqSign ^ (dqPast >> 10)) != 0 ? -128 : 128) : 0;
  return wrap16(b + gain - (b >> leak));
}

/**
 * Runs `n` samples. Encoding reads 16-bit PCM at `input` (octets 0..255 when
 * `lawIO`) and writes one codeword per byte at `output`; decoding reads one
 * codeword per byte and writes PCM. `decoding` and `lawIO` are constants at
 * every call site, so each variant compiles to its own branch-free loop.
 */
@inline function run(s: State, input: usize, output: usize, n: i32, decoding: bool, lawIO: bool): void {
  const rate = s.rate;
  const quant = changetype<usize>(QUANT) + (<usize> rate << 13);
  const codeWords = changetype<usize>(CODE_WORDS) + (<usize> (rate << 5) << 2);
  const leak = rate == RATE_40 ? 9 : 8;
  const half = 1 << (codeBits(rate) - 1);
  const law = lawTable(s.law);
  const expandLine = changetype<usize>(EXPAND_LINE) + (<usize> law << 1);
  const expandInternal = changetype<usize>(EXPAND_INTERNAL) + (<usize> law << 1);
  const compress = changetype<usize>(COMPRESS) + (<usize> law << 8);
  const stepUp = changetype<usize>(STEP_UP) + <usize> law;
  const stepDown = changetype<usize>(STEP_DOWN) + <usize> law;
  const outMask = lineMask(s.law);

  let a1 = s.a1, a2 = s.a2;
  let b1 = s.b1, b2 = s.b2, b3 = s.b3, b4 = s.b4, b5 = s.b5, b6 = s.b6;
  let dq1 = s.dq1, dq2 = s.dq2, dq3 = s.dq3, dq4 = s.dq4, dq5 = s.dq5, dq6 = s.dq6;
  let sr1 = s.sr1, sr2 = s.sr2;
  let pk1 = s.pk1, pk2 = s.pk2;
  let dms = s.dms, dml = s.dml, ap = s.ap, td = s.td;
  let yu = s.yu, yl = s.yl;

  for (let k = 0; k < n; k++) {
    // 4.2.6 signal estimate: zeros, then poles; sums wrap at 16 bits.
    const sezi = fmult(b1, dq1) + fmult(b2, dq2) + fmult(b3, dq3) +
      fmult(b4, dq4) + fmult(b5, dq5) + fmult(b6, dq6);
    const sez = (sezi << 16) >> 17;
    const se = ((sezi + fmult(a1, sr1) + fmult(a2, sr2)) << 16) >> 17;

    // 4.2.4/4.2.5 scale factor Y, mixing fast and slow by the speed control.
    const al = ap >= 256 ? 64 : ap >> 2;
    const ylShort = yl >> 6;
    const dif = yu - ylShort;
    const prod = (abs(dif) * al) >> 6;
    const y = ylShort + (dif < 0 ? -prod : prod);
    const yShift = y >> 2;

    let i: i32;
    if (decoding) {
      i = <i32> load<u8>(input + <usize> k);
    } else {
      // 4.2.1/4.2.2 difference signal and adaptive quantizer.
      const sl = lawIO
        ? <i32> load<i16>(expandLine + (<usize> load<u16>(input + (<usize> k << 1)) << 1))
        : <i32> load<i16>(input + (<usize> k << 1)) >> 2;
      const d = sl - se;
      const dln = (log2Fixed(abs(d)) - yShift) & 4095;
      i = <i32> load<u8>(quant + <usize> (((d >>> 31) << 12) | dln));
      store<u8>(output + <usize> k, <u8> i);
    }

    // 4.2.3 inverse adaptive quantizer: DQ as sign and 15-bit magnitude.
    const word = load<i32>(codeWords + (<usize> i << 2));
    const dql = ((word & 4095) + yShift) & 4095;
    const dqs = (word >> 12) & 1;
    const antilog = load<i32>(ANTILOG + (<usize> dql << 2));
    const dqMag = antilog & 0xffff;
    const dq = dqs != 0 ? -dqMag : dqMag;

    // 4.2.7 transition detector, from the previous YL and TD.
    let tr = false;
    if (td != 0) {
      const ylInt = yl >> 15;
      const threshold = ylInt > 9 ? 31744 : (((yl >> 10) & 31) + 32) << ylInt;
      tr = dqMag > ((threshold + (threshold >> 1)) >> 1);
    }

    // 4.2.5 short and long term averages of F(I).
    const fi = (word >> 13) & 7;
    dms += ((fi << 9) - dms) >> 5;
    dml += ((fi << 11) - dml) >> 7;

    // 4.2.4 scale factor adaptation.
    const yut = y + ((((word >> 16) << 5) - y) >> 5);
    yu = clamp(yut, 544, 5120);
    yl += ((yu << 6) - yl) >> 6;

    // 4.2.6 reconstructed signal and the sign of DQ + SEZ.
    const sr = wrap16(dq + se);
    const pSum = wrap16(dq + sez);
    const pk0 = pSum >>> 31;
    const sigpk = pSum == 0;

    if (decoding) {
      if (lawIO) {
        // 4.2.8 compress, then the synchronous coding adjustment: re-quantize
        // the PCM value and step it one level if the codeword would differ.
        let sp = <i32> load<u8>(compress + <usize> (sr & 0xffff));
        const dx = <i32> load<i16>(expandInternal + (<usize> sp << 1)) - se;
        const dlnx = (log2Fixed(abs(dx)) - yShift) & 4095;
        const id = <i32> load<u8>(quant + <usize> (((dx >>> 31) << 12) | dlnx)) ^ half;
        const im = i ^ half;
        if (id > im) sp = <i32> load<u8>(stepDown + <usize> sp);
        else if (id < im) sp = <i32> load<u8>(stepUp + <usize> sp);
        store<i16>(output + (<usize> k << 1), <i16> (sp ^ outMask));
      } else {
        store<i16>(output + (<usize> k << 1), <i16> clamp(sr << 2, -32768, 32767));
      }
    }

    // 4.2.6 pole predictor update (a2 then a1, each limited).
    const pks1 = pk0 ^ pk1;
    const fa1 = clamp(a1, -8191, 8191) << 2;
    const uga2 = ((pk0 ^ pk2) != 0 ? -16384 : 16384) + (pks1 != 0 ? fa1 : -fa1);
    const a2p = clamp(wrap16(a2 + (sigpk ? 0 : uga2 >> 7) - (a2 >> 7)), -12288, 12288);
    const a1t = wrap16(a1 + (sigpk ? 0 : pks1 != 0 ? -192 : 192) - (a1 >> 8));
    const a1p = clamp(a1t, a2p - 15360, 15360 - a2p);

    // 4.2.7 tone detector; 4.2.5 speed control parameter.
    const tdp = a2p < -11776 ? 1 : 0;
    const dmDiff = (dms << 2) - dml;
    const ax = y >= 1536 && abs(dmDiff) < (dml >> 3) && tdp == 0 ? 0 : 1;
    const app = ap + (((ax << 9) - ap) >> 4);

    // 4.2.6 zero predictor update against each past DQ.
    const nonZero = dqMag != 0;
    b1 = updateB(b1, dqs, dq1, nonZero, leak);
    b2 = updateB(b2, dqs, dq2, nonZero, leak);
    b3 = updateB(b3, dqs, dq3, nonZero, leak);
    b4 = updateB(b4, dqs, dq4, nonZero, leak);
    b5 = updateB(b5, dqs, dq5, nonZero, leak);
    b6 = updateB(b6, dqs, dq6, nonZero, leak);

    if (tr) {
      // A transition from a partial band signal: back to the reset predictor.
      a1 = 0;
      a2 = 0;
      b1 = 0;
      b2 = 0;
      b3 = 0;
      b4 = 0;
      b5 = 0;
      b6 = 0;
      td = 0;
      ap = 256;
    } else {
      a1 = a1p;
      a2 = a2p;
      td = tdp;
      ap = app;
    }

    dq6 = dq5;
    dq5 = dq4;
    dq4 = dq3;
    dq3 = dq2;
    dq2 = dq1;
    dq1 = (dqs << 10) | (antilog >>> 16);
    sr2 = sr1;
    sr1 = toFloat(sr >>> 31, (sr < 0 ? -sr : sr) & 32767);
    pk2 = pk1;
    pk1 = pk0;
  }

  s.a1 = a1;
  s.a2 = a2;
  s.b1 = b1;
  s.b2 = b2;
  s.b3 = b3;
  s.b4 = b4;
  s.b5 = b5;
  s.b6 = b6;
  s.dq1 = dq1;
  s.dq2 = dq2;
  s.dq3 = dq3;
  s.dq4 = dq4;
  s.dq5 = dq5;
  s.dq6 = dq6;
  s.sr1 = sr1;
  s.sr2 = sr2;
  s.pk1 = pk1;
  s.pk2 = pk2;
  s.dms = dms;
  s.dml = dml;
  s.ap = ap;
  s.td = td;
  s.yu = yu;
  s.yl = yl;
}

/** Encodes 16-bit linear PCM (14-bit uniform PCM after dropping 2 bits). */
export function encodeLinear(s: State, pcm: usize, codes: usize, n: i32): void {
  run(s, pcm, codes, n, false, false);
}

/** Encodes G.711 octets (0..255 in 16-bit words) in the state's law. */
export function encodeLaw(s: State, pcm: usize, codes: usize, n: i32): void {
  run(s, pcm, codes, n, false, true);
}

/** Decodes to 16-bit linear PCM: the reconstructed signal, no synchronous adjustment. */
export function decodeLinear(s: State, codes: usize, pcm: usize, n: i32): void {
  run(s, codes, pcm, n, true, false);
}

/** Decodes to G.711 octets with the synchronous coding adjustment. */
export function decodeLaw(s: State, codes: usize, pcm: usize, n: i32): void {
  run(s, codes, pcm, n, true, true);
}
