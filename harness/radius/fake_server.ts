/**
 * A scripted RADIUS responder for fault tests: it receives requests on a loopback ephemeral
 * port and answers with whatever the test's handler returns (correct, forged, replayed,
 * malformed, late or nothing). Not part of the product.
 *
 * @example
 * ```ts
 * import { FakeRadiusServer } from "./fake_server.ts";
 * await using fake = FakeRadiusServer.start((request) => [request.slice(0, 20)]);
 * console.log(fake.port, fake.received.length);
 * ```
 * @module
 */

import { UdpSocket } from "../../runtime/net/udp_socket.ts";
import type { SocketAddress } from "../../runtime/net/sockaddr.ts";

/** What to send back for one request: datagrams, each optionally after a delay. */
export type FakeReply = Uint8Array | { readonly bytes: Uint8Array; readonly delayMs: number };

/** Returns the replies to send for a request (none: stay silent). */
export type FakeHandler = (request: Uint8Array, from: SocketAddress) => readonly FakeReply[];

/** A responder on 127.0.0.1 (or `address`). */
export class FakeRadiusServer implements AsyncDisposable {
  /** Every request received, in order. */
  readonly received: Uint8Array[] = [];
  readonly #socket: UdpSocket;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(socket: UdpSocket, handler: FakeHandler) {
    this.#socket = socket;
    socket.listen((event) => {
      if (event.type !== "datagram") return;
      this.received.push(event.data);
      for (const reply of handler(event.data, event.source)) {
        const bytes = reply instanceof Uint8Array ? reply : reply.bytes;
        const delay = reply instanceof Uint8Array ? 0 : reply.delayMs;
        const send = () => {
          if (!socket.isClosed) socket.sendTo(bytes, event.source);
        };
        if (delay <= 0) send();
        else {
          const t = setTimeout(() => {
            this.#timers.delete(t);
            send();
          }, delay);
          this.#timers.add(t);
        }
      }
    });
  }

  /** Binds an ephemeral port and starts answering. */
  static start(handler: FakeHandler, address = "127.0.0.1"): FakeRadiusServer {
    return new FakeRadiusServer(UdpSocket.bind({ address, trafficClass: 0 }), handler);
  }

  get port(): number {
    return this.#socket.localAddress.port;
  }

  /** Sends a datagram from the server's port (for unsolicited replies). */
  sendTo(bytes: Uint8Array, to: SocketAddress): void {
    this.#socket.sendTo(bytes, to);
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#socket.close();
    await this.#socket.closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
