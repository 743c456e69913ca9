/**
 * A bare NOTASIP caller over one UDP socket, for abuse tests and soaks: it streams PCMU RTP
 * packets (silence) to a callee's well-known port, locks onto the first reply's source port,
 * and counts what comes back. Much cheaper than a whole phone, so a test can place a
 * thousand calls; each call uses its own socket, so its source may be any local address
 * (127.x.y.z on loopback) to stay clear of per-source rate limits.
 *
 * @example
 * ```ts
 * import { RawCaller } from "./raw_caller.ts";
 * const c = new RawCaller("127.0.0.1");
 * const ok = await c.connect({ address: "127.0.0.1", port: 10000 }, 2000);
 * c.close();
 * ```
 * @module
 */
import { UdpSocket } from "../../runtime/net/udp_socket.ts";

/** Where a packet goes or came from. */
export interface Peer {
  readonly address: string;
  readonly port: number;
}

/** A PCMU RTP packet of `size` bytes (at least 12), silence, with the given sequence number. */
export function rtpPacket(size: number, seq: number, ssrc = 0x1234): Uint8Array {
  const p = new Uint8Array(size).fill(0xff, 12);
  p[0] = 0x80;
  p[1] = 0;
  p[2] = (seq >> 8) & 0xff;
  p[3] = seq & 0xff;
  const ts = seq * 160;
  p[4] = (ts >>> 24) & 0xff;
  p[5] = (ts >>> 16) & 0xff;
  p[6] = (ts >>> 8) & 0xff;
  p[7] = ts & 0xff;
  p[8] = (ssrc >>> 24) & 0xff;
  p[9] = (ssrc >>> 16) & 0xff;
  p[10] = (ssrc >>> 8) & 0xff;
  p[11] = ssrc & 0xff;
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One caller socket; one call. */
export class RawCaller {
  readonly socket: UdpSocket;
  /** The callee's answering endpoint, once a reply came. */
  peer?: Peer;
  received = 0;
  /** ICMP port/protocol unreachable seen (busy, or the callee hung up). */
  refused = 0;
  #seq = 0;
  #ssrc = Math.floor(Math.random() * 0xffffffff);

  constructor(bindAddress: string) {
    this.socket = UdpSocket.bind({ address: bindAddress, port: 0 });
    this.socket.listen((e) => {
      if (e.type === "datagram") {
        this.received++;
        this.peer ??= { address: e.source.address, port: e.source.port };
      } else if (e.kind === "port-unreachable" || e.kind === "protocol-unreachable") {
        this.refused++;
      }
    });
  }

  /** Sends one packet (default a 20 ms PCMU packet, 172 bytes) to `to`. */
  send(to: Peer, size = 172): void {
    try {
      this.socket.sendTo(rtpPacket(size, this.#seq++ & 0xffff, this.#ssrc), to);
    } catch {
      this.refused++; // ECONNREFUSED surfaced on send
    }
  }

  /**
   * Streams to the well-known port every 20 ms until the first reply, then sends to the
   * reply's port at once (establishing the call at the callee). Resolves with the time to
   * the first reply in ms, or undefined on busy or after `timeoutMs`.
   */
  async connect(wellKnown: Peer, timeoutMs: number): Promise<number | undefined> {
    const start = performance.now();
    while (!this.peer) {
      if (this.refused || performance.now() - start > timeoutMs) return undefined;
      this.send(wellKnown);
      for (let i = 0; i < 20 && !this.peer && !this.refused; i++) await sleep(1);
    }
    const ms = performance.now() - start;
    this.send(this.peer);
    return ms;
  }

  /** Streams to the peer every 20 ms for `packets` packets. */
  async talk(packets: number): Promise<void> {
    for (let i = 0; i < packets && this.peer; i++) {
      await sleep(20);
      this.send(this.peer);
    }
  }

  /** Waits until `test` holds, polling every ms, at most `ms`; true if it did. */
  async until(test: () => boolean, ms: number): Promise<boolean> {
    const start = performance.now();
    while (!test()) {
      if (performance.now() - start > ms) return false;
      await sleep(2);
    }
    return true;
  }

  close(): void {
    this.socket.close();
  }
}
