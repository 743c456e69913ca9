/**
 * Static RTP payload types for audio (RFC 3551 section 6, Table 4). Everything else
 * (G.726, L16 at 8 kHz, LPC-10, telephone-event) takes a dynamic type, 96-127, named in
 * the session URL.
 *
 * @example
 * ```ts
 * import { staticPayloadType, staticPayloadTypeOf } from "./static_payload_types.ts";
 * staticPayloadType(5); // { encoding: "DVI4", clockRate: 8000, channels: 1 }
 * staticPayloadTypeOf("pcma", 8000); // 8
 * ```
 * @module
 */

/** What a static payload type stands for. */
export interface StaticPayloadType {
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels: number;
}

/** First and last dynamic payload type (RFC 3551 section 3). */
export const DYNAMIC_PAYLOAD_TYPES = { first: 96, last: 127 } as const;

const TABLE: ReadonlyMap<number, StaticPayloadType> = new Map([
  [0, { encoding: "PCMU", clockRate: 8000, channels: 1 }],
  [3, { encoding: "GSM", clockRate: 8000, channels: 1 }],
  [4, { encoding: "G723", clockRate: 8000, channels: 1 }],
  [5, { encoding: "DVI4", clockRate: 8000, channels: 1 }],
  [6, { encoding: "DVI4", clockRate: 16000, channels: 1 }],
  // RFC 3551's own experimental LPC (not LPC-10, which needs a dynamic type).
  [7, { encoding: "LPC", clockRate: 8000, channels: 1 }],
  [8, { encoding: "PCMA", clockRate: 8000, channels: 1 }],
  [9, { encoding: "G722", clockRate: 8000, channels: 1 }],
  [10, { encoding: "L16", clockRate: 44100, channels: 2 }],
  [11, { encoding: "L16", clockRate: 44100, channels: 1 }],
  [12, { encoding: "QCELP", clockRate: 8000, channels: 1 }],
  [13, { encoding: "CN", clockRate: 8000, channels: 1 }],
  [14, { encoding: "MPA", clockRate: 90000, channels: 1 }],
  [15, { encoding: "G728", clockRate: 8000, channels: 1 }],
  [16, { encoding: "DVI4", clockRate: 11025, channels: 1 }],
  [17, { encoding: "DVI4", clockRate: 22050, channels: 1 }],
  [18, { encoding: "G729", clockRate: 8000, channels: 1 }],
]);

/** The static audio payload type `payloadType`, or `undefined` if it is not one. */
export function staticPayloadType(payloadType: number): StaticPayloadType | undefined {
  return TABLE.get(payloadType);
}

/**
 * The static payload type of an encoding (any case) at a clock rate and channel count, or
 * `undefined` when it has none and needs a dynamic type.
 */
export function staticPayloadTypeOf(
  encoding: string,
  clockRate: number,
  channels = 1,
): number | undefined {
  const name = encoding.toUpperCase();
  for (const [pt, t] of TABLE) {
    if (t.encoding === name && t.clockRate === clockRate && t.channels === channels) return pt;
  }
  return undefined;
}
