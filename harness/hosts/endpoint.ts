/**
 * `address:port` and `[ipv6]:port` command-line arguments, for the test helper scripts.
 *
 * @example
 * ```ts
 * import { parseEndpoint } from "./endpoint.ts";
 * parseEndpoint("[fd00:99::1]:7000"); // { address: "fd00:99::1", port: 7000 }
 * ```
 * @module
 */

/** Splits `10.0.0.1:7` or `[::1]:7`; throws saying what is wrong. */
export function parseEndpoint(text: string): { address: string; port: number } {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:\[\]]+):(\d+)$/.exec(text);
  if (!match) throw new Error(`endpoint "${text}" is not address:port or [ipv6]:port`);
  const port = Number(match[2]);
  if (port > 65535) throw new Error(`endpoint "${text}": port ${port} is over 65535`);
  return { address: match[1], port };
}
