/**
 * Whether an IP address can be the other end of a call: a unicast address of one host.
 * The unspecified address (`0.0.0.0`, `::`), multicast (224.0.0.0/4, ff00::/8) and the
 * IPv4 limited broadcast (255.255.255.255) name no single peer; IPv4-mapped IPv6
 * addresses are judged by their IPv4 part.
 *
 * @example
 * ```ts
 * import { notUnicastReason } from "./address_use.ts";
 * notUnicastReason("192.0.2.7"); // undefined: fine
 * notUnicastReason("::"); // "the unspecified address names no host"
 * notUnicastReason("ff02::1"); // "a multicast address names no single host"
 * ```
 * @module
 */
import { parseIp } from "./ip_address.ts";

/**
 * Why `address` (a literal) cannot be called, or `undefined` when it can. Throws a
 * `NetError` for text that is not an IP address at all.
 */
export function notUnicastReason(address: string): string | undefined {
  const { family, bytes } = parseIp(address);
  const mapped = family === "ipv6" && bytes.subarray(0, 10).every((b) => b === 0) &&
    bytes[10] === 0xff && bytes[11] === 0xff;
  const v4 = family === "ipv4" ? bytes : mapped ? bytes.subarray(12) : undefined;
  if (v4) {
    if (v4.every((b) => b === 0)) return "the unspecified address names no host";
    if (v4[0] >= 224 && v4[0] <= 239) return "a multicast address names no single host";
    if (v4.every((b) => b === 255)) return "the broadcast address names no single host";
    if (v4[0] === 0) return "0.0.0.0/8 means this network, not a host";
    return undefined;
  }
  if (bytes.every((b) => b === 0)) return "the unspecified address names no host";
  if (bytes[0] === 0xff) return "a multicast address names no single host";
  return undefined;
}
