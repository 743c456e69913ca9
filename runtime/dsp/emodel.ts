/**
 * The ITU-T G.107 E-model (transmission rating R and MOS), with the packet-loss terms of
 * G.107 (2005 and later) and equipment values from ITU-T G.113 Appendix I.
 *
 * Parameter choices (as the jitter benchmark uses them): every G.107 default (SLR 8, RLR 2, STMR 15,
 * LSTR 18, Ds = Dr = 3, TELR 65, WEPL 110, qdu 1, Nc -70, Ps = Pr = 35 dB(A), A = 0);
 * the absolute delay Ta is the mouth-to-ear delay; the talker-echo delay T = Ta and the
 * listener-echo round trip Tr = 2 Ta (an end-to-end IP call with echo control);
 * G.711 with G.711 Appendix I PLC: Ie = 0, Bpl = 25.1 (G.113 Table I.3).
 * @module
 */

/** Inputs; every field but `Ta` defaults to G.107's default value. */
export interface EModelInput {
  /** Absolute one-way delay, mouth to ear (ms). */
  Ta: number;
  /** Mean one-way delay of the talker echo path (ms); default Ta. */
  T?: number;
  /** Round-trip delay of the listener echo loop (ms); default 2 Ta. */
  Tr?: number;
  /** Packet loss probability in percent. */
  Ppl?: number;
  /** Burst ratio: 1 for random loss, > 1 for bursty loss. */
  BurstR?: number;
  /** Equipment impairment of the codec. */
  Ie?: number;
  /** Packet-loss robustness of codec + PLC. */
  Bpl?: number;
  SLR?: number;
  RLR?: number;
  STMR?: number;
  LSTR?: number;
  Ds?: number;
  TELR?: number;
  WEPL?: number;
  qdu?: number;
  Nc?: number;
  Nfor?: number;
  Ps?: number;
  Pr?: number;
  A?: number;
}

/** R and its parts. */
export interface EModelResult {
  R: number;
  Ro: number;
  Is: number;
  Id: number;
  Idte: number;
  Idle: number;
  Idd: number;
  IeEff: number;
}

/** G.711 with Appendix I PLC (G.113 Appendix I). */
export const G711_WITH_PLC = { Ie: 0, Bpl: 25.1 };
/** G.711 without PLC, random loss (G.113 Appendix I). */
export const G711_WITHOUT_PLC = { Ie: 0, Bpl: 4.3 };

const log10 = Math.log10;
const pow = Math.pow;

/** Computes R per G.107 clause 7. */
export function rFactor(input: EModelInput): EModelResult {
  const SLR = input.SLR ?? 8, RLR = input.RLR ?? 2, STMR = input.STMR ?? 15;
  const Ds = input.Ds ?? 3, TELR = input.TELR ?? 65, WEPL = input.WEPL ?? 110;
  const LSTR = input.LSTR ?? 18, qdu = input.qdu ?? 1, Nc = input.Nc ?? -70;
  const Nfor = input.Nfor ?? -64, Ps = input.Ps ?? 35, Pr = input.Pr ?? 35;
  const Ta = input.Ta, T = input.T ?? Ta, Tr = input.Tr ?? 2 * Ta;
  const Ppl = input.Ppl ?? 0,
    BurstR = input.BurstR ?? 1,
    Ie = input.Ie ?? 0,
    Bpl = input.Bpl ?? 4.3;
  if (![Ta, T, Tr, Ppl, BurstR, Bpl].every(Number.isFinite) || Ta < 0 || Ppl < 0 || BurstR <= 0) {
    throw new RangeError(`E-model: delays, Ppl >= 0 and BurstR > 0 must be finite numbers`);
  }
  const OLR = SLR + RLR;

  // 7.2 Basic signal-to-noise ratio.
  const Pre = Pr + 10 * log10(1 + pow(10, (10 - LSTR) / 10));
  const Nor = RLR - 121 + Pre + 0.008 * (Pre - 35) ** 2;
  const Nos = Ps - SLR - Ds - 100 + 0.004 * (Ps - OLR - Ds - 14) ** 2;
  const Nfo = Nfor + RLR;
  const No = 10 *
    log10(pow(10, Nc / 10) + pow(10, Nos / 10) + pow(10, Nor / 10) + pow(10, Nfo / 10));
  const Ro = 15 - 1.5 * (SLR + No);

  // 7.3 Simultaneous impairments.
  const Xolr = OLR + 0.2 * (64 + No - RLR);
  const Iolr = 20 * (pow(1 + pow(Xolr / 8, 8), 1 / 8) - Xolr / 8);
  const STMRo = -10 * log10(pow(10, -STMR / 10) + Math.exp(-T / 4) * pow(10, -TELR / 10));
  const Ist = 12 * pow(1 + pow((STMRo - 13) / 6, 8), 1 / 8) -
    28 * pow(1 + pow((STMRo + 1) / 19.4, 35), 1 / 35) -
    13 * pow(1 + pow((STMRo - 3) / 33, 13), 1 / 13) + 29;
  const Q = 37 - 15 * log10(qdu);
  const G = 1.07 + 0.258 * Q + 0.0602 * Q * Q;
  const Y = (Ro - 100) / 15 + 46 / 8.4 - G / 9;
  const Z = 46 / 30 - G / 40;
  const Iq = 15 * log10(1 + pow(10, Y) + pow(10, Z));
  const Is = Iolr + Ist + Iq;

  // 7.4 Delay impairments.
  let TERV = TELR - 40 * log10((1 + T / 10) / (1 + T / 150)) + 6 * Math.exp(-0.3 * T * T);
  if (STMR < 9) TERV += Ist / 2;
  const Roe = -1.5 * (No - RLR);
  const Re = 80 + 2.5 * (TERV - 14);
  let Idte = ((Roe - Re) / 2 + Math.sqrt((Roe - Re) ** 2 / 4 + 100) - 1) * (1 - Math.exp(-T));
  if (STMR > 20) Idte = Math.sqrt(Idte * Idte + Ist * Ist);
  const Rle = 10.5 * (WEPL + 7) * pow(Tr + 1, -0.25);
  const Idle = (Ro - Rle) / 2 + Math.sqrt((Ro - Rle) ** 2 / 4 + 169);
  let Idd = 0;
  if (Ta > 100) {
    const X = log10(Ta / 100) / log10(2);
    Idd = 25 * (pow(1 + pow(X, 6), 1 / 6) - 3 * pow(1 + pow(X / 3, 6), 1 / 6) + 2);
  }
  const Id = Idte + Idle + Idd;

  // 7.5 Equipment impairment with packet loss.
  const IeEff = Ie + ((95 - Ie) * Ppl) / (Ppl / BurstR + Bpl);

  const R = Ro - Is - Id - IeEff + (input.A ?? 0);
  return { R, Ro, Is, Id, Idte, Idle, Idd, IeEff };
}

/** Estimated mean opinion score (conversational, CQE) from R, G.107 Annex B. */
export function mosFromR(R: number): number {
  if (R <= 0) return 1;
  if (R >= 100) return 4.5;
  return 1 + 0.035 * R + R * (R - 60) * (100 - R) * 7e-6;
}

/**
 * BurstR of a loss pattern (true = lost), as G.107 defines it for a 2-state Markov model:
 * 1 / (p + q) with p = P(loss | previous received), q = P(received | previous lost).
 * Random loss gives about 1; no loss gives 1.
 */
export function burstRatio(lost: boolean[]): number {
  let fromGood = 0, goodToBad = 0, fromBad = 0, badToGood = 0;
  for (let i = 1; i < lost.length; i++) {
    if (lost[i - 1]) {
      fromBad++;
      if (!lost[i]) badToGood++;
    } else {
      fromGood++;
      if (lost[i]) goodToBad++;
    }
  }
  if (goodToBad === 0 || fromBad === 0) return 1;
  const p = goodToBad / fromGood;
  const q = badToGood / fromBad;
  return q + p > 0 ? 1 / (p + q) : 1;
}
