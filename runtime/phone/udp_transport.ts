/**
 * NOTASIP's socket interface ({@link TransportFactory}) over the phone's real UDP
 * sockets (`runtime/net`): packet info gives the address a call was sent to, the
 * error queue gives ICMP reports, and voice is marked Expedited Forwarding.
 *
 * @example
 * ```ts
 * import { UdpTransports } from "./udp_transport.ts";
 * const transports = new UdpTransports({ trafficClass: 0xb8 });
 * const t = transports.bind({ address: "::", port: 10000 });
 * t.onPacket((d) => console.log(d.from, d.to, d.bytes.length));
 * t.close();
 * ```
 * @module
 */
import { type SocketEvent, UdpSocket } from "../net/udp_socket.ts";
import type { Endpoint } from "../notasip/endpoint.ts";
import type {
  IcmpReport,
  ReceivedDatagram,
  Transport,
  TransportFactory,
} from "../notasip/transport.ts";

/** Options for every socket the factory opens. */
export interface UdpTransportOptions {
  /** TOS byte / traffic class of voice; default 0xB8 (Expedited Forwarding). */
  readonly trafficClass?: number;
  /**
   * Share fixed ports (the well-known one) with the other sockets of this process and user
   * that do (`SO_REUSEPORT`): several phones, e.g. a gateway's lines, listen on one port;
   * while one is in a call its listener is closed and new callers reach the others, and
   * once all are busy the kernel answers busy. Ports the kernel chooses are never shared.
   */
  readonly sharePort?: boolean;
}

/** Opens real UDP sockets for the NOTASIP driver. */
export class UdpTransports implements TransportFactory {
  constructor(private readonly options: UdpTransportOptions = {}) {}

  /**
   * Binds a socket to `local`; the address chooses the family. `::` (and IPv4-mapped
   * addresses) give a dual-stack socket, so one listener takes IPv4 and IPv6 calls.
   */
  bind(local: Endpoint): Transport {
    const dualStack = local.address === "::" || local.address.toLowerCase().startsWith("::ffff:");
    const socket = UdpSocket.bind({
      address: local.address,
      port: local.port,
      trafficClass: this.options.trafficClass,
      v6Only: !dualStack,
      reusePort: this.options.sharePort === true && local.port !== 0,
    });
    return new UdpTransport(socket);
  }
}

/** True when this host can open IPv6 sockets (`::` is the better default listener then). */
export function ipv6Available(): boolean {
  try {
    UdpSocket.bind({ address: "::", port: 0 }).close();
    return true;
  } catch {
    return false;
  }
}

class UdpTransport implements Transport {
  readonly local: Endpoint;
  #onPacket: (d: ReceivedDatagram) => void = () => {};
  #onIcmp: (e: IcmpReport) => void = () => {};

  constructor(private readonly socket: UdpSocket) {
    const { address, port } = socket.localAddress;
    this.local = { address, port };
    socket.listen((event) => this.#deliver(event));
  }

  #deliver(event: SocketEvent): void {
    if (event.type === "datagram") {
      const to = event.destination ?? this.socket.localAddress;
      this.#onPacket({
        bytes: event.data,
        from: { address: event.source.address, port: event.source.port },
        to: { address: to.address, port: to.port },
      });
    } else if (event.kind !== "other" && event.destination) {
      this.#onIcmp({
        kind: event.kind,
        address: event.destination.address,
        port: event.destination.port,
      });
    }
  }

  connect(peer: Endpoint): void {
    this.socket.connect(peer);
  }

  send(bytes: Uint8Array, to?: Endpoint): void {
    if (to) this.socket.sendTo(bytes, to);
    else this.socket.send(bytes);
  }

  close(): void {
    this.socket.close();
  }

  onPacket(handler: (datagram: ReceivedDatagram) => void): void {
    this.#onPacket = handler;
  }

  onIcmp(handler: (error: IcmpReport) => void): void {
    this.#onIcmp = handler;
  }
}
