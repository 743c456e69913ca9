/**
 * RTCP packets (RFC 3550 section 6): sender report (SR, 200), receiver report (RR, 201),
 * source description (SDES, 202) and goodbye (BYE, 203), alone or in compound packets.
 * Parsing never throws; it checks the compound as in RFC 3550 Appendix A.2 (version 2,
 * lengths adding up, padding only on the last packet, an SR or RR first). Other packet
 * types (APP, feedback) are kept as raw bytes.
 *
 * @example
 * ```ts
 * import { buildRtcpCompound, parseRtcpCompound } from "./rtcp.ts";
 * const bytes = buildRtcpCompound([
 *   { type: "rr", ssrc: 0x1234, reports: [] },
 *   { type: "sdes", chunks: [{ ssrc: 0x1234, items: [{ type: 1, text: "phone@host" }] }] },
 *   { type: "bye", sources: [0x1234], reason: "hung up" },
 * ]);
 * const parsed = parseRtcpCompound(bytes); // { ok: true, packets: [...] }
 * ```
 * @module
 */

/** RTCP packet types. */
export const RTCP_TYPES = { sr: 200, rr: 201, sdes: 202, bye: 203, app: 204 } as const;

/** SDES item types (RFC 3550 6.5). */
export const SDES_ITEMS = {
  cname: 1,
  name: 2,
  email: 3,
  phone: 4,
  loc: 5,
  tool: 6,
  note: 7,
  priv: 8,
} as const;

/** One reception report block (24 octets). */
export interface ReportBlock {
  readonly ssrc: number;
  /** Fraction lost since the previous report, 0-255 (x/256). */
  readonly fractionLost: number;
  /** Cumulative packets lost, signed 24 bits. */
  readonly cumulativeLost: number;
  readonly extendedHighestSequence: number;
  /** Interarrival jitter in timestamp units. */
  readonly jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received (0 if none). */
  readonly lastSenderReport: number;
  /** Delay since that SR, in 1/65536 s (0 if none). */
  readonly delaySinceLastSenderReport: number;
}

/** Sender report. */
export interface SenderReport {
  readonly type: "sr";
  readonly ssrc: number;
  /** NTP timestamp, seconds since 1900 (mod 2^32). */
  readonly ntpSeconds: number;
  /** NTP timestamp, fraction of a second in 1/2^32. */
  readonly ntpFraction: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
  readonly reports: readonly ReportBlock[];
}

/** Receiver report. */
export interface ReceiverReport {
  readonly type: "rr";
  readonly ssrc: number;
  readonly reports: readonly ReportBlock[];
}

/** One SDES item; `text` is UTF-8 on the wire, at most 255 octets. */
export interface SdesItem {
  readonly type: number;
  readonly text: string;
}

/** Source description. */
export interface SourceDescription {
  readonly type: "sdes";
  readonly chunks: readonly { readonly ssrc: number; readonly items: readonly SdesItem[] }[];
}

/** Goodbye. */
export interface Goodbye {
  readonly type: "bye";
  readonly sources: readonly number[];
  readonly reason?: string;
}

/** Any other packet type, kept whole (header included). */
export interface OtherRtcp {
  readonly type: "other";
  readonly packetType: number;
  readonly bytes: Uint8Array;
}

/** One RTCP packet of a compound. */
export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Goodbye | OtherRtcp;

/** Why an RTCP compound packet is rejected. */
export type RtcpParseError =
  | "too-short"
  | "bad-version"
  | "bad-length"
  | "bad-padding"
  | "report-not-first"
  | "bad-count"
  | "bad-item";

/** Result of {@link parseRtcpCompound}. */
export type RtcpParseResult =
  | { readonly ok: true; readonly packets: readonly RtcpPacket[] }
  | {
    readonly ok: false;
    readonly reason: RtcpParseError;
    /** Octet offset of the packet (or field) at fault. */
    readonly offset: number;
    readonly detail: string;
  };

class Malformed {
  constructor(readonly reason: RtcpParseError, readonly offset: number, readonly detail: string) {}
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/**
 * True when a datagram looks like RTCP rather than RTP (RFC 5761 section 4: second octet
 * 192-223), for a port that receives both.
 */
export function looksLikeRtcp(datagram: Uint8Array): boolean {
  return datagram.length >= 2 && datagram[1] >= 192 && datagram[1] <= 223;
}

function reportBlocks(view: DataView, at: number, count: number): ReportBlock[] {
  const blocks = [];
  for (let i = 0; i < count; i++, at += 24) {
    blocks.push({
      ssrc: view.getUint32(at),
      fractionLost: view.getUint8(at + 4),
      cumulativeLost: (view.getUint32(at + 4) << 8) >> 8,
      extendedHighestSequence: view.getUint32(at + 8),
      jitter: view.getUint32(at + 12),
      lastSenderReport: view.getUint32(at + 16),
      delaySinceLastSenderReport: view.getUint32(at + 20),
    });
  }
  return blocks;
}

function parseSdes(
  bytes: Uint8Array,
  start: number,
  end: number,
  count: number,
): SourceDescription {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const chunks = [];
  let at = start;
  for (let c = 0; c < count; c++) {
    if (at + 4 > end) throw new Malformed("bad-item", at, "SDES chunk past the end");
    const ssrc = view.getUint32(at);
    at += 4;
    const items: SdesItem[] = [];
    for (;;) {
      if (at >= end) throw new Malformed("bad-item", at, "SDES chunk without end item");
      const type = bytes[at];
      if (type === 0) break;
      if (at + 2 > end || at + 2 + bytes[at + 1] > end) {
        throw new Malformed("bad-item", at, "SDES item past the end");
      }
      const length = bytes[at + 1];
      items.push({ type, text: utf8.decode(bytes.subarray(at + 2, at + 2 + length)) });
      at += 2 + length;
    }
    at = (at + 4) & ~3; // the null item, then pad to a word
    if (at > end) throw new Malformed("bad-item", end, "SDES chunk padding past the end");
    chunks.push({ ssrc, items });
  }
  return { type: "sdes", chunks };
}

function parseBye(bytes: Uint8Array, start: number, end: number, count: number): Goodbye {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (start + 4 * count > end) {
    throw new Malformed("bad-count", start, `${count} BYE sources past the end`);
  }
  const sources = Array.from({ length: count }, (_, i) => view.getUint32(start + 4 * i));
  const at = start + 4 * count;
  if (at >= end) return { type: "bye", sources };
  const length = bytes[at];
  if (at + 1 + length > end) throw new Malformed("bad-item", at, "BYE reason past the end");
  return { type: "bye", sources, reason: utf8.decode(bytes.subarray(at + 1, at + 1 + length)) };
}

/** Parses one packet whose body is bytes[start, end) (padding removed). */
function parseOne(bytes: Uint8Array, offset: number, end: number): RtcpPacket {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const count = bytes[offset] & 0x1f;
  const pt = bytes[offset + 1];
  const body = offset + 4;
  if (pt === RTCP_TYPES.sr || pt === RTCP_TYPES.rr) {
    const fixed = pt === RTCP_TYPES.sr ? 24 : 4;
    if (body + fixed > end) {
      throw new Malformed("bad-length", offset, "report shorter than its header");
    }
    if (body + fixed + 24 * count > end) {
      throw new Malformed("bad-count", offset, `${count} report blocks do not fit in the packet`);
    }
    const ssrc = view.getUint32(body);
    const reports = reportBlocks(view, body + fixed, count);
    if (pt === RTCP_TYPES.rr) return { type: "rr", ssrc, reports };
    return {
      type: "sr",
      ssrc,
      ntpSeconds: view.getUint32(body + 4),
      ntpFraction: view.getUint32(body + 8),
      rtpTimestamp: view.getUint32(body + 12),
      packetCount: view.getUint32(body + 16),
      octetCount: view.getUint32(body + 20),
      reports,
    };
  }
  if (pt === RTCP_TYPES.sdes) return parseSdes(bytes, body, end, count);
  if (pt === RTCP_TYPES.bye) return parseBye(bytes, body, end, count);
  return { type: "other", packetType: pt, bytes: bytes.subarray(offset, end) };
}

/** Parses an RTCP compound packet. Never throws. */
export function parseRtcpCompound(bytes: Uint8Array): RtcpParseResult {
  try {
    const packets: RtcpPacket[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      if (offset + 4 > bytes.length) {
        throw new Malformed("too-short", offset, "RTCP header needs 4 octets");
      }
      const b0 = bytes[offset];
      if (b0 >> 6 !== 2) {
        throw new Malformed("bad-version", offset, `version ${b0 >> 6}, expected 2`);
      }
      const length = 4 * (((bytes[offset + 2] << 8) | bytes[offset + 3]) + 1);
      const next = offset + length;
      if (next > bytes.length) {
        throw new Malformed("bad-length", offset, `packet of ${length} octets past the end`);
      }
      let end = next;
      if (b0 & 0x20) {
        const padding = bytes[next - 1];
        if (next !== bytes.length) {
          throw new Malformed("bad-padding", offset, "padding before the last packet");
        }
        if (padding === 0 || padding > length - 4) {
          throw new Malformed("bad-padding", next - 1, `padding count ${padding}`);
        }
        end -= padding;
      }
      const pt = bytes[offset + 1];
      if (offset === 0 && pt !== RTCP_TYPES.sr && pt !== RTCP_TYPES.rr) {
        throw new Malformed("report-not-first", 0, `first packet type ${pt}, expected SR or RR`);
      }
      packets.push(parseOne(bytes, offset, end));
      offset = next;
    }
    if (packets.length === 0) throw new Malformed("too-short", 0, "empty datagram");
    return { ok: true, packets };
  } catch (e) {
    if (e instanceof Malformed) {
      return { ok: false, reason: e.reason, offset: e.offset, detail: e.detail };
    }
    throw e;
  }
}

function checkUint(name: string, value: number, max: number) {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`RTCP ${name} ${value} is not in 0..${max}`);
  }
}

/** Growable byte writer for building packets. */
class Writer {
  bytes = new Uint8Array(256);
  length = 0;
  #ensure(n: number) {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
  u8(v: number) {
    this.#ensure(1);
    this.bytes[this.length++] = v & 0xff;
  }
  u16(v: number) {
    this.u8(v >> 8);
    this.u8(v);
  }
  u32(v: number) {
    this.u16(v >>> 16);
    this.u16(v & 0xffff);
  }
  raw(b: Uint8Array) {
    this.#ensure(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
  padToWord() {
    while (this.length % 4) this.u8(0);
  }
}

function writeBlocks(w: Writer, blocks: readonly ReportBlock[]) {
  for (const b of blocks) {
    checkUint("report SSRC", b.ssrc, 0xffffffff);
    checkUint("fraction lost", b.fractionLost, 255);
    if (!Number.isInteger(b.cumulativeLost)) {
      throw new RangeError("cumulative lost must be an integer");
    }
    // Clamp to the signed 24-bit field, as RFC 3550 6.4.1 asks.
    const lost = Math.max(-0x800000, Math.min(0x7fffff, b.cumulativeLost));
    w.u32(b.ssrc);
    w.u32(((b.fractionLost << 24) | (lost & 0xffffff)) >>> 0);
    w.u32(b.extendedHighestSequence >>> 0);
    w.u32(Math.min(0xffffffff, Math.max(0, Math.floor(b.jitter))));
    w.u32(b.lastSenderReport >>> 0);
    w.u32(b.delaySinceLastSenderReport >>> 0);
  }
}

function textBytes(text: string, what: string): Uint8Array {
  const bytes = utf8Encoder.encode(text);
  if (bytes.length > 255) throw new RangeError(`${what} longer than 255 octets`);
  return bytes;
}

function writeOne(w: Writer, p: RtcpPacket) {
  if (p.type === "other") {
    w.raw(p.bytes);
    return;
  }
  const start = w.length;
  const count = p.type === "sdes"
    ? p.chunks.length
    : p.type === "bye"
    ? p.sources.length
    : p.reports.length;
  if (count > 31) throw new RangeError(`RTCP ${p.type} holds at most 31 entries, got ${count}`);
  w.u8(0x80 | count);
  w.u8(RTCP_TYPES[p.type]);
  w.u16(0); // length, filled in below
  switch (p.type) {
    case "sr":
    case "rr":
      checkUint("SSRC", p.ssrc, 0xffffffff);
      w.u32(p.ssrc);
      if (p.type === "sr") {
        w.u32(p.ntpSeconds >>> 0);
        w.u32(p.ntpFraction >>> 0);
        w.u32(p.rtpTimestamp >>> 0);
        w.u32(p.packetCount >>> 0);
        w.u32(p.octetCount >>> 0);
      }
      writeBlocks(w, p.reports);
      break;
    case "sdes":
      for (const chunk of p.chunks) {
        w.u32(chunk.ssrc >>> 0);
        for (const item of chunk.items) {
          checkUint("SDES item type", item.type, 255);
          if (item.type === 0) throw new RangeError("SDES item type 0 is the end marker");
          const text = textBytes(item.text, "SDES item");
          w.u8(item.type);
          w.u8(text.length);
          w.raw(text);
        }
        w.u8(0);
        w.padToWord();
      }
      break;
    case "bye":
      p.sources.forEach((s) => w.u32(s >>> 0));
      if (p.reason !== undefined) {
        const text = textBytes(p.reason, "BYE reason");
        w.u8(text.length);
        w.raw(text);
      }
      w.padToWord();
      break;
  }
  const words = (w.length - start) / 4 - 1;
  w.bytes[start + 2] = words >> 8;
  w.bytes[start + 3] = words & 0xff;
}

/**
 * Builds a compound RTCP packet from its parts, in order (RFC 3550 wants an SR or RR first
 * and an SDES with a CNAME in every compound; the caller chooses). Throws `RangeError` on
 * fields out of range.
 */
export function buildRtcpCompound(packets: readonly RtcpPacket[]): Uint8Array {
  const w = new Writer();
  for (const p of packets) writeOne(w, p);
  return w.bytes.slice(0, w.length);
}

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET = 2208988800;

/** NTP timestamp (seconds mod 2^32, fraction) for a Unix time in milliseconds. */
export function ntpFromUnixMs(ms: number): { ntpSeconds: number; ntpFraction: number } {
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 2 ** 32);
  return { ntpSeconds: (seconds + NTP_UNIX_OFFSET) >>> 0, ntpFraction: fraction >>> 0 };
}

/** The middle 32 bits of an NTP timestamp, as report blocks quote the last SR. */
export function ntpMiddle(ntpSeconds: number, ntpFraction: number): number {
  return (((ntpSeconds & 0xffff) << 16) | (ntpFraction >>> 16)) >>> 0;
}
