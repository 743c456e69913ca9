// Per-rate tables of G.726: the adaptive quantizer (4.2.2) as a lookup on the
// normalised log difference, and per codeword the inverse quantizer output
// (4.2.3), the scale factor multiplier W(I) (4.2.4) and F(I) (4.2.5).
// Values in the units of the Recommendation's fixed-point description.
import { codeBits } from "./mode";

// Lower bounds of |I| = 1, 2, ... for DLN, the 12-bit two's complement
// log2|d| - y, per rate (G.726 tables 1 to 4 in fixed point). Below the
// first bound |I| = 0.
const BOUNDS_16: StaticArray<i32> = [261];
const BOUNDS_24: StaticArray<i32> = [8, 218, 331];
const BOUNDS_32: StaticArray<i32> = [-124, 80, 178, 246, 300, 349, 400];
const BOUNDS_40: StaticArray<i32> = [
  -122,
  -16,
  68,
  139,
  198,
  250,
  298,
  339,
  378,
  413,
  445,
  475,
  502,
  528,
  553,
];

// Inverse quantizer DQLN per |I| (12-bit two's complement log), W(|I|) and F(|I|).
const DQLN_16: StaticArray<i32> = [116, 365];
const DQLN_24: StaticArray<i32> = [2048, 135, 273, 373];
const DQLN_32: StaticArray<i32> = [2048, 4, 135, 213, 273, 323, 373, 425];
const DQLN_40: StaticArray<i32> = [
  2048,
  4030,
  28,
  104,
  169,
  224,
  274,
  318,
  358,
  395,
  429,
  459,
  488,
  514,
  539,
  566,
];
const W_16: StaticArray<i32> = [-22, 439];
const W_24: StaticArray<i32> = [-4, 30, 137, 582];
const W_32: StaticArray<i32> = [-12, 18, 41, 64, 112, 198, 355, 1122];
const W_40: StaticArray<i32> = [
  14,
  14,
  24,
  39,
  40,
  41,
  58,
  100,
  141,
  179,
  219,
  280,
  358,
  440,
  529,
  696,
];
const F_16: StaticArray<i32> = [0, 7];
const F_24: StaticArray<i32> = [0, 1, 2, 7];
const F_32: StaticArray<i32> = [0, 0, 0, 1, 1, 1, 3, 7];
const F_40: StaticArray<i32> = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6];

function bounds(rate: i32): StaticArray<i32> {
  return rate == 0 ? BOUNDS_16 : rate == 1 ? BOUNDS_24 : rate == 2 ? BOUNDS_32 : BOUNDS_40;
}

function pick(
  rate: i32,
  a: StaticArray<i32>,
  b: StaticArray<i32>,
  c: StaticArray<i32>,
  d: StaticArray<i32>,
): StaticArray<i32> {
  return rate == 0 ? a : rate == 1 ? b : rate == 2 ? c : d;
}

/** Magnitude |I| of the codeword `code` at `rate`. */
export function codeMagnitude(rate: i32, code: i32): i32 {
  const bits = codeBits(rate);
  const signBit = 1 << (bits - 1);
  const max = (1 << bits) - 1;
  return (code & signBit) != 0 ? (max - code) & (signBit - 1) : code & (signBit - 1);
}

/** Codeword for magnitude |I| and sign; all-ones stands for |I| = 0 except at 16 kbit/s. */
function codeword(rate: i32, magnitude: i32, negative: bool): i32 {
  const max = (1 << codeBits(rate)) - 1;
  const code = negative ? max - magnitude : magnitude;
  return code == 0 && rate != 0 ? max : code;
}

// QUANT: 8192 entries per rate, indexed by (sign of d) << 12 | DLN (12-bit).
function buildQuantizer(): StaticArray<u8> {
  const table = new StaticArray<u8>(4 * 8192);
  for (let rate = 0; rate < 4; rate++) {
    const b = bounds(rate);
    for (let dln = 0; dln < 4096; dln++) {
      const value = dln >= 2048 ? dln - 4096 : dln;
      let magnitude = 0;
      while (magnitude < b.length && value >= b[magnitude]) magnitude++;
      table[(rate << 13) | dln] = <u8> codeword(rate, magnitude, false);
      table[(rate << 13) | 4096 | dln] = <u8> codeword(rate, magnitude, true);
    }
  }
  return table;
}

// Per codeword (32 slots per rate): DQLN, sign of DQ, W(I), F(I).
function buildPerCode(kind: i32): StaticArray<i32> {
  const table = new StaticArray<i32>(4 * 32);
  for (let rate = 0; rate < 4; rate++) {
    const bits = codeBits(rate);
    for (let code = 0; code < (1 << bits); code++) {
      const m = codeMagnitude(rate, code);
      let v = 0;
      if (kind == 0) v = pick(rate, DQLN_16, DQLN_24, DQLN_32, DQLN_40)[m];
      else if (kind == 1) v = code >> (bits - 1);
      else if (kind == 2) v = pick(rate, W_16, W_24, W_32, W_40)[m];
      else v = pick(rate, F_16, F_24, F_32, F_40)[m];
      table[(rate << 5) | code] = v;
    }
  }
  return table;
}

// One word per codeword, so the hot loop needs one load: DQLN in bits 0-11,
// the sign of DQ in bit 12, F(I) in bits 13-15, W(I) (signed) in bits 16-31.
function buildCodeWords(): StaticArray<i32> {
  const dqln = buildPerCode(0);
  const dqs = buildPerCode(1);
  const wi = buildPerCode(2);
  const fi = buildPerCode(3);
  const table = new StaticArray<i32>(4 * 32);
  for (let k = 0; k < 4 * 32; k++) {
    table[k] = dqln[k] | (dqs[k] << 12) | (fi[k] << 13) | (wi[k] << 16);
  }
  return table;
}

/** Quantizer output I for (sign of d) << 12 | DLN, 8192 entries per rate. */
export const QUANT: StaticArray<u8> = buildQuantizer();
/** Per codeword (32 slots per rate): DQLN | DQS << 12 | F(I) << 13 | W(I) << 16. */
export const CODE_WORDS: StaticArray<i32> = buildCodeWords();
