/**
 * IPv4 and IPv6 addresses in text and in bytes: strict parsing (RFC 4291 §2.2 text forms,
 * dotted quads without leading zeros) and canonical formatting (RFC 5952).
 *
 * @example
 * ```ts
 * import { parseIp, formatIp } from "./ip_address.ts";
 * const ip = parseIp("2001:DB8:0:0:0::1");
 * formatIp(ip.bytes); // "2001:db8::1"
 * ```
 * @module
 */

import { NetError } from "./net_error.ts";

/** An IP version, as the rest of `runtime/net` names it. */
export type AddressFamily = "ipv4" | "ipv6";

/** A parsed IP address: 4 or 16 bytes in network order, and an IPv6 zone index if given. */
export interface IpAddress {
  readonly family: AddressFamily;
  readonly bytes: Uint8Array;
  /** IPv6 scope (interface index) from a numeric `%zone` suffix; 0 when absent. */
  readonly scopeId: number;
}

/** The family of a textual address, or `undefined` if it is neither (no full validation). */
export function familyOf(text: string): AddressFamily | undefined {
  if (text.includes(":")) return "ipv6";
  if (/^[0-9.]+$/.test(text)) return "ipv4";
  return undefined;
}

/** Parses a literal IPv4 or IPv6 address; throws a {@link NetError} saying what is wrong. */
export function parseIp(text: string): IpAddress {
  if (typeof text !== "string") {
    throw NetError.invalid("parse address", `expected a string, got ${typeof text}`);
  }
  if (text.includes(":")) return parseIpv6(text);
  return { family: "ipv4", bytes: parseIpv4(text), scopeId: 0 };
}

/** Parses a dotted-quad IPv4 address into 4 bytes. */
export function parseIpv4(text: string): Uint8Array {
  const parts = text.split(".");
  if (parts.length !== 4) {
    throw NetError.invalid("parse address", `"${text}" is not an IPv4 dotted quad (a.b.c.d)`);
  }
  const bytes = new Uint8Array(4);
  parts.forEach((part, i) => {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) {
      throw NetError.invalid(
        "parse address",
        `"${text}": part ${i + 1} ("${part}") is not a decimal 0..255 without leading zeros`,
      );
    }
    bytes[i] = Number(part);
  });
  return bytes;
}

/** Parses an IPv6 address, with `::` compression, a trailing dotted quad, a numeric `%zone`. */
export function parseIpv6(text: string): IpAddress {
  const bad = (why: string) => NetError.invalid("parse address", `"${text}": ${why}`);
  let body = text;
  let scopeId = 0;
  const percent = text.indexOf("%");
  if (percent >= 0) {
    const zone = text.slice(percent + 1);
    if (!/^[0-9]{1,10}$/.test(zone) || Number(zone) > 0xffffffff) {
      throw bad("the zone must be a numeric interface index (named zones are not supported)");
    }
    scopeId = Number(zone);
    body = text.slice(0, percent);
  }
  const halves = body.split("::");
  if (halves.length > 2) throw bad("'::' may appear only once");
  const compressed = halves.length === 2;
  const head = wordsToGroups(halves[0], !compressed, bad);
  const tail = compressed ? wordsToGroups(halves[1], true, bad) : [];
  const count = head.length + tail.length;
  if (!compressed && count !== 8) throw bad(`has ${count} of 8 groups`);
  if (compressed && count > 7) throw bad("'::' must stand for at least one zero group");
  const bytes = new Uint8Array(16);
  head.forEach((g, i) => writeGroup(bytes, i, g));
  tail.forEach((g, i) => writeGroup(bytes, 8 - tail.length + i, g));
  return { family: "ipv6", bytes, scopeId };
}

/** Colon-separated hex words to 16-bit groups; a dotted quad may end the address. */
function wordsToGroups(part: string, endsAddress: boolean, bad: (why: string) => Error): number[] {
  if (part === "") return [];
  const words = part.split(":");
  const groups: number[] = [];
  words.forEach((word, i) => {
    if (endsAddress && i === words.length - 1 && word.includes(".")) {
      const v4 = parseIpv4(word);
      groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(word)) {
      groups.push(parseInt(word, 16));
    } else {
      throw bad(`group "${word}" is not 1 to 4 hex digits`);
    }
  });
  return groups;
}

function writeGroup(bytes: Uint8Array, index: number, value: number): void {
  bytes[index * 2] = value >> 8;
  bytes[index * 2 + 1] = value & 0xff;
}

/** Formats 4 bytes as a dotted quad. */
export function formatIpv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/**
 * Formats 16 bytes in RFC 5952 canonical form: lower case, no leading zeros, the longest run
 * (leftmost on a tie) of two or more zero groups as `::`, and `::ffff:a.b.c.d` for
 * IPv4-mapped addresses.
 */
export function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4(bytes.subarray(12, 16))}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  const left = hex.slice(0, bestStart).join(":");
  const right = hex.slice(bestStart + bestLength).join(":");
  return `${left}::${right}`;
}

/** Formats 4 or 16 bytes as an IPv4 or IPv6 address. */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return formatIpv4(bytes);
  if (bytes.length === 16) return formatIpv6(bytes);
  throw NetError.invalid("format address", `expected 4 or 16 bytes, got ${bytes.length}`);
}

/**
 * The canonical text of a literal address, so equal addresses compare equal as strings: RFC 5952
 * for IPv6 (`2001:DB8:0::1` -> `2001:db8::1`), an IPv4-mapped IPv6 address (what a dual-stack
 * socket reports) as plain IPv4, a numeric zone kept (`fe80::1%2`). `undefined` when `text` is
 * not a literal address (a host name, garbage): callers decide what that means.
 */
export function canonicalIp(text: string): string | undefined {
  let ip: IpAddress;
  try {
    ip = parseIp(text.trim());
  } catch {
    return undefined;
  }
  const b = ip.bytes;
  if (
    ip.family === "ipv6" && b.subarray(0, 10).every((v) => v === 0) && b[10] === 0xff &&
    b[11] === 0xff
  ) {
    return formatIpv4(b.subarray(12, 16));
  }
  return ip.scopeId ? `${formatIp(b)}%${ip.scopeId}` : formatIp(b);
}

/** The unspecified ("any") address of a family: `0.0.0.0` or `::`. */
export function anyAddress(family: AddressFamily): string {
  return family === "ipv4" ? "0.0.0.0" : "::";
}
