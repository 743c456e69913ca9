/**
 * RTP data packets (RFC 3550 section 5.1): parse without ever throwing, build from fields.
 *
 * ```text
 *  0                   1                   2                   3
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers ...         |
 * | profile-defined (16)          |   extension length in words   |  (if X)
 * | payload ...                   | padding ... | padding count   |  (if P)
 * ```
 *
 * @example
 * ```ts
 * import { buildRtpPacket, parseRtpPacket } from "./packet.ts";
 * const bytes = buildRtpPacket({
 *   payloadType: 0, sequence: 1, timestamp: 160, ssrc: 0x1234, payload: new Uint8Array(160),
 * });
 * const parsed = parseRtpPacket(bytes);
 * if (parsed.ok) console.log(parsed.packet.sequence); // 1
 * else console.log(parsed.reason, parsed.detail);
 * ```
 * @module
 */

/** RTP version carried in every packet. */
export const RTP_VERSION = 2;
/** Length of the fixed header, without CSRCs or extension. */
export const RTP_HEADER_BYTES = 12;

/** A header extension (RFC 3550 5.3.1): 16 profile-defined bits and whole 32-bit words. */
export interface RtpHeaderExtension {
  /** The 16-bit profile-defined field (for example 0xBEDE for RFC 8285 one-byte headers). */
  readonly profile: number;
  /** Extension data, a multiple of 4 octets long. */
  readonly data: Uint8Array;
}

/** A parsed RTP packet. `payload` and `extension.data` are views into the input bytes. */
export interface RtpPacket {
  readonly marker: boolean;
  /** 0-127. */
  readonly payloadType: number;
  /** 0-65535. */
  readonly sequence: number;
  /** 0-2^32-1. */
  readonly timestamp: number;
  /** 0-2^32-1. */
  readonly ssrc: number;
  /** Contributing sources, at most 15. */
  readonly csrcs: readonly number[];
  readonly extension?: RtpHeaderExtension;
  /** Payload without header and padding. */
  readonly payload: Uint8Array;
  /** Padding octets at the end, including the count octet; 0 when P is clear. */
  readonly paddingLength: number;
}

/** Why a datagram is not a valid RTP packet. */
export type RtpParseError =
  | "too-short"
  | "bad-version"
  | "csrc-past-end"
  | "extension-past-end"
  | "bad-padding";

/** Result of {@link parseRtpPacket}: a packet, or a reason with a human-readable detail. */
export type RtpParseResult =
  | { readonly ok: true; readonly packet: RtpPacket }
  | { readonly ok: false; readonly reason: RtpParseError; readonly detail: string };

function fail(reason: RtpParseError, detail: string): RtpParseResult {
  return { ok: false, reason, detail };
}

/**
 * Parses one RTP packet. Never throws: any input, however short or odd, gives either a
 * packet or a typed reason. The returned views share memory with `bytes`.
 *
 * @example
 * ```ts
 * const r = parseRtpPacket(new Uint8Array([0x80, 0x00]));
 * // { ok: false, reason: "too-short", detail: "2 octets, the fixed header needs 12" }
 * ```
 */
export function parseRtpPacket(bytes: Uint8Array): RtpParseResult {
  const n = bytes.length;
  if (n < RTP_HEADER_BYTES) {
    return fail("too-short", `${n} octets, the fixed header needs ${RTP_HEADER_BYTES}`);
  }
  const b0 = bytes[0];
  const version = b0 >> 6;
  if (version !== RTP_VERSION) return fail("bad-version", `version ${version}, expected 2`);
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);

  let offset = RTP_HEADER_BYTES + 4 * csrcCount;
  if (offset > n) {
    return fail("csrc-past-end", `${csrcCount} CSRCs need ${offset} octets, packet has ${n}`);
  }
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(view.getUint32(RTP_HEADER_BYTES + 4 * i));

  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (offset + 4 > n) {
      return fail("extension-past-end", `extension header at ${offset} past end ${n}`);
    }
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    const start = offset + 4;
    offset = start + 4 * words;
    if (offset > n) {
      return fail(
        "extension-past-end",
        `extension of ${words} words ends at ${offset}, packet ${n}`,
      );
    }
    extension = { profile, data: bytes.subarray(start, offset) };
  }

  let paddingLength = 0;
  if (hasPadding) {
    paddingLength = bytes[n - 1];
    if (paddingLength === 0) return fail("bad-padding", "padding count is 0");
    if (paddingLength > n - offset) {
      return fail(
        "bad-padding",
        `padding of ${paddingLength} exceeds ${n - offset} octets after header`,
      );
    }
  }

  return {
    ok: true,
    packet: {
      marker: (bytes[1] & 0x80) !== 0,
      payloadType: bytes[1] & 0x7f,
      sequence: view.getUint16(2),
      timestamp: view.getUint32(4),
      ssrc: view.getUint32(8),
      csrcs,
      extension,
      payload: bytes.subarray(offset, n - paddingLength),
      paddingLength,
    },
  };
}

/** Fields for {@link buildRtpPacket}. */
export interface RtpPacketInit {
  readonly marker?: boolean;
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs?: readonly number[];
  readonly extension?: RtpHeaderExtension;
  readonly payload: Uint8Array;
  /** Padding octets to append, count octet included (1-255); 0 or absent for none. */
  readonly paddingLength?: number;
}

function checkUint(name: string, value: number, max: number) {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`RTP ${name} ${value} is not an integer in 0..${max}`);
  }
}

/** Octets {@link buildRtpPacket} will produce for these fields. */
export function rtpPacketLength(init: RtpPacketInit): number {
  const csrcs = init.csrcs?.length ?? 0;
  const ext = init.extension ? 4 + init.extension.data.length : 0;
  return RTP_HEADER_BYTES + 4 * csrcs + ext + init.payload.length + (init.paddingLength ?? 0);
}

/**
 * Builds one RTP packet into a new `Uint8Array`. Fields out of range are a programming
 * error and throw a `RangeError` (received data never goes through here).
 *
 * @example
 * ```ts
 * const packet = buildRtpPacket({
 *   marker: true, payloadType: 8, sequence: 65535, timestamp: 0, ssrc: 7,
 *   payload: new Uint8Array([0xd5, 0xd5]),
 * });
 * ```
 */
export function buildRtpPacket(init: RtpPacketInit): Uint8Array {
  const csrcs = init.csrcs ?? [];
  const padding = init.paddingLength ?? 0;
  checkUint("payload type", init.payloadType, 127);
  checkUint("sequence", init.sequence, 0xffff);
  checkUint("timestamp", init.timestamp, 0xffffffff);
  checkUint("SSRC", init.ssrc, 0xffffffff);
  checkUint("padding length", padding, 255);
  if (csrcs.length > 15) throw new RangeError(`RTP carries at most 15 CSRCs, got ${csrcs.length}`);
  csrcs.forEach((c) => checkUint("CSRC", c, 0xffffffff));
  const ext = init.extension;
  if (ext) {
    checkUint("extension profile", ext.profile, 0xffff);
    if (ext.data.length % 4 !== 0 || ext.data.length > 4 * 0xffff) {
      throw new RangeError(`RTP extension data must be whole words, got ${ext.data.length} octets`);
    }
  }

  const out = new Uint8Array(rtpPacketLength(init));
  const view = new DataView(out.buffer);
  out[0] = (RTP_VERSION << 6) | (padding ? 0x20 : 0) | (ext ? 0x10 : 0) | csrcs.length;
  out[1] = (init.marker ? 0x80 : 0) | init.payloadType;
  view.setUint16(2, init.sequence);
  view.setUint32(4, init.timestamp);
  view.setUint32(8, init.ssrc);
  let offset = RTP_HEADER_BYTES;
  for (const c of csrcs) {
    view.setUint32(offset, c);
    offset += 4;
  }
  if (ext) {
    view.setUint16(offset, ext.profile);
    view.setUint16(offset + 2, ext.data.length / 4);
    out.set(ext.data, offset + 4);
    offset += 4 + ext.data.length;
  }
  out.set(init.payload, offset);
  if (padding) out[out.length - 1] = padding;
  return out;
}
