/**
 * RTCP on its own port (RFC 3550 section 11): the socket one above a call's RTP port,
 * sending to the peer's RTP port + 1 and taking RTCP only from there. NOTASIP's rules do
 * not apply to it: an ICMP error about it (a peer without RTCP, or one that multiplexes)
 * is counted and ignored, never ends the call, and its packets never count as signs of life.
 *
 * @example
 * ```ts
 * import { RtcpPort } from "./rtcp_port.ts";
 * import type { TransportFactory } from "../notasip/transport.ts";
 * declare const transports: TransportFactory;
 * const rtcp = RtcpPort.open(transports, { address: "0.0.0.0", port: 50000 }, (bytes) => {
 *   console.log(`${bytes.length} bytes of RTCP from the peer`);
 * });
 * if (rtcp instanceof RtcpPort) {
 *   rtcp.send(new Uint8Array(52), { address: "192.0.2.7", port: 61000 }); // to 61001
 *   rtcp.close();
 * } else console.log(rtcp.failed); // e.g. "Address already in use"
 * ```
 * @module
 */
import type { Endpoint } from "../notasip/endpoint.ts";
import type { Transport, TransportFactory } from "../notasip/transport.ts";

/** Counters of one RTCP port. */
export interface RtcpPortStats {
  /** The local RTCP port. */
  readonly port: number;
  sent: number;
  sendErrors: number;
  /** Datagrams from anyone but the peer's RTCP port, dropped. */
  foreign: number;
  /** ICMP errors about our RTCP, ignored. */
  icmpIgnored: number;
}

/** The RTCP socket of one call, one port above its RTP socket. */
export class RtcpPort {
  readonly stats: RtcpPortStats;
  #peer?: Endpoint;

  private constructor(
    private readonly transport: Transport,
    private readonly deliver: (bytes: Uint8Array) => void,
  ) {
    this.stats = { port: transport.local.port, sent: 0, sendErrors: 0, foreign: 0, icmpIgnored: 0 };
    transport.onPacket((d) => {
      const peer = this.#peer;
      if (peer && d.from.address === peer.address && d.from.port === peer.port) {
        this.deliver(d.bytes);
      } else this.stats.foreign++;
    });
    transport.onIcmp(() => this.stats.icmpIgnored++);
  }

  /**
   * Binds `rtp.port + 1` on `rtp.address`; `deliver` gets what the peer's RTCP port sends
   * (once {@link send} has named the peer). An object with the reason when the port cannot
   * be bound (another program holds it): the call goes on without RTCP.
   */
  static open(
    transports: TransportFactory,
    rtp: Endpoint,
    deliver: (bytes: Uint8Array) => void,
  ): RtcpPort | { failed: string } {
    if (rtp.port >= 65535) return { failed: `RTP port ${rtp.port} has no successor` };
    try {
      return new RtcpPort(transports.bind({ address: rtp.address, port: rtp.port + 1 }), deliver);
    } catch (e) {
      return { failed: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Sends a compound to the RTCP port of the peer whose RTP comes from `peerRtp`. */
  send(bytes: Uint8Array, peerRtp: Endpoint): boolean {
    if (peerRtp.port >= 65535) return false;
    this.#peer = { address: peerRtp.address, port: peerRtp.port + 1 };
    try {
      this.transport.send(bytes, this.#peer);
      this.stats.sent++;
      return true;
    } catch {
      this.stats.sendErrors++; // ECONNREFUSED after an ICMP error: still no reason to stop
      return false;
    }
  }

  /** Names the peer before anything is sent, so its reports are taken from the start. */
  expect(peerRtp: Endpoint): void {
    if (peerRtp.port < 65535) this.#peer = { address: peerRtp.address, port: peerRtp.port + 1 };
  }

  /** Closes the socket. */
  close(): void {
    this.transport.close();
  }
}
