/**
 * The UDP socket the NOTASIP driver needs, kept small so `runtime/net` (or an in-memory
 * network in tests) can provide it with a thin adapter. Type-only module.
 *
 * Requirements on an implementation:
 * - `bind` is synchronous and throws (with the errno text) when the address is unusable.
 * - Received datagrams carry their local destination address (`IP_PKTINFO` /
 *   `IPV6_RECVPKTINFO`): the callee answers from the address the caller dialed.
 * - ICMP errors are reported for unconnected sockets too (`IP_RECVERR` /
 *   `IPV6_RECVERR`), with the destination of the failed datagram; a connected socket
 *   reports only errors about its peer (what Linux does).
 *
 * @example
 * ```ts
 * import type { TransportFactory } from "./transport.ts";
 * function echoOnce(net: TransportFactory) {
 *   const t = net.bind({ address: "0.0.0.0", port: 10000 });
 *   t.onPacket((d) => t.send(d.bytes, d.from));
 *   t.onIcmp((e) => console.log(e.kind, e.address));
 * }
 * ```
 * @module
 */
import type { Endpoint, IcmpKind } from "./endpoint.ts";

/** A datagram as received. */
export interface ReceivedDatagram {
  readonly bytes: Uint8Array;
  /** Source address and port. */
  readonly from: Endpoint;
  /** Local destination address (from packet info) and the socket's port. */
  readonly to: Endpoint;
}

/** An ICMP error about a datagram this socket sent. */
export interface IcmpReport {
  readonly kind: IcmpKind;
  /** Destination address of the failed datagram. */
  readonly address: string;
  /** Destination port of the failed datagram, when known. */
  readonly port?: number;
}

/** One bound UDP socket. */
export interface Transport {
  /** The bound address (possibly a wildcard) and port. */
  readonly local: Endpoint;
  /** Sends only to, and receives only from, `peer` from now on. */
  connect(peer: Endpoint): void;
  /** Sends one datagram; `to` may be omitted on a connected socket. May throw. */
  send(bytes: Uint8Array, to?: Endpoint): void;
  /** Closes the socket; no handler is called afterwards. Closing twice is harmless. */
  close(): void;
  /** Sets the handler for received datagrams (one handler; a later call replaces it). */
  onPacket(handler: (datagram: ReceivedDatagram) => void): void;
  /** Sets the handler for ICMP errors. */
  onIcmp(handler: (error: IcmpReport) => void): void;
}

/** Opens sockets. */
export interface TransportFactory {
  /** Binds a UDP socket to `local`; throws when that fails (e.g. address in use). */
  bind(local: Endpoint): Transport;
}
