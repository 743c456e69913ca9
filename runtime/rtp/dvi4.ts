/**
 * The DVI4 payload (RFC 3551 section 4.5.1): a 4-octet header per packet (the predicted
 * value of the first sample, 16 bits big-endian; the step-size table index, 8 bits; one
 * reserved octet, zero when sent and ignored when received), then 4-bit samples, the first
 * sample in the most significant nibble. One DVI block per packet.
 *
 * @example
 * ```ts
 * import { buildDvi4Payload, parseDvi4Header } from "./dvi4.ts";
 * const payload = buildDvi4Payload({ predicted: -2, stepIndex: 10 }, new Uint8Array(80));
 * parseDvi4Header(payload); // { ok: true, header: { predicted: -2, stepIndex: 10 } }
 * ```
 * @module
 */

/** Octets of the DVI4 header. */
export const DVI4_HEADER_BYTES = 4;
/** Highest valid index into the IMA ADPCM step-size table (89 entries). */
export const DVI4_MAX_STEP_INDEX = 88;

/** Decoder state carried at the start of each DVI4 packet. */
export interface Dvi4Header {
  /** Predicted value of the first sample, a signed 16-bit sample. */
  readonly predicted: number;
  /** Index into the step-size table, 0-88. */
  readonly stepIndex: number;
}

/** Result of {@link parseDvi4Header}. */
export type Dvi4HeaderResult =
  | { readonly ok: true; readonly header: Dvi4Header }
  | { readonly ok: false; readonly detail: string };

/** Reads the header of a DVI4 payload. Never throws. */
export function parseDvi4Header(payload: Uint8Array): Dvi4HeaderResult {
  if (payload.length < DVI4_HEADER_BYTES) {
    return { ok: false, detail: `${payload.length} octets, the DVI4 header needs 4` };
  }
  const stepIndex = payload[2];
  if (stepIndex > DVI4_MAX_STEP_INDEX) {
    return { ok: false, detail: `step index ${stepIndex} > ${DVI4_MAX_STEP_INDEX}` };
  }
  const predicted = ((payload[0] << 8) | payload[1]) << 16 >> 16;
  return { ok: true, header: { predicted, stepIndex } };
}

/** Samples in a DVI4 payload of `octets` octets (two per octet after the header). */
export function dvi4Samples(octets: number): number {
  return Math.max(0, octets - DVI4_HEADER_BYTES) * 2;
}

/**
 * Builds a DVI4 payload from a header and packed 4-bit samples (already two per octet,
 * first sample in the high nibble). Throws `RangeError` on a header out of range.
 */
export function buildDvi4Payload(header: Dvi4Header, samples: Uint8Array): Uint8Array {
  const { predicted, stepIndex } = header;
  if (!Number.isInteger(predicted) || predicted < -32768 || predicted > 32767) {
    throw new RangeError(`predicted value ${predicted} is not a 16-bit sample`);
  }
  if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex > DVI4_MAX_STEP_INDEX) {
    throw new RangeError(`step index ${stepIndex} is not in 0..${DVI4_MAX_STEP_INDEX}`);
  }
  const out = new Uint8Array(DVI4_HEADER_BYTES + samples.length);
  out[0] = (predicted >> 8) & 0xff;
  out[1] = predicted & 0xff;
  out[2] = stepIndex;
  out.set(samples, DVI4_HEADER_BYTES);
  return out;
}
