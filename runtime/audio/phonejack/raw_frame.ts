/**
 * Coded frames between a telephony card and RTP, without transcoding. The card delivers
 * G.723.1 frames zero-padded to the full 24 (6.3 kbit/s) or 20 (5.3 kbit/s) bytes, with the
 * frame type in the two low bits of the first byte (`telephony.h`: 0 = 6.3 kbit/s, 24
 * bytes; 1 = 5.3 kbit/s, 20 bytes; 2 = SID, 4 bytes; 3 = untransmitted); RTP (RFC 3551)
 * carries only the significant bytes, and the card wants padded frames back. Mu-law,
 * A-law and linear frames pass as they are.
 *
 * @example
 * ```ts
 * import { deviceFrameFromRtpPayload, rtpPayloadFromDeviceFrame } from "./raw_frame.ts";
 * import { PhoneCodec } from "./telephony.ts";
 * declare const frame: Uint8Array; // one frame as read from the card
 * const payload = rtpPayloadFromDeviceFrame(PhoneCodec.G723_63, frame); // 24, 20, 4 or 0 bytes
 * const back = deviceFrameFromRtpPayload(PhoneCodec.G723_63, payload, 24);
 * ```
 * @module
 */
import { PhoneCodec } from "./telephony.ts";
import { g723FrameLength } from "../../rtp/g723_frames.ts";

function isG7231(codec: number): boolean {
  return codec === PhoneCodec.G723_63 || codec === PhoneCodec.G723_53;
}

/**
 * Significant bytes of the G.723.1 frame starting with `firstByte`: the frame's size on the
 * wire, except an untransmitted frame (type 3), which the card has nothing to send for.
 */
export function g7231FrameBytes(firstByte: number): number {
  return (firstByte & 3) === 3 ? 0 : g723FrameLength(firstByte);
}

/**
 * The RTP payload for one device frame: for G.723.1 the significant bytes (an empty array
 * for an untransmitted frame: send nothing), for other codecs the frame itself. Throws a
 * RangeError if a G.723.1 frame is shorter than its type says.
 */
export function rtpPayloadFromDeviceFrame(codec: number, frame: Uint8Array): Uint8Array {
  if (!isG7231(codec) || frame.length === 0) return frame;
  const bytes = g7231FrameBytes(frame[0]);
  if (frame.length < bytes) {
    throw new RangeError(
      `G.723.1 frame of type ${frame[0] & 3} needs ${bytes} bytes, got ${frame.length}`,
    );
  }
  return frame.subarray(0, bytes);
}

/**
 * The device frame for one RTP payload: zero-padded to `frameBytes`. Throws a RangeError if
 * the payload is longer than a device frame or, for G.723.1, shorter than its type says.
 */
export function deviceFrameFromRtpPayload(
  codec: number,
  payload: Uint8Array,
  frameBytes: number,
): Uint8Array<ArrayBuffer> {
  if (payload.length > frameBytes) {
    throw new RangeError(
      `payload of ${payload.length} bytes exceeds the ${frameBytes}-byte device frame`,
    );
  }
  if (isG7231(codec) && payload.length > 0 && payload.length < g7231FrameBytes(payload[0])) {
    throw new RangeError(
      `G.723.1 payload of type ${payload[0] & 3} needs ${
        g7231FrameBytes(payload[0])
      } bytes, got ${payload.length}`,
    );
  }
  const frame = new Uint8Array(frameBytes);
  frame.set(payload);
  return frame;
}
