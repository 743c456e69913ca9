/**
 * Typed events for datagrams the network refused: ICMP/ICMPv6 errors read from the socket's
 * error queue, and the errno a connected socket's send or receive returned for one.
 *
 * NOTASIP (draft-ohta-notasip-04 §7) ends a call on "port or protocol unreachable" and treats
 * "host or network unreachable" as soft errors, so those four kinds are named; everything
 * else is `"other"`, with the ICMP type and code kept.
 *
 * @example
 * ```ts
 * import { classifyExtendedError } from "./delivery_error.ts";
 * const e = classifyExtendedError(
 *   { errno: 111, origin: 2, type: 3, code: 3, info: 0, offender: null },
 *   { family: "ipv4", address: "127.0.0.1", port: 9, scopeId: 0, flowInfo: 0 },
 * );
 * e.kind; // "port-unreachable"
 * ```
 * @module
 */

import type { ExtendedError } from "./control_messages.ts";
import {
  ICMP6_DST_UNREACH,
  ICMP6_DST_UNREACH_ADDR,
  ICMP6_DST_UNREACH_NOPORT,
  ICMP6_DST_UNREACH_NOROUTE,
  ICMP6_PARAM_PROB,
  ICMP6_PARAMPROB_NEXTHEADER,
  ICMP_DEST_UNREACH,
  ICMP_HOST_UNKNOWN,
  ICMP_HOST_UNR_TOS,
  ICMP_HOST_UNREACH,
  ICMP_NET_UNKNOWN,
  ICMP_NET_UNR_TOS,
  ICMP_NET_UNREACH,
  ICMP_PORT_UNREACH,
  ICMP_PROT_UNREACH,
  SO_EE_ORIGIN_ICMP,
  SO_EE_ORIGIN_ICMP6,
  SO_EE_ORIGIN_LOCAL,
} from "../sys/linux_abi.ts";
import {
  ECONNREFUSED,
  EHOSTDOWN,
  EHOSTUNREACH,
  ENETUNREACH,
  ENONET,
  ENOPROTOOPT,
  errnoName,
} from "./net_error.ts";
import type { SocketAddress } from "./sockaddr.ts";

/** What went wrong with a datagram. */
export type DeliveryErrorKind =
  | "port-unreachable"
  | "protocol-unreachable"
  | "host-unreachable"
  | "net-unreachable"
  | "other";

/** Where the report came from. */
export type DeliveryErrorOrigin =
  /** An ICMPv4 message, from the error queue. */
  | "icmp"
  /** An ICMPv6 message, from the error queue. */
  | "icmp6"
  /** The local stack (e.g. a datagram larger than the path MTU), from the error queue. */
  | "local"
  /** Only an errno from send/recv: the queue held no detail (it overflowed, or was read). */
  | "errno";

/** A datagram the network refused, with the address it was sent to. */
export interface DeliveryError {
  readonly type: "delivery-error";
  readonly kind: DeliveryErrorKind;
  readonly origin: DeliveryErrorOrigin;
  /** The destination of the refused datagram; `null` if the kernel did not say. */
  readonly destination: SocketAddress | null;
  /** The node that sent the ICMP message (the far host, or a router on the way). */
  readonly reporter: SocketAddress | null;
  /** The errno the kernel attached (`ECONNREFUSED` for a closed port). */
  readonly errno: number;
  readonly errnoName: string;
  /** ICMP type and code; -1 when the origin is not ICMP. */
  readonly icmpType: number;
  readonly icmpCode: number;
  /** `ee_info`: the next-hop MTU for "fragmentation needed" / "packet too big". */
  readonly info: number;
}

/** Turns a queued `sock_extended_err` into a typed event. */
export function classifyExtendedError(
  ee: ExtendedError,
  destination: SocketAddress | null,
): DeliveryError {
  const isIcmp = ee.origin === SO_EE_ORIGIN_ICMP || ee.origin === SO_EE_ORIGIN_ICMP6;
  return {
    type: "delivery-error",
    kind: ee.origin === SO_EE_ORIGIN_ICMP
      ? icmpKind(ee.type, ee.code)
      : ee.origin === SO_EE_ORIGIN_ICMP6
      ? icmp6Kind(ee.type, ee.code)
      : "other",
    origin: ee.origin === SO_EE_ORIGIN_ICMP
      ? "icmp"
      : ee.origin === SO_EE_ORIGIN_ICMP6
      ? "icmp6"
      : ee.origin === SO_EE_ORIGIN_LOCAL
      ? "local"
      : "errno",
    destination,
    reporter: ee.offender,
    errno: ee.errno,
    errnoName: errnoName(ee.errno),
    icmpType: isIcmp ? ee.type : -1,
    icmpCode: isIcmp ? ee.code : -1,
    info: ee.info,
  };
}

/** The kind for an ICMPv4 type/code (RFC 792, RFC 1122 §3.2.2.1). */
export function icmpKind(type: number, code: number): DeliveryErrorKind {
  if (type !== ICMP_DEST_UNREACH) return "other";
  switch (code) {
    case ICMP_PORT_UNREACH:
      return "port-unreachable";
    case ICMP_PROT_UNREACH:
      return "protocol-unreachable";
    case ICMP_HOST_UNREACH:
    case ICMP_HOST_UNKNOWN:
    case ICMP_HOST_UNR_TOS:
      return "host-unreachable";
    case ICMP_NET_UNREACH:
    case ICMP_NET_UNKNOWN:
    case ICMP_NET_UNR_TOS:
      return "net-unreachable";
    default:
      return "other";
  }
}

/** The kind for an ICMPv6 type/code (RFC 4443 §3.1, §3.4). */
export function icmp6Kind(type: number, code: number): DeliveryErrorKind {
  if (type === ICMP6_PARAM_PROB && code === ICMP6_PARAMPROB_NEXTHEADER) {
    return "protocol-unreachable";
  }
  if (type !== ICMP6_DST_UNREACH) return "other";
  switch (code) {
    case ICMP6_DST_UNREACH_NOPORT:
      return "port-unreachable";
    case ICMP6_DST_UNREACH_ADDR:
      return "host-unreachable";
    case ICMP6_DST_UNREACH_NOROUTE:
      return "net-unreachable";
    default:
      return "other";
  }
}

/** Errnos a send or receive can return on behalf of an earlier datagram's ICMP error. */
export function isAsynchronousErrno(errno: number): boolean {
  return errno === ECONNREFUSED || errno === EHOSTUNREACH || errno === ENETUNREACH ||
    errno === ENOPROTOOPT || errno === EHOSTDOWN || errno === ENONET;
}

/** The kind an errno alone implies, for reports without queued detail. */
export function kindOfErrno(errno: number): DeliveryErrorKind {
  switch (errno) {
    case ECONNREFUSED:
      return "port-unreachable";
    case ENOPROTOOPT:
      return "protocol-unreachable";
    case EHOSTUNREACH:
    case EHOSTDOWN:
      return "host-unreachable";
    case ENETUNREACH:
    case ENONET:
      return "net-unreachable";
    default:
      return "other";
  }
}

/** A report built from an errno alone (no queued `sock_extended_err` to read). */
export function deliveryErrorFromErrno(
  errno: number,
  destination: SocketAddress | null,
): DeliveryError {
  return {
    type: "delivery-error",
    kind: kindOfErrno(errno),
    origin: "errno",
    destination,
    reporter: null,
    errno,
    errnoName: errnoName(errno),
    icmpType: -1,
    icmpCode: -1,
    info: 0,
  };
}
