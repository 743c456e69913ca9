/**
 * The PSTN gateway (paper §3.2-3.3): NOTASIP calls to and from a PSTN line, with RADIUS
 * authentication, authorisation and durable accounting. See {@link PstnGateway}.
 *
 * @example
 * ```ts
 * import { isTrusted, parsePrefixes } from "./mod.ts";
 * isTrusted(parsePrefixes(["192.0.2.0/24"]), "192.0.2.9"); // true
 * ```
 * @module
 */
export * from "./pstn_gateway.ts";
export * from "./gateway_line.ts";
export * from "./digit_collector.ts";
export * from "./trusted_prefixes.ts";
