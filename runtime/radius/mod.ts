/**
 * RADIUS for the PSTN gateway (RFC 2865 authentication, RFC 2866 accounting, RFC 3579
 * Message-Authenticator): a packet codec that never throws on input, the shared-secret
 * cryptography, and a client with retransmission, back-off, failover and checked replies.
 *
 * Written here rather than taken from npm: the `radius` package (1.1.4) appends
 * Message-Authenticator last instead of first and accepts Access replies without one, and has
 * no client; Blast-RADIUS (CVE-2024-3596) needs both done the other way.
 *
 * @example
 * ```ts
 * import { Attribute, integerAttribute, RadiusClient, textAttribute } from "./mod.ts";
 * await using client = RadiusClient.open({
 *   servers: [{ address: "127.0.0.1", port: 1813, secret: "testing123" }],
 * });
 * await client.account([
 *   integerAttribute(Attribute.AcctStatusType, 1),
 *   textAttribute(Attribute.AcctSessionId, "gw-1"),
 * ]);
 * ```
 * @module
 */
export * from "./dictionary.ts";
export * from "./packet.ts";
export * from "./authenticator.ts";
export * from "./client.ts";
export * from "./accounting_spool.ts";
