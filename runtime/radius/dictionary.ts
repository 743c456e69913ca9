/**
 * RADIUS numbers the gateway uses: packet codes (RFC 2865 §3, RFC 2866 §3), attribute types
 * (RFC 2865 §5, RFC 2866 §5, RFC 2869 §5, RFC 3162) and the enumerated values of the attributes
 * it sends. Only what a PSTN gateway needs; other attributes pass through as raw octets.
 *
 * @example
 * ```ts
 * import { Attribute, attributeName, RadiusCode } from "./dictionary.ts";
 * attributeName(Attribute.CalledStationId); // "Called-Station-Id"
 * RadiusCode.AccessAccept; // 2
 * ```
 * @module
 */

/** Packet codes. */
export const RadiusCode = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
} as const;

/** Attribute types. */
export const Attribute = {
  UserName: 1,
  UserPassword: 2,
  NasIpAddress: 4,
  NasPort: 5,
  ServiceType: 6,
  ReplyMessage: 18,
  State: 24,
  Class: 25,
  SessionTimeout: 27,
  CalledStationId: 30,
  CallingStationId: 31,
  NasIdentifier: 32,
  ProxyState: 33,
  AcctStatusType: 40,
  AcctDelayTime: 41,
  AcctInputOctets: 42,
  AcctOutputOctets: 43,
  AcctSessionId: 44,
  AcctSessionTime: 46,
  AcctInputPackets: 47,
  AcctOutputPackets: 48,
  AcctTerminateCause: 49,
  EventTimestamp: 55,
  NasPortType: 61,
  MessageAuthenticator: 80,
  NasIpv6Address: 95,
} as const;

/** How an attribute's value is laid out. */
export type AttributeKind = "text" | "octets" | "integer" | "ipv4" | "ipv6" | "authenticator";

const KINDS: Record<number, readonly [string, AttributeKind]> = {
  1: ["User-Name", "text"],
  2: ["User-Password", "octets"],
  4: ["NAS-IP-Address", "ipv4"],
  5: ["NAS-Port", "integer"],
  6: ["Service-Type", "integer"],
  18: ["Reply-Message", "text"],
  24: ["State", "octets"],
  25: ["Class", "octets"],
  27: ["Session-Timeout", "integer"],
  30: ["Called-Station-Id", "text"],
  31: ["Calling-Station-Id", "text"],
  32: ["NAS-Identifier", "text"],
  33: ["Proxy-State", "octets"],
  40: ["Acct-Status-Type", "integer"],
  41: ["Acct-Delay-Time", "integer"],
  42: ["Acct-Input-Octets", "integer"],
  43: ["Acct-Output-Octets", "integer"],
  44: ["Acct-Session-Id", "text"],
  46: ["Acct-Session-Time", "integer"],
  47: ["Acct-Input-Packets", "integer"],
  48: ["Acct-Output-Packets", "integer"],
  49: ["Acct-Terminate-Cause", "integer"],
  55: ["Event-Timestamp", "integer"],
  61: ["NAS-Port-Type", "integer"],
  80: ["Message-Authenticator", "authenticator"],
  95: ["NAS-IPv6-Address", "ipv6"],
};

/** The dictionary name of an attribute type, or `Attribute-N` for one this module does not know. */
export function attributeName(type: number): string {
  return KINDS[type]?.[0] ?? `Attribute-${type}`;
}

/** The value layout of a known attribute type; `"octets"` for unknown ones. */
export function attributeKind(type: number): AttributeKind {
  return KINDS[type]?.[1] ?? "octets";
}

/** The value length a fixed-size attribute must have, or `null` for variable ones. */
export function fixedValueLength(type: number): number | null {
  switch (attributeKind(type)) {
    case "integer":
    case "ipv4":
      return 4;
    case "ipv6":
      return 16;
    case "authenticator":
      return 16;
    default:
      return null;
  }
}

/** Service-Type values (RFC 2865 §5.6). */
export const ServiceType = {
  Login: 1,
  Framed: 2,
  CallbackLogin: 3,
  Outbound: 5,
  AuthenticateOnly: 8,
  CallCheck: 10,
} as const;

/** NAS-Port-Type values (RFC 2865 §5.41). */
export const NasPortType = {
  Async: 0,
  Sync: 1,
  IsdnSync: 2,
  Virtual: 5,
} as const;

/** Acct-Status-Type values (RFC 2866 §5.1). */
export const AcctStatusType = {
  Start: 1,
  Stop: 2,
  InterimUpdate: 3,
  AccountingOn: 7,
  AccountingOff: 8,
} as const;

/** Acct-Terminate-Cause values (RFC 2866 §5.10). */
export const AcctTerminateCause = {
  UserRequest: 1,
  LostCarrier: 2,
  LostService: 3,
  IdleTimeout: 4,
  SessionTimeout: 5,
  AdminReset: 6,
  AdminReboot: 7,
  PortError: 8,
  NasError: 9,
  NasRequest: 10,
  NasReboot: 11,
  PortUnneeded: 12,
  PortPreempted: 13,
  PortSuspended: 14,
  ServiceUnavailable: 15,
  Callback: 16,
  UserError: 17,
  HostRequest: 18,
} as const;
