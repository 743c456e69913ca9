/**
 * Reads the ancillary data (`cmsghdr` chain) of `recvmsg`: the packet's destination address
 * (`IP_PKTINFO`/`IPV6_PKTINFO`), its traffic class (`IP_TOS`/`IPV6_TCLASS`) and queued ICMP
 * errors (`IP_RECVERR`/`IPV6_RECVERR`: a `sock_extended_err` and the offender's address).
 *
 * @example
 * ```ts
 * import { parseControlMessages } from "./control_messages.ts";
 * const info = parseControlMessages(new Uint8Array(0), 0);
 * info.destination; // undefined: no IP_PKTINFO in an empty buffer
 * ```
 * @module
 */

import { formatIpv4, formatIpv6 } from "./ip_address.ts";
import {
  CMSG_ALIGNMENT,
  CMSG_DATA_OFFSET,
  CMSG_LEN_OFFSET,
  CMSG_LEVEL_OFFSET,
  CMSG_TYPE_OFFSET,
  IP_PKTINFO,
  IP_RECVERR,
  IP_TOS,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPV6_PKTINFO,
  IPV6_RECVERR,
  IPV6_TCLASS,
  SIZEOF_CMSGHDR,
  SIZEOF_IN6_PKTINFO,
  SIZEOF_IN_PKTINFO,
  SIZEOF_SOCK_EXTENDED_ERR,
} from "../sys/linux_abi.ts";
import { decodeSockaddr, type SocketAddress } from "./sockaddr.ts";

/** The contents of a `sock_extended_err` (`<linux/errqueue.h>`). */
export interface ExtendedError {
  readonly errno: number;
  /** `SO_EE_ORIGIN_*`: 1 local, 2 ICMP, 3 ICMPv6. */
  readonly origin: number;
  readonly type: number;
  readonly code: number;
  /** For "fragmentation needed"/"packet too big", the next-hop MTU. */
  readonly info: number;
  /** The node that sent the ICMP message; `null` for local errors. */
  readonly offender: SocketAddress | null;
}

/** What the ancillary data said about one received message. */
export interface ControlInfo {
  /** The destination IP of the packet as it arrived (header `ipi_addr`/`ipi6_addr`). */
  destination?: string;
  /** The arrival interface index. */
  interfaceIndex?: number;
  /** The received TOS byte or IPv6 traffic class. */
  trafficClass?: number;
  /** A queued error, when reading `MSG_ERRQUEUE`. */
  extendedError?: ExtendedError;
  /** Set when an entry's length did not fit the buffer; parsing stopped there. */
  malformed?: string;
}

/** Walks the `cmsghdr` chain in the first `length` bytes of `control`. */
export function parseControlMessages(control: Uint8Array, length: number): ControlInfo {
  const info: ControlInfo = {};
  const view = new DataView(control.buffer, control.byteOffset, control.byteLength);
  const end = Math.min(length, control.byteLength);
  let offset = 0;
  while (offset + SIZEOF_CMSGHDR <= end) {
    const cmsgLength = Number(view.getBigUint64(offset + CMSG_LEN_OFFSET, true));
    if (cmsgLength < SIZEOF_CMSGHDR || offset + cmsgLength > end) {
      info.malformed = `cmsg at ${offset} has length ${cmsgLength}, buffer holds ${end}`;
      break;
    }
    const level = view.getInt32(offset + CMSG_LEVEL_OFFSET, true);
    const type = view.getInt32(offset + CMSG_TYPE_OFFSET, true);
    const data = control.subarray(offset + CMSG_DATA_OFFSET, offset + cmsgLength);
    readOne(info, level, type, data);
    offset += align(cmsgLength);
  }
  return info;
}

function align(n: number): number {
  return Math.ceil(n / CMSG_ALIGNMENT) * CMSG_ALIGNMENT;
}

function readOne(info: ControlInfo, level: number, type: number, data: Uint8Array): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (level === IPPROTO_IP && type === IP_PKTINFO && data.length >= SIZEOF_IN_PKTINFO) {
    info.interfaceIndex = view.getInt32(0, true);
    info.destination = formatIpv4(data.subarray(8, 12));
  } else if (level === IPPROTO_IPV6 && type === IPV6_PKTINFO && data.length >= SIZEOF_IN6_PKTINFO) {
    info.destination = formatIpv6(data.subarray(0, 16));
    info.interfaceIndex = view.getUint32(16, true);
  } else if (level === IPPROTO_IP && type === IP_TOS && data.length >= 1) {
    info.trafficClass = data[0];
  } else if (level === IPPROTO_IPV6 && type === IPV6_TCLASS && data.length >= 4) {
    info.trafficClass = view.getInt32(0, true) & 0xff;
  } else if (
    ((level === IPPROTO_IP && type === IP_RECVERR) ||
      (level === IPPROTO_IPV6 && type === IPV6_RECVERR)) &&
    data.length >= SIZEOF_SOCK_EXTENDED_ERR
  ) {
    info.extendedError = readExtendedError(data, view);
  }
}

function readExtendedError(data: Uint8Array, view: DataView): ExtendedError {
  const offenderBytes = data.subarray(SIZEOF_SOCK_EXTENDED_ERR);
  let offender: SocketAddress | null = null;
  try {
    offender = decodeSockaddr(offenderBytes, offenderBytes.length);
  } catch {
    offender = null; // an offender we cannot read is as good as none
  }
  return {
    errno: view.getUint32(0, true),
    origin: data[4],
    type: data[5],
    code: data[6],
    info: view.getUint32(8, true),
    offender,
  };
}
