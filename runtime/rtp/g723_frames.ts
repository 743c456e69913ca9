/**
 * G.723.1 frames in an RTP payload (RFC 3551 section 4.5.3): frames of different sizes may
 * follow each other; the two least significant bits of each frame's first octet give its
 * type and so its size.
 *
 * | bits | frame | octets |
 * | --- | --- | --- |
 * | 00 | 6.3 kbit/s speech | 24 |
 * | 01 | 5.3 kbit/s speech | 20 |
 * | 10 | SID (comfort noise) | 4 |
 * | 11 | untransmitted (G.723.1 Annex A; "reserved" in RFC 3551) | 1 |
 *
 * @example
 * ```ts
 * import { splitG723 } from "./g723_frames.ts";
 * const payload = new Uint8Array(28); // a 6.3k frame (type 00) then a SID frame
 * payload[24] = 0b10;
 * const split = splitG723(payload); // ok: frames of 24 and 4 octets, 480 samples
 * ```
 * @module
 */
import type { PayloadFrameKind, PayloadSplit } from "./payload_format.ts";
import { splitError } from "./payload_format.ts";

/** Samples in one G.723.1 frame (30 ms at 8 kHz). */
export const G723_FRAME_SAMPLES = 240;

const SIZES = [24, 20, 4, 1] as const;
const KINDS: readonly PayloadFrameKind[] = ["audio", "audio", "sid", "untransmitted"];

/** Octets of the G.723.1 frame whose first octet is `firstOctet`. */
export function g723FrameLength(firstOctet: number): number {
  return SIZES[firstOctet & 3];
}

/** Splits a G.723.1 payload into frames (views into `payload`). Never throws. */
export function splitG723(payload: Uint8Array): PayloadSplit {
  const frames = [];
  let offset = 0;
  while (offset < payload.length) {
    const type = payload[offset] & 3;
    const size = SIZES[type];
    if (offset + size > payload.length) {
      return splitError(
        "truncated-frame",
        offset,
        `frame type ${type} needs ${size} octets, ${payload.length - offset} left`,
      );
    }
    frames.push({
      data: payload.subarray(offset, offset + size),
      samples: G723_FRAME_SAMPLES,
      kind: KINDS[type],
    });
    offset += size;
  }
  return { ok: true, frames, samples: frames.length * G723_FRAME_SAMPLES };
}
