// The adaptive (pitch) codebook, G.723.1 clauses 2.14 and 3.4: a fifth-order
// predictor over the past excitation around the pitch lag, with gain vectors from
// an 85- or 170-entry codebook.
import { L_mac, L_shl, MAX_32, round, sat16 } from "./basic_ops";
import { PITCH_MAX, PITCH_TAPS, RATE_63, SUBFRAME } from "./constants";
import { addr, ld, st } from "./mem";
import { ADAPTIVE_GAIN_170, ADAPTIVE_GAIN_85 } from "./tables_excitation";

// Entries of a gain vector: 5 gains, 5 squared gains, 10 cross products.
export const GAIN_VECTOR: i32 = 20;

// Whether the 170-entry gain codebook applies: always at 5.3 kbit/s, and at
// 6.3 kbit/s for lags of 58 and more.
// @ts-ignore: decorator
@inline export function usesLargeGainTable(rate: i32, lag: i32): bool {
  return rate != RATE_63 || lag >= SUBFRAME - 2;
}

// The gain codebook for a rate and lag.
export function gainTable(rate: i32, lag: i32): usize {
  return usesLargeGainTable(rate, lag) ? addr(ADAPTIVE_GAIN_170) : addr(ADAPTIVE_GAIN_85);
}

// The SUBFRAME + 4 past-excitation samples the predictor taps see at `lag`
// (periodically extended when the lag is shorter than the subframe). `history`
// points at the PITCH_MAX samples preceding the subframe.
export function pastExcitation(out: usize, history: usize, lag: i32): void {
  const half = PITCH_TAPS / 2;
  for (let i = 0; i < half; i++) st(out, i, ld(history, PITCH_MAX - lag - half + i));
  for (let i = 0; i < SUBFRAME + half; i++) {
    st(out, half + i, ld(history, PITCH_MAX - lag + (i % lag)));
  }
}

const taps = new StaticArray<i16>(SUBFRAME + PITCH_TAPS - 1);

// Adaptive codebook vector of a subframe at lag `lag - 1 + offset` with gain vector
// `gainIndex`, into `out` (SUBFRAME samples).
export function decodeAdaptive(
  out: usize,
  history: usize,
  lag: i32,
  offset: i32,
  gainIndex: i32,
  rate: i32,
): void {
  const past = addr(taps);
  pastExcitation(past, history, lag - 1 + offset);
  const gains = gainTable(rate, lag) + <usize>(gainIndex * GAIN_VECTOR * 2);
  // Exact plain sums when 2 * max|past| * sum|gain| cannot reach 2^31.
  let peak = 0;
  for (let i = 0; i < SUBFRAME + PITCH_TAPS - 1; i++) peak = max<i32>(peak, abs<i32>(ld(past, i)));
  let gainSum = 0;
  for (let j = 0; j < PITCH_TAPS; j++) gainSum += abs<i32>(ld(gains, j));
  if (<i64>peak * <i64>gainSum * 2 <= <i64>MAX_32) {
    // round(L_shl(2 * sum, 1)) is the 16-bit saturation of (sum + 2^13) >> 14 here.
    const g0 = ld(gains, 0);
    const g1 = ld(gains, 1);
    const g2 = ld(gains, 2);
    const g3 = ld(gains, 3);
    const g4 = ld(gains, 4);
    const v0 = i16x8.splat(<i16>g0);
    const v1 = i16x8.splat(<i16>g1);
    const v2 = i16x8.splat(<i16>g2);
    const v3 = i16x8.splat(<i16>g3);
    const v4 = i16x8.splat(<i16>g4);
    const bias = i32x4.splat(0x2000);
    let i = 0;
    for (; i + 8 <= SUBFRAME; i += 8) {
      const p = past + (<usize>i << 1);
      let x = v128.load(p);
      let lo = i32x4.extmul_low_i16x8_s(x, v0);
      let hi = i32x4.extmul_high_i16x8_s(x, v0);
      x = v128.load(p, 2);
      lo = i32x4.add(lo, i32x4.extmul_low_i16x8_s(x, v1));
      hi = i32x4.add(hi, i32x4.extmul_high_i16x8_s(x, v1));
      x = v128.load(p, 4);
      lo = i32x4.add(lo, i32x4.extmul_low_i16x8_s(x, v2));
      hi = i32x4.add(hi, i32x4.extmul_high_i16x8_s(x, v2));
      x = v128.load(p, 6);
      lo = i32x4.add(lo, i32x4.extmul_low_i16x8_s(x, v3));
      hi = i32x4.add(hi, i32x4.extmul_high_i16x8_s(x, v3));
      x = v128.load(p, 8);
      lo = i32x4.add(lo, i32x4.extmul_low_i16x8_s(x, v4));
      hi = i32x4.add(hi, i32x4.extmul_high_i16x8_s(x, v4));
      lo = i32x4.shr_s(i32x4.add(lo, bias), 14);
      hi = i32x4.shr_s(i32x4.add(hi, bias), 14);
      v128.store(out + (<usize>i << 1), i16x8.narrow_i32x4_s(lo, hi));
    }
    for (; i < SUBFRAME; i++) {
      const acc = g0 * ld(past, i) + g1 * ld(past, i + 1) + g2 * ld(past, i + 2) +
        g3 * ld(past, i + 3) + g4 * ld(past, i + 4);
      st(out, i, sat16((acc + 0x2000) >> 14));
    }
    return;
  }
  for (let i = 0; i < SUBFRAME; i++) {
    let acc = 0;
    for (let j = 0; j < PITCH_TAPS; j++) acc = L_mac(acc, ld(past, i + j), ld(gains, j));
    st(out, i, round(L_shl(acc, 1)));
  }
}
