// LSP quantisation (G.723.1 clauses 2.6 and 3.2): the LSP vector minus its long-term
// mean and a first-order prediction from the previous frame is split into bands of
// 3, 3 and 4 values, each coded with an 8-bit weighted vector quantiser.
import {
  add,
  div_s,
  L_add,
  L_mac,
  L_msu,
  L_shl,
  MAX_16,
  mult_r,
  norm_s,
  shl,
  shr,
  sub,
} from "./basic_ops";
import { LPC_ORDER } from "./constants";
import { addr, copy16, ld, st } from "./mem";
import { LSP_BAND0, LSP_BAND1, LSP_BAND2, LSP_DC } from "./tables_lsp";

const PREDICTOR: i32 = 12288; // 0.375 in Q15
const PREDICTOR_ERASED: i32 = 23552; // 0.71875 in Q15, after a frame erasure
const BANDS: i32 = 3;

const weights = new StaticArray<i16>(LPC_ORDER);
const scratch = new StaticArray<i16>(4);

// @ts-ignore: decorator
@inline function dc(i: i32): i32 {
  return <i32>unchecked(LSP_DC[i]);
}

// @ts-ignore: decorator
@inline function bandStart(band: i32): i32 {
  return band * 3;
}

// @ts-ignore: decorator
@inline function bandSize(band: i32): i32 {
  return band == 2 ? 4 : 3;
}

function codebook(band: i32): usize {
  return band == 0 ? addr(LSP_BAND0) : band == 1 ? addr(LSP_BAND1) : addr(LSP_BAND2);
}

// Quantises the LSPs at `lsp` (which are overwritten by the prediction residual)
// given the previous frame's quantised LSPs; returns the 24-bit index.
export function quantizeLsp(lsp: usize, prev: usize): i32 {
  computeWeights(lsp);
  for (let i = 0; i < LPC_ORDER; i++) {
    const predicted = mult_r(sub(ld(prev, i), dc(i)), PREDICTOR);
    st(lsp, i, sub(sub(ld(lsp, i), dc(i)), predicted));
  }
  let index = 0;
  for (let band = 0; band < BANDS; band++) {
    index = L_add(L_shl(index, 8), searchBand(lsp, band));
  }
  return index;
}

// Weights: inverse of the distance to the nearest neighbour, normalised.
function computeWeights(lsp: usize): void {
  const w = addr(weights);
  st(w, 0, sub(ld(lsp, 1), ld(lsp, 0)));
  st(w, LPC_ORDER - 1, sub(ld(lsp, LPC_ORDER - 1), ld(lsp, LPC_ORDER - 2)));
  for (let i = 1; i < LPC_ORDER - 1; i++) {
    const above = sub(ld(lsp, i + 1), ld(lsp, i));
    const below = sub(ld(lsp, i), ld(lsp, i - 1));
    st(w, i, above > below ? below : above);
  }
  for (let i = 0; i < LPC_ORDER; i++) {
    const d = ld(w, i);
    st(w, i, d > 0x20 ? div_s(0x20, d) : MAX_16);
  }
  let peak = 0;
  for (let i = 0; i < LPC_ORDER; i++) if (ld(w, i) > peak) peak = ld(w, i);
  const exp = norm_s(peak);
  for (let i = 0; i < LPC_ORDER; i++) st(w, i, shl(ld(w, i), exp));
}

// Best entry of one band: maximises 2<t, w*c> - <c, w*c>, the weighted error
// without its constant part.
function searchBand(target: usize, band: i32): i32 {
  const start = bandStart(band);
  const size = bandSize(band);
  const w = addr(weights);
  const tmp = addr(scratch);
  let entry = codebook(band);
  let best = -1;
  let bestIndex = 0;
  for (let i = 0; i < 256; i++) {
    for (let j = 0; j < size; j++) st(tmp, j, mult_r(ld(w, start + j), ld(entry, j)));
    let acc = 0;
    for (let j = 0; j < size; j++) acc = L_mac(acc, ld(target, start + j), ld(tmp, j));
    acc = L_shl(acc, 1);
    for (let j = 0; j < size; j++) acc = L_msu(acc, ld(entry, j), ld(tmp, j));
    if (acc > best) {
      best = acc;
      bestIndex = i;
    }
    entry += <usize>(size << 1);
  }
  return bestIndex;
}

// Decodes the LSPs of `index` into `lsp`, predicting from `prev`. After an
// erasure (`erased`) the index is ignored, the prediction is stronger and the
// minimum spacing wider. Unstable results fall back to `prev`.
export function dequantizeLsp(lsp: usize, prev: usize, index: i32, erased: bool): void {
  let spacing = 0x100;
  let predictor = PREDICTOR;
  if (erased) {
    index = 0;
    spacing = 0x200;
    predictor = PREDICTOR_ERASED;
  }
  for (let band = BANDS - 1; band >= 0; band--) {
    const entry = codebook(band) + <usize>((index & 0xff) * bandSize(band) * 2);
    copy16(lsp + <usize>(bandStart(band) * 2), entry, bandSize(band));
    index >>= 8;
  }
  for (let j = 0; j < LPC_ORDER; j++) {
    const predicted = mult_r(sub(ld(prev, j), dc(j)), predictor);
    st(lsp, j, add(add(ld(lsp, j), predicted), dc(j)));
  }
  if (!stabilize(lsp, spacing)) copy16(lsp, prev, LPC_ORDER);
}

// Pushes neighbours apart until all are `spacing` apart (less 4); at most 10 passes.
function stabilize(lsp: usize, spacing: i32): bool {
  for (let pass = 0; pass < LPC_ORDER; pass++) {
    if (ld(lsp, 0) < 0x180) st(lsp, 0, 0x180);
    if (ld(lsp, LPC_ORDER - 1) > 0x7e00) st(lsp, LPC_ORDER - 1, 0x7e00);
    for (let j = 1; j < LPC_ORDER; j++) {
      let overlap = sub(add(spacing, ld(lsp, j - 1)), ld(lsp, j));
      if (overlap > 0) {
        overlap = shr(overlap, 1);
        st(lsp, j - 1, sub(ld(lsp, j - 1), overlap));
        st(lsp, j, add(ld(lsp, j), overlap));
      }
    }
    let stable = true;
    for (let j = 1; j < LPC_ORDER; j++) {
      if (sub(sub(add(ld(lsp, j - 1), spacing), 4), ld(lsp, j)) > 0) stable = false;
    }
    if (stable) return true;
  }
  return false;
}
