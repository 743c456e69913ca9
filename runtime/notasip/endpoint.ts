/**
 * UDP endpoints (address + port) as NOTASIP compares them: the network layer's address type,
 * compared in canonical form.
 *
 * @example
 * ```ts
 * import { sameEndpoint } from "./endpoint.ts";
 * sameEndpoint({ address: "::ffff:10.0.0.1", port: 10000 }, { address: "10.0.0.1", port: 10000 }); // true
 * ```
 * @module
 */

import { canonicalIp } from "../net/ip_address.ts";
import type { AddressInput } from "../net/sockaddr.ts";

/** An IP address (dotted quad or IPv6 text) and a UDP port: the network layer's address. */
export type Endpoint = AddressInput;

/** The ICMP errors NOTASIP tells apart (RFC 792 type 3 codes 0-3 and their ICMPv6 kin). */
export type IcmpKind =
  | "port-unreachable"
  | "protocol-unreachable"
  | "host-unreachable"
  | "net-unreachable";

/** Every {@link IcmpKind}, for validation. */
export const ICMP_KINDS: readonly IcmpKind[] = [
  "port-unreachable",
  "protocol-unreachable",
  "host-unreachable",
  "net-unreachable",
];

/**
 * True for the ICMP errors that end a call (-04 §7: "ICMP port or protocol unreachable");
 * host and network unreachable are soft errors.
 */
export function isHardIcmp(kind: IcmpKind): boolean {
  return kind === "port-unreachable" || kind === "protocol-unreachable";
}

/**
 * The canonical text of an address: RFC 5952 for IPv6 (`2001:DB8:0::1` is `2001:db8::1`), and an
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, what a dual-stack socket reports) as plain IPv4.
 * Text that is not a literal address is only trimmed and lower-cased.
 */
export function normalizeAddress(address: string): string {
  return canonicalIp(address) ?? address.trim().toLowerCase();
}

/** True when two addresses name the same host address. */
export function sameAddress(a: string, b: string): boolean {
  return normalizeAddress(a) === normalizeAddress(b);
}

/** True when two endpoints have the same address and port. */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.port === b.port && sameAddress(a.address, b.address);
}

/** A string key for maps: `10.0.0.1:10000`, `[2001:db8::1]:10000`. */
export function endpointKey(e: Endpoint): string {
  const address = normalizeAddress(e.address);
  return address.includes(":") ? `[${address}]:${e.port}` : `${address}:${e.port}`;
}

/** True when the address is a wildcard (`0.0.0.0`, `::` or empty): "any local address". */
export function isWildcardAddress(address: string): boolean {
  const a = normalizeAddress(address);
  return a === "" || a === "0.0.0.0" || a === "::";
}

/**
 * Throws a `RangeError` naming `what` unless `port` is an integer in `min..65535`.
 * @returns the port, for chaining.
 */
export function checkPort(port: number, what: string, min = 1): number {
  if (!Number.isInteger(port) || port < min || port > 65535) {
    throw new RangeError(`${what}: port must be an integer ${min}..65535, got ${port}`);
  }
  return port;
}

/**
 * Throws a `TypeError`/`RangeError` naming `what` unless `e` is a usable endpoint
 * (non-empty address, port 1..65535).
 */
export function checkEndpoint(e: Endpoint, what: string): Endpoint {
  if (typeof e !== "object" || e === null || typeof e.address !== "string" || !e.address.trim()) {
    throw new TypeError(`${what}: expected {address, port} with a non-empty address`);
  }
  checkPort(e.port, what);
  return e;
}
