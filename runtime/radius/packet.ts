/**
 * RADIUS packets (RFC 2865 §3): parse without ever throwing, encode from fields. Signing and
 * verification are in `authenticator.ts`; this module only knows the layout.
 *
 * ```text
 * | Code (1) | Identifier (1) | Length (2, 20..4096) |
 * | Authenticator (16)                               |
 * | Type (1) | Length (1, >= 2) | Value ... | ...    |
 * ```
 *
 * @example
 * ```ts
 * import { encodePacket, parsePacket, textAttribute } from "./packet.ts";
 * const bytes = encodePacket({
 *   code: 4, identifier: 7, authenticator: new Uint8Array(16),
 *   attributes: [textAttribute(1, "4711")],
 * });
 * const parsed = parsePacket(bytes);
 * if (parsed.ok) console.log(parsed.packet.attributes.length); // 1
 * else console.log(parsed.reason, parsed.detail);
 * ```
 * @module
 */

import { attributeName, fixedValueLength } from "./dictionary.ts";

/** Header length: code, identifier, length, authenticator. */
export const HEADER_BYTES = 20;
/** Largest packet RFC 2865 allows. */
export const MAX_PACKET_BYTES = 4096;
/** Largest attribute value (the length octet counts type and length too). */
export const MAX_VALUE_BYTES = 253;

/** One attribute: its type and its raw value (a view into the packet when parsed). */
export interface RadiusAttribute {
  readonly type: number;
  readonly value: Uint8Array;
}

/** A packet's fields. */
export interface RadiusPacket {
  readonly code: number;
  /** 0-255. */
  readonly identifier: number;
  /** 16 octets. */
  readonly authenticator: Uint8Array;
  readonly attributes: readonly RadiusAttribute[];
}

/** Why a datagram is not a well-formed RADIUS packet. */
export type PacketFault =
  | "too-short"
  | "bad-length"
  | "bad-attribute-length"
  | "bad-attribute-value";

/** The outcome of {@link parsePacket}. */
export type ParseResult =
  | { readonly ok: true; readonly packet: RadiusPacket; readonly length: number }
  | { readonly ok: false; readonly reason: PacketFault; readonly detail: string };

/**
 * Reads a packet. Octets past the Length field are padding and ignored (RFC 2865 §3); a
 * datagram shorter than its Length, a Length outside 20..4096, an attribute that overruns the
 * packet or is shorter than 2, or a known fixed-size attribute of the wrong size is refused.
 */
export function parsePacket(bytes: Uint8Array): ParseResult {
  if (bytes.length < HEADER_BYTES) {
    return fault("too-short", `${bytes.length} octets, a packet has at least ${HEADER_BYTES}`);
  }
  const length = (bytes[2] << 8) | bytes[3];
  if (length < HEADER_BYTES || length > MAX_PACKET_BYTES) {
    return fault("bad-length", `Length field ${length} is outside ${HEADER_BYTES}..4096`);
  }
  if (length > bytes.length) {
    return fault("bad-length", `Length field ${length} but only ${bytes.length} octets arrived`);
  }
  const attributes: RadiusAttribute[] = [];
  let offset = HEADER_BYTES;
  while (offset < length) {
    if (offset + 2 > length) {
      return fault("bad-attribute-length", `attribute header cut off at offset ${offset}`);
    }
    const type = bytes[offset];
    const attrLength = bytes[offset + 1];
    if (attrLength < 2 || offset + attrLength > length) {
      return fault(
        "bad-attribute-length",
        `${attributeName(type)} at offset ${offset} has length ${attrLength}`,
      );
    }
    const value = bytes.subarray(offset + 2, offset + attrLength);
    const fixed = fixedValueLength(type);
    if (fixed !== null && value.length !== fixed) {
      return fault(
        "bad-attribute-value",
        `${attributeName(type)} has ${value.length} value octets, it needs ${fixed}`,
      );
    }
    attributes.push({ type, value });
    offset += attrLength;
  }
  return {
    ok: true,
    length,
    packet: {
      code: bytes[0],
      identifier: bytes[1],
      authenticator: bytes.subarray(4, 20),
      attributes,
    },
  };
}

/** Lays a packet out; throws a RangeError on values no packet can carry. */
export function encodePacket(packet: RadiusPacket): Uint8Array {
  if (packet.authenticator.length !== 16) {
    throw new RangeError(`authenticator has ${packet.authenticator.length} octets, not 16`);
  }
  checkOctet("code", packet.code);
  checkOctet("identifier", packet.identifier);
  let length = HEADER_BYTES;
  for (const attribute of packet.attributes) {
    checkOctet("attribute type", attribute.type);
    if (attribute.value.length > MAX_VALUE_BYTES) {
      throw new RangeError(
        `${attributeName(attribute.type)} value has ${attribute.value.length} octets, ` +
          `at most ${MAX_VALUE_BYTES} fit`,
      );
    }
    length += 2 + attribute.value.length;
  }
  if (length > MAX_PACKET_BYTES) {
    throw new RangeError(`packet would be ${length} octets, at most ${MAX_PACKET_BYTES}`);
  }
  const out = new Uint8Array(length);
  out[0] = packet.code;
  out[1] = packet.identifier;
  out[2] = length >> 8;
  out[3] = length & 0xff;
  out.set(packet.authenticator, 4);
  let offset = HEADER_BYTES;
  for (const attribute of packet.attributes) {
    out[offset] = attribute.type;
    out[offset + 1] = attribute.value.length + 2;
    out.set(attribute.value, offset + 2);
    offset += attribute.value.length + 2;
  }
  return out;
}

/** A text attribute (UTF-8). */
export function textAttribute(type: number, text: string): RadiusAttribute {
  return { type, value: new TextEncoder().encode(text) };
}

/** A 32-bit unsigned integer attribute. */
export function integerAttribute(type: number, value: number): RadiusAttribute {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`${attributeName(type)}: ${value} is not a 32-bit unsigned integer`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return { type, value: out };
}

/** An attribute carrying raw octets. */
export function octetsAttribute(type: number, value: Uint8Array): RadiusAttribute {
  return { type, value: value.slice() };
}

/** The first attribute of `type`, or `undefined`. */
export function findAttribute(
  packet: Pick<RadiusPacket, "attributes">,
  type: number,
): RadiusAttribute | undefined {
  return packet.attributes.find((a) => a.type === type);
}

/** The first `type` attribute read as text, or `undefined`. */
export function getText(
  packet: Pick<RadiusPacket, "attributes">,
  type: number,
): string | undefined {
  const a = findAttribute(packet, type);
  return a ? new TextDecoder().decode(a.value) : undefined;
}

/** The first `type` attribute read as a 32-bit integer, or `undefined` (also if not 4 octets). */
export function getInteger(
  packet: Pick<RadiusPacket, "attributes">,
  type: number,
): number | undefined {
  const a = findAttribute(packet, type);
  if (!a || a.value.length !== 4) return undefined;
  return new DataView(a.value.buffer, a.value.byteOffset, 4).getUint32(0);
}

function fault(reason: PacketFault, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

function checkOctet(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new RangeError(`${what} ${value} is not 0-255`);
  }
}
