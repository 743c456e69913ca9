/**
 * The one interface every RTP audio payload format implements, so the phone handles PCMU,
 * G.726, G.723.1, LPC-10, L16 or DVI4 alike: `split` turns a received payload into codec
 * frames (or a typed reason to drop it), `join` turns codec frames into a payload.
 *
 * @example
 * ```ts
 * import { findPayloadFormat } from "./payload_formats.ts";
 * const g723 = findPayloadFormat("G723")!;
 * const split = g723.split(new Uint8Array(44)); // first octet 0x00: a 24-octet frame, then...
 * if (!split.ok) console.log(split.reason, split.offset, split.detail);
 * ```
 * @module
 */

/** What a frame carries. */
export type PayloadFrameKind = "audio" | "sid" | "untransmitted";

/** One codec frame inside a payload. */
export interface PayloadFrame {
  /** Octets in the layout the codec module takes (a view when no conversion was needed). */
  readonly data: Uint8Array;
  /** Samples per channel this frame stands for. */
  readonly samples: number;
  readonly kind: PayloadFrameKind;
}

/** Why a payload cannot be split into frames. */
export type PayloadError = "bad-length" | "truncated-frame" | "bad-header";

/** Result of {@link PayloadFormat.split}. */
export type PayloadSplit =
  | {
    readonly ok: true;
    readonly frames: readonly PayloadFrame[];
    /** Samples per channel in the whole payload (advance of the RTP timestamp). */
    readonly samples: number;
  }
  | {
    readonly ok: false;
    readonly reason: PayloadError;
    /** Octet offset in the payload where the problem is. */
    readonly offset: number;
    readonly detail: string;
  };

/** An RTP audio payload format (RFC 3551 section 4.5 and kin). */
export interface PayloadFormat {
  /** Encoding name as in SDP and session URLs: `PCMU`, `G726-32`, `LPC10`. */
  readonly encoding: string;
  /** RTP clock rate in Hz. */
  readonly clockRate: number;
  readonly channels: number;
  /** Static payload type from RFC 3551, when the format has one at this clock rate. */
  readonly staticPayloadType?: number;
  /** Samples per frame for frame-based encodings; `undefined` for sample-based ones. */
  readonly frameSamples?: number;
  /** Splits a received payload into frames. Never throws. */
  split(payload: Uint8Array): PayloadSplit;
  /**
   * Builds a payload from codec output, oldest frame first. Throws `RangeError` when the
   * frames cannot form a valid payload of this format (a programming error).
   */
  join(frames: readonly Uint8Array[]): Uint8Array;
}

/** Shorthand for a failed split. */
export function splitError(reason: PayloadError, offset: number, detail: string): PayloadSplit {
  return { ok: false, reason, offset, detail };
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0].slice();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
