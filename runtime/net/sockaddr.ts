/**
 * `sockaddr_in` and `sockaddr_in6` in bytes (x86_64 Linux layouts, see `linux_abi.ts`), and
 * the {@link SocketAddress} the rest of `runtime/net` speaks.
 *
 * @example
 * ```ts
 * import { encodeSockaddr, decodeSockaddr } from "./sockaddr.ts";
 * const raw = encodeSockaddr({ address: "::1", port: 10000 }); // 28 bytes
 * decodeSockaddr(raw); // { family: "ipv6", address: "::1", port: 10000, scopeId: 0, ... }
 * ```
 * @module
 */

import { type AddressFamily, formatIpv4, formatIpv6, parseIp } from "./ip_address.ts";
import { AF_INET, AF_INET6, SIZEOF_SOCKADDR_IN, SIZEOF_SOCKADDR_IN6 } from "../sys/linux_abi.ts";
import { NetError } from "./net_error.ts";

/** An IP address and UDP port as given by a caller; the family follows from the address. */
export interface AddressInput {
  /** A literal IPv4 or IPv6 address (no host names: resolving is not this layer's job). */
  readonly address: string;
  /** 0..65535; 0 means "any" where binding. */
  readonly port: number;
  /** IPv6 interface index for link-local addresses; overrides a `%zone` in `address`. */
  readonly scopeId?: number;
}

/** A decoded socket address, always with its family and canonical text. */
export interface SocketAddress extends AddressInput {
  readonly family: AddressFamily;
  readonly scopeId: number;
  /** IPv6 flow label field as received; 0 for IPv4. */
  readonly flowInfo: number;
}

/** `"127.0.0.1:10000"` or `"[::1]:10000"`, for messages and map keys. */
export function formatSocketAddress(addr: AddressInput): string {
  const scope = addr.scopeId ? `%${addr.scopeId}` : "";
  return addr.address.includes(":")
    ? `[${addr.address}${scope}]:${addr.port}`
    : `${addr.address}:${addr.port}`;
}

/** Checks a port number, naming `operation` in the error. */
export function checkPort(port: unknown, operation: string): number {
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw NetError.invalid(operation, `port ${String(port)} is not an integer 0..65535`);
  }
  return port;
}

/** Encodes an address as the `sockaddr_in` (16 bytes) or `sockaddr_in6` (28 bytes) of its family. */
export function encodeSockaddr(addr: AddressInput, operation = "encode address"): Uint8Array {
  if (addr === null || typeof addr !== "object") {
    throw NetError.invalid(operation, `expected { address, port }, got ${String(addr)}`);
  }
  const port = checkPort(addr.port, operation);
  const ip = parseIp(addr.address);
  if (ip.family === "ipv4") {
    const raw = new Uint8Array(SIZEOF_SOCKADDR_IN);
    const view = new DataView(raw.buffer);
    view.setUint16(0, AF_INET, true);
    view.setUint16(2, port, false);
    raw.set(ip.bytes, 4);
    return raw;
  }
  const raw = new Uint8Array(SIZEOF_SOCKADDR_IN6);
  const view = new DataView(raw.buffer);
  view.setUint16(0, AF_INET6, true);
  view.setUint16(2, port, false);
  raw.set(ip.bytes, 8);
  view.setUint32(24, addr.scopeId ?? ip.scopeId, true);
  return raw;
}

/**
 * Decodes a `sockaddr_in`/`sockaddr_in6` of `length` bytes (as the kernel reported it).
 * Returns `null` for `AF_UNSPEC` or an empty name; throws on a family or length it cannot read.
 */
export function decodeSockaddr(raw: Uint8Array, length = raw.length): SocketAddress | null {
  if (length < 2) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const family = view.getUint16(0, true);
  if (family === AF_INET && length >= SIZEOF_SOCKADDR_IN) {
    return {
      family: "ipv4",
      address: formatIpv4(raw.subarray(4, 8)),
      port: view.getUint16(2, false),
      scopeId: 0,
      flowInfo: 0,
    };
  }
  if (family === AF_INET6 && length >= SIZEOF_SOCKADDR_IN6) {
    return {
      family: "ipv6",
      address: formatIpv6(raw.subarray(8, 24)),
      port: view.getUint16(2, false),
      scopeId: view.getUint32(24, true),
      flowInfo: view.getUint32(4, false),
    };
  }
  if (family === 0) return null;
  throw NetError.invalid(
    "decode address",
    `sockaddr family ${family} with length ${length} is neither sockaddr_in nor sockaddr_in6`,
  );
}

/** True when two addresses name the same IP, port and scope (text compared canonically). */
export function sameSocketAddress(a: AddressInput, b: AddressInput): boolean {
  if (a.port !== b.port) return false;
  const ia = parseIp(a.address);
  const ib = parseIp(b.address);
  return ia.bytes.length === ib.bytes.length && ia.bytes.every((v, i) => v === ib.bytes[i]) &&
    (a.scopeId ?? ia.scopeId) === (b.scopeId ?? ib.scopeId);
}
