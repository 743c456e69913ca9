/**
 * Trusted source prefixes (CIDR, IPv4 and IPv6): the POTS model of the paper, where the bill
 * goes to whoever holds the caller's address. IPv4-mapped IPv6 addresses match IPv4 prefixes.
 *
 * @example
 * ```ts
 * import { parsePrefixes, isTrusted } from "./trusted_prefixes.ts";
 * const trusted = parsePrefixes(["192.0.2.0/24", "2001:db8::/32"]);
 * isTrusted(trusted, "192.0.2.7"); // true
 * isTrusted(trusted, "::ffff:192.0.2.7"); // true
 * ```
 * @module
 */

import { parseIp } from "../net/ip_address.ts";

/** One parsed prefix. */
export interface Prefix {
  readonly text: string;
  readonly bytes: Uint8Array;
  readonly bits: number;
}

/** Parses `a.b.c.d/n` or `x::/n` (a bare address is a /32 or /128); throws naming the bad one. */
export function parsePrefixes(texts: readonly string[]): Prefix[] {
  return texts.map((text) => {
    const [address, length] = text.trim().split("/");
    let ip;
    try {
      ip = parseIp(address);
    } catch (e) {
      throw new RangeError(`trusted prefix "${text}": ${(e as Error).message}`);
    }
    const max = ip.bytes.length * 8;
    const bits = length === undefined ? max : Number(length);
    if (
      !Number.isInteger(bits) || bits < 0 || bits > max ||
      (length !== undefined && !/^\d+$/.test(length))
    ) {
      throw new RangeError(`trusted prefix "${text}": prefix length must be 0-${max}`);
    }
    return { text, bytes: ip.bytes, bits };
  });
}

/** Whether `address` lies in one of `prefixes`. */
export function isTrusted(prefixes: readonly Prefix[], address: string): boolean {
  let bytes: Uint8Array;
  try {
    bytes = parseIp(address.replace(/%.*$/, "")).bytes;
  } catch {
    return false;
  }
  const mapped = bytes.length === 16 && bytes.subarray(0, 10).every((b) => b === 0) &&
    bytes[10] === 0xff && bytes[11] === 0xff;
  return prefixes.some((p) => {
    const candidate = p.bytes.length === 4 && mapped ? bytes.subarray(12) : bytes;
    if (candidate.length !== p.bytes.length) return false;
    const whole = p.bits >> 3;
    for (let i = 0; i < whole; i++) if (candidate[i] !== p.bytes[i]) return false;
    const rest = p.bits & 7;
    if (rest === 0) return true;
    const mask = (0xff << (8 - rest)) & 0xff;
    return (candidate[whole] & mask) === (p.bytes[whole] & mask);
  });
}
