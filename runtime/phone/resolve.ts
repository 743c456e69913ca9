/**
 * Host names to addresses through the system resolver (getaddrinfo: /etc/hosts, DNS),
 * as every phone user expects `localhost` and names in /etc/hosts to work.
 * @module
 */
import { notUnicastReason } from "../net/address_use.ts";

/** Preferred IP version for names that have both. */
export type FamilyPreference = "any" | "4" | "6";

/** A host that could not be resolved. */
export class ResolveError extends Error {
  constructor(readonly host: string, reason: string) {
    super(`cannot resolve host "${host}": ${reason}`);
    this.name = "ResolveError";
  }
}

/** A host that resolves (or is) an address no call can go to: multicast, unspecified... */
export class CallTargetError extends Error {
  constructor(readonly host: string, readonly address: string, reason: string) {
    super(
      host === address
        ? `cannot call ${address}: ${reason}`
        : `cannot call "${host}" (${address}): ${reason}`,
    );
    this.name = "CallTargetError";
  }
}

/**
 * The address to call for `host`: literals as they are, names through the resolver.
 * Throws {@link ResolveError} for a name that does not resolve, {@link CallTargetError}
 * for an address that names no single host (unspecified, multicast, broadcast).
 *
 * @example
 * ```ts
 * import { resolveHost } from "./resolve.ts";
 * await resolveHost("localhost", "name", "4"); // "127.0.0.1"
 * ```
 */
export async function resolveHost(
  host: string,
  hostType: "name" | "ipv4" | "ipv6",
  family: FamilyPreference = "any",
): Promise<string> {
  let address = host;
  if (hostType === "name") {
    try {
      const options = family === "any" ? {} : { family: Number(family) as 4 | 6 };
      // Imported here, not at the top: loading any `node:` module costs start-up time.
      const { lookup } = await import("node:dns/promises");
      address = (await lookup(host, options)).address;
    } catch (e) {
      throw new ResolveError(host, (e as Error).message);
    }
  }
  const problem = notUnicastReason(address);
  if (problem) throw new CallTargetError(host, address, problem);
  return address;
}
