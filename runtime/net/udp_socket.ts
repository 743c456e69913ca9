/**
 * A UDP socket over libc (IPv4 or IPv6) that tells what Deno's own sockets do not: the local
 * address each datagram was sent to (`IP_PKTINFO`/`IPV6_RECVPKTINFO`), and the ICMP errors
 * the network returned (`IP_RECVERR`/`IPV6_RECVERR`, read with `recvmsg(MSG_ERRQUEUE)`), as
 * typed events. Outgoing packets carry a DSCP (default Expedited Forwarding, TOS 0xB8).
 *
 * The descriptor is non-blocking; every libc call runs synchronously on the JS thread, and a
 * readiness watcher (see `readiness.ts`) says when to read, so the event loop never blocks.
 *
 * @example
 * ```ts
 * import { UdpSocket } from "./udp_socket.ts";
 * await using callee = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
 * await using caller = UdpSocket.bind({ address: "127.0.0.1" });
 * caller.sendTo(new Uint8Array([1, 2, 3]), callee.localAddress);
 * const event = await callee.receive();
 * if (event.type === "datagram") {
 *   // answer from the address the caller dialed
 *   console.log(event.source, event.destination?.address);
 * }
 * ```
 * @module
 */

import { parseControlMessages } from "./control_messages.ts";
import {
  classifyExtendedError,
  type DeliveryError,
  deliveryErrorFromErrno,
  isAsynchronousErrno,
} from "./delivery_error.ts";
import { EventQueue } from "./event_queue.ts";
import { type AddressFamily, anyAddress, formatIp, parseIp } from "./ip_address.ts";
import { lastErrno, libc } from "../sys/libc.ts";
import {
  AF_INET,
  AF_INET6,
  IP_PKTINFO,
  IP_RECVERR,
  IP_RECVTOS,
  IP_TOS,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPV6_RECVERR,
  IPV6_RECVPKTINFO,
  IPV6_RECVTCLASS,
  IPV6_TCLASS,
  IPV6_V6ONLY,
  MAX_UDP_PAYLOAD,
  MSG_CTRUNC,
  MSG_DONTWAIT,
  MSG_ERRQUEUE,
  MSG_TRUNC,
  MSGHDR_CONTROL,
  MSGHDR_CONTROLLEN,
  MSGHDR_FLAGS,
  MSGHDR_IOV,
  MSGHDR_IOVLEN,
  MSGHDR_NAME,
  MSGHDR_NAMELEN,
  POLLERR,
  SIZEOF_IOVEC,
  SIZEOF_MSGHDR,
  SIZEOF_SOCKADDR_STORAGE,
  SO_RCVBUF,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SO_SNDBUF,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOL_SOCKET,
} from "../sys/linux_abi.ts";
import { EAGAIN, EINTR, ENOBUFS, NetError } from "./net_error.ts";
import { type ReadinessStrategy, type ReadinessWatcher, watchReadiness } from "./readiness.ts";
import {
  type AddressInput,
  checkPort,
  decodeSockaddr,
  encodeSockaddr,
  formatSocketAddress,
  type SocketAddress,
} from "./sockaddr.ts";

/** DSCP Expedited Forwarding (46) in the TOS byte: 46 << 2 = 0xB8 (RFC 3246, RFC 4594). */
export const EXPEDITED_FORWARDING = 0xb8;

/** How to create a socket; everything is optional. */
export interface UdpSocketOptions {
  /** Local address to bind; default the unspecified address of `family`. */
  readonly address?: string;
  /** Local port; 0 (default) lets the kernel choose a random free port. */
  readonly port?: number;
  /** IP version when `address` is omitted; default `"ipv4"`. */
  readonly family?: AddressFamily;
  /** TOS byte / IPv6 traffic class of sent packets; default {@link EXPEDITED_FORWARDING}. */
  readonly trafficClass?: number;
  /** IPv6 only: refuse IPv4-mapped traffic (default `true`). */
  readonly v6Only?: boolean;
  /** `SO_REUSEADDR` (default `false`). */
  readonly reuseAddress?: boolean;
  /**
   * `SO_REUSEPORT` (default `false`): sockets of this user that all set it share the port;
   * the kernel hands each flow (source address and port) to one of them.
   */
  readonly reusePort?: boolean;
  /** `SO_RCVBUF` / `SO_SNDBUF` in bytes (the kernel doubles and caps them). */
  readonly receiveBufferBytes?: number;
  readonly sendBufferBytes?: number;
  /** Largest datagram accepted; longer ones are dropped and counted. Default 65527. */
  readonly maxDatagramBytes?: number;
  /** How readability is detected (see `readiness.ts`); default `"epoll"`. */
  readonly readiness?: ReadinessStrategy;
  /** Poll interval of the `"timer"` strategy, ms (default 1). */
  readonly timerIntervalMs?: number;
  /** Events kept for a slow `receive()`/iterator consumer before the oldest is dropped. */
  readonly queueLimit?: number;
}

/** One received datagram. */
export interface Datagram {
  readonly type: "datagram";
  /** The payload, a fresh copy the receiver owns. */
  readonly data: Uint8Array;
  /** Who sent it. */
  readonly source: SocketAddress;
  /**
   * The local address and port it was sent to (from packet info); `null` if unknown. On a
   * dual-stack IPv6 socket an IPv4 destination appears IPv4-mapped (`::ffff:a.b.c.d`).
   */
  readonly destination: SocketAddress | null;
  /** Arrival interface index; 0 if unknown. */
  readonly interfaceIndex: number;
  /** Received TOS byte / traffic class; -1 if unknown. */
  readonly trafficClass: number;
}

/** What a socket delivers: datagrams and delivery errors, in arrival order. */
export type SocketEvent = Datagram | DeliveryError;

/** Counters, for statistics and for tests. */
export interface UdpSocketStats {
  datagramsReceived: number;
  bytesReceived: number;
  datagramsSent: number;
  bytesSent: number;
  deliveryErrors: number;
  /** Datagrams longer than `maxDatagramBytes`, dropped. */
  oversizeDropped: number;
  /** Datagrams whose addresses or ancillary data could not be read, dropped. */
  malformedDropped: number;
  /** Sends the kernel refused for lack of buffer space (`EAGAIN`/`ENOBUFS`). */
  sendsDropped: number;
  /** Events dropped because the `receive()` consumer fell behind. */
  queueDropped: number;
  /** Unexpected `recvmsg` failures (the socket keeps running). */
  receiveErrors: number;
  /** Exceptions thrown by a `listen` handler (caught, logged, counted). */
  handlerErrors: number;
}

const RECEIVE_BUDGET = 64; // datagrams per wake-up before yielding to the event loop
const CONTROL_BYTES = 512;
const NAME_OFFSET = SIZEOF_MSGHDR + SIZEOF_IOVEC;
const CONTROL_OFFSET = NAME_OFFSET + SIZEOF_SOCKADDR_STORAGE;

/** A UDP socket with packet info, ICMP error events and DSCP marking. */
export class UdpSocket implements AsyncIterable<SocketEvent>, Disposable, AsyncDisposable {
  /** IP version of the socket. */
  readonly family: AddressFamily;
  /** Counters since creation. */
  readonly stats: UdpSocketStats = {
    datagramsReceived: 0,
    bytesReceived: 0,
    datagramsSent: 0,
    bytesSent: 0,
    deliveryErrors: 0,
    oversizeDropped: 0,
    malformedDropped: 0,
    sendsDropped: 0,
    queueDropped: 0,
    receiveErrors: 0,
    handlerErrors: 0,
  };
  /** Resolves once the socket is closed and its watcher has let go of the descriptor. */
  readonly closed: Promise<void>;

  #fd: number;
  #isClosed = false;
  #resolveClosed!: () => void;
  #local: SocketAddress;
  #remote: SocketAddress | null = null;
  readonly #v6Only: boolean;
  readonly #strategy: ReadinessStrategy;
  readonly #timerIntervalMs: number;
  #watcher: ReadinessWatcher | null = null;
  #handler: ((event: SocketEvent) => void) | null = null;
  readonly #queue: EventQueue<SocketEvent>;
  readonly #maxDatagramBytes: number;
  readonly #area: ReceiveArea = receiveArea();

  private constructor(fd: number, family: AddressFamily, options: UdpSocketOptions) {
    this.#fd = fd;
    this.family = family;
    this.#v6Only = options.v6Only ?? true;
    this.#strategy = options.readiness ?? "epoll";
    this.#timerIntervalMs = options.timerIntervalMs ?? 1;
    this.#queue = new EventQueue(options.queueLimit ?? 4096);
    this.#maxDatagramBytes = options.maxDatagramBytes ?? MAX_UDP_PAYLOAD;
    this.closed = new Promise((resolve) => this.#resolveClosed = resolve);
    this.#local = { family, address: anyAddress(family), port: 0, scopeId: 0, flowInfo: 0 };
  }

  /**
   * Creates a socket, sets its options and binds it. Throws {@link NetError} on bad options
   * or a failed call (e.g. `EADDRINUSE`); the descriptor is closed on every failure path.
   *
   * @example
   * ```ts
   * const s = UdpSocket.bind({ address: "::1", port: 0, trafficClass: 0x88 });
   * console.log(s.localAddress.port); // the port the kernel chose
   * s.close();
   * ```
   */
  static bind(options: UdpSocketOptions = {}): UdpSocket {
    const family = chooseFamily(options);
    validateOptions(options);
    const c = libc();
    const fd = c.socket(
      family === "ipv4" ? AF_INET : AF_INET6,
      SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
      0,
    );
    if (fd < 0) throw NetError.fromErrno("socket", lastErrno(), `(${family})`);
    let socket: UdpSocket | undefined;
    try {
      socket = new UdpSocket(fd, family, options);
      socket.#configure(options);
      const local = { address: options.address ?? anyAddress(family), port: options.port ?? 0 };
      const raw = encodeSockaddr(local, "bind");
      if (c.bind(fd, raw, raw.length) < 0) {
        throw NetError.fromErrno("bind", lastErrno(), `to ${formatSocketAddress(local)}`);
      }
      socket.#local = socket.#readName("getsockname");
      return socket;
    } catch (err) {
      if (socket) socket.close();
      else c.close(fd);
      throw err;
    }
  }

  /** The bound local address (after `connect`, the specific address the route chose). */
  get localAddress(): SocketAddress {
    return this.#local;
  }

  /** The connected peer, or `null`. */
  get remoteAddress(): SocketAddress | null {
    return this.#remote;
  }

  /** The file descriptor, for diagnostics; -1 once closed. */
  get fd(): number {
    return this.#isClosed ? -1 : this.#fd;
  }

  /** True once {@link close} was called. */
  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** The TOS byte / traffic class the kernel will put on sent packets (read back). */
  get trafficClass(): number {
    this.#checkOpen("get traffic class");
    return this.family === "ipv4"
      ? this.#getInt(IPPROTO_IP, IP_TOS, "IP_TOS")
      : this.#getInt(IPPROTO_IPV6, IPV6_TCLASS, "IPV6_TCLASS");
  }

  /** Sets the TOS byte / traffic class (0..255) of sent packets. */
  set trafficClass(value: number) {
    this.#checkOpen("set traffic class");
    checkByte(value, "set traffic class");
    if (this.family === "ipv6") {
      this.#setInt(IPPROTO_IPV6, IPV6_TCLASS, value, "IPV6_TCLASS");
      if (!this.#v6Only) this.#setInt(IPPROTO_IP, IP_TOS, value, "IP_TOS");
    } else {
      this.#setInt(IPPROTO_IP, IP_TOS, value, "IP_TOS");
    }
  }

  /** Reads an integer socket option with `getsockopt`; for tests and diagnostics. */
  getOption(level: number, option: number): number {
    this.#checkOpen("getsockopt");
    return this.#getInt(level, option, `level ${level} option ${option}`);
  }

  /**
   * Sets an integer socket option with `setsockopt` (constants in `linux_abi.ts`). Turning
   * off what this class turned on (packet info, error queue) degrades its events.
   */
  setOption(level: number, option: number, value: number): void {
    this.#checkOpen("setsockopt");
    if (!Number.isInteger(value)) {
      throw NetError.invalid("setsockopt", `value ${value} is not an integer`);
    }
    this.#setInt(level, option, value, `level ${level} option ${option}`);
  }

  /**
   * Connects to `peer`: sends go there, only its datagrams are received, and ICMP errors also
   * come back as `ECONNREFUSED`-style errnos (reported as delivery errors).
   */
  connect(peer: AddressInput): void {
    this.#checkOpen("connect");
    const raw = this.#encodePeer(peer, "connect");
    if (libc().connect(this.#fd, raw, raw.length) < 0) {
      throw NetError.fromErrno("connect", lastErrno(), `to ${formatSocketAddress(peer)}`);
    }
    this.#remote = this.#readName("getpeername");
    this.#local = this.#readName("getsockname");
  }

  /**
   * Dissolves the association (`connect` with `AF_UNSPEC`). The socket keeps its local port:
   * Linux drops a kernel-chosen port on disconnect, so it is bound again explicitly.
   */
  disconnect(): void {
    this.#checkOpen("disconnect");
    const before = this.#local;
    const unspec = new Uint8Array(16); // sa_family = AF_UNSPEC (0)
    if (libc().connect(this.#fd, unspec, unspec.length) < 0) {
      throw NetError.fromErrno("disconnect", lastErrno());
    }
    this.#remote = null;
    let after = this.#readName("getsockname");
    if (after.port === 0 && before.port !== 0) {
      const raw = encodeSockaddr({ address: after.address, port: before.port }, "rebind");
      if (libc().bind(this.#fd, raw, raw.length) < 0) {
        throw NetError.fromErrno("disconnect", lastErrno(), `re-binding port ${before.port}`);
      }
      after = this.#readName("getsockname");
    }
    this.#local = after;
  }

  /**
   * Sends `data` to the connected peer. Returns the bytes sent, or 0 when the datagram was not
   * sent: the kernel buffer was full, or an earlier datagram's ICMP error surfaced (reported
   * as a delivery error event, and the send retried once when the error queue explained it).
   */
  send(data: Uint8Array): number {
    this.#checkOpen("send");
    if (this.#remote === null) {
      throw NetError.invalid("send", "the socket is not connected; use sendTo or connect first");
    }
    return this.#transmit(data, null, this.#remote, "send");
  }

  /** Sends `data` to `to`; same results as {@link send}. */
  sendTo(data: Uint8Array, to: AddressInput): number {
    this.#checkOpen("sendTo");
    const raw = this.#encodePeer(to, "sendTo");
    return this.#transmit(data, raw, to, "sendTo");
  }

  /**
   * Delivers every event to `handler` as it arrives, in order (events already queued first).
   * Exclusive with {@link receive} and iteration. A throwing handler is logged and counted.
   */
  listen(handler: (event: SocketEvent) => void): void {
    this.#checkOpen("listen");
    if (typeof handler !== "function") {
      throw NetError.invalid("listen", "handler is not a function");
    }
    if (this.#handler) throw NetError.invalid("listen", "the socket already has a handler");
    this.#handler = handler;
    for (const event of this.#queue.drain()) this.#dispatch(event);
    this.#startWatching();
  }

  /** The next event (datagram or delivery error). Rejects if the socket is or gets closed. */
  async receive(): Promise<SocketEvent> {
    this.#checkOpen("receive");
    if (this.#handler) throw NetError.invalid("receive", "a listen() handler takes the events");
    this.#startWatching();
    const next = await this.#queue.next();
    if (next.done) throw NetError.invalid("receive", "the socket was closed");
    return next.value;
  }

  /** Iterates over events until the socket is closed. */
  async *[Symbol.asyncIterator](): AsyncIterator<SocketEvent> {
    if (this.#handler) throw NetError.invalid("iterate", "a listen() handler takes the events");
    if (!this.#isClosed) this.#startWatching();
    while (true) {
      const next = await this.#queue.next();
      if (next.done) return;
      yield next.value;
    }
  }

  /** Closes the descriptor now (idempotent); {@link closed} resolves when the watcher ends. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    const stopped = this.#watcher ? this.#watcher.stop() : Promise.resolve();
    this.#watcher = null;
    libc().close(this.#fd);
    this.stats.queueDropped = this.#queue.dropped;
    this.#queue.end();
    stopped.then(() => this.#resolveClosed(), () => this.#resolveClosed());
  }

  /** `using`: closes the socket. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `await using`: closes the socket and waits for {@link closed}. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return this.closed;
  }

  // ---- setup ----

  #configure(options: UdpSocketOptions): void {
    const tc = options.trafficClass ?? EXPEDITED_FORWARDING;
    if (options.reuseAddress) this.#setInt(SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    if (options.reusePort) this.#setInt(SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT");
    if (options.receiveBufferBytes !== undefined) {
      this.#setInt(SOL_SOCKET, SO_RCVBUF, options.receiveBufferBytes, "SO_RCVBUF");
    }
    if (options.sendBufferBytes !== undefined) {
      this.#setInt(SOL_SOCKET, SO_SNDBUF, options.sendBufferBytes, "SO_SNDBUF");
    }
    if (this.family === "ipv6") {
      this.#setInt(IPPROTO_IPV6, IPV6_V6ONLY, this.#v6Only ? 1 : 0, "IPV6_V6ONLY");
      this.#setInt(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
      this.#setInt(IPPROTO_IPV6, IPV6_RECVERR, 1, "IPV6_RECVERR");
      this.#setInt(IPPROTO_IPV6, IPV6_RECVTCLASS, 1, "IPV6_RECVTCLASS");
    }
    if (this.family === "ipv4" || !this.#v6Only) {
      // On a dual-stack socket these govern the IPv4-mapped traffic.
      this.#setInt(IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO");
      this.#setInt(IPPROTO_IP, IP_RECVERR, 1, "IP_RECVERR");
      this.#setInt(IPPROTO_IP, IP_RECVTOS, 1, "IP_RECVTOS");
    }
    this.trafficClass = tc;
  }

  #startWatching(): void {
    if (this.#watcher || this.#isClosed) return;
    this.#watcher = watchReadiness(
      this.#fd,
      this.#strategy,
      (revents) => this.#onReadable(revents),
      this.#timerIntervalMs,
    );
  }

  // ---- receiving ----

  #onReadable(revents: number): void {
    try {
      if (this.#isClosed) return;
      if (revents & POLLERR) this.#drainErrorQueue(false);
      for (let i = 0; i < RECEIVE_BUDGET && !this.#isClosed; i++) {
        if (!this.#receiveOne()) break;
      }
    } catch (err) {
      // Nothing here should throw; if it does, count it and keep the receive loop alive.
      this.stats.receiveErrors++;
      console.error(`UdpSocket ${formatSocketAddress(this.#local)}: receive failed`, err);
    }
  }

  /** Reads one datagram; false when there is nothing more to read now. */
  #receiveOne(): boolean {
    const length = this.#recvmsg(0);
    if (length < 0) {
      const errno = lastErrno();
      if (errno === EAGAIN) return false;
      if (errno === EINTR) return true;
      if (isAsynchronousErrno(errno)) {
        if (this.#drainErrorQueue(false) === 0) {
          this.#emit(deliveryErrorFromErrno(errno, this.#remote), false);
        }
        return true;
      }
      this.stats.receiveErrors++;
      return false;
    }
    const flags = this.#area.header.getInt32(MSGHDR_FLAGS, true);
    if (flags & MSG_TRUNC) {
      this.stats.oversizeDropped++;
      return true;
    }
    const event = this.#readDatagram(length, flags);
    if (event === null) {
      this.stats.malformedDropped++;
      return true;
    }
    this.stats.datagramsReceived++;
    this.stats.bytesReceived += length;
    this.#emit(event, false);
    return true;
  }

  #readDatagram(length: number, flags: number): Datagram | null {
    try {
      const source = decodeSockaddr(
        this.#area.name,
        this.#area.header.getUint32(MSGHDR_NAMELEN, true),
      );
      if (source === null) return null;
      const controlLength = Number(this.#area.header.getBigUint64(MSGHDR_CONTROLLEN, true));
      const info = parseControlMessages(this.#area.control, controlLength);
      if (info.malformed !== undefined || (flags & MSG_CTRUNC)) return null;
      let local = info.destination;
      // A dual-stack socket names IPv4 peers as mapped addresses; say the same of ourselves.
      if (local !== undefined && this.family === "ipv6" && !local.includes(":")) {
        local = `::ffff:${local}`;
      }
      return {
        type: "datagram",
        data: this.#area.buffer.slice(0, length),
        source,
        destination: local === undefined ? null : {
          family: this.family,
          address: local,
          port: this.#local.port,
          scopeId: source.scopeId,
          flowInfo: 0,
        },
        interfaceIndex: info.interfaceIndex ?? 0,
        trafficClass: info.trafficClass ?? -1,
      };
    } catch {
      return null;
    }
  }

  /** Reads every queued error; returns how many were reported. */
  #drainErrorQueue(deferred: boolean): number {
    let count = 0;
    while (!this.#isClosed) {
      const length = this.#recvmsg(MSG_ERRQUEUE);
      if (length < 0) break; // EAGAIN: the queue is empty
      const controlLength = Number(this.#area.header.getBigUint64(MSGHDR_CONTROLLEN, true));
      const info = parseControlMessages(this.#area.control, controlLength);
      if (info.extendedError === undefined) {
        this.stats.malformedDropped++;
        continue;
      }
      let destination: SocketAddress | null = null;
      try {
        destination = decodeSockaddr(
          this.#area.name,
          this.#area.header.getUint32(MSGHDR_NAMELEN, true),
        );
      } catch {
        destination = null;
      }
      this.#emit(classifyExtendedError(info.extendedError, destination), deferred);
      count++;
    }
    return count;
  }

  #recvmsg(flags: number): number {
    const h = this.#area.header;
    this.#area.iov.setBigUint64(8, BigInt(this.#maxDatagramBytes), true);
    h.setUint32(MSGHDR_NAMELEN, SIZEOF_SOCKADDR_STORAGE, true);
    h.setBigUint64(MSGHDR_CONTROLLEN, BigInt(CONTROL_BYTES), true);
    h.setInt32(MSGHDR_FLAGS, 0, true);
    return Number(libc().recvmsg(this.#fd, h, flags | MSG_DONTWAIT));
  }

  // ---- sending ----

  #transmit(data: Uint8Array, raw: Uint8Array | null, to: AddressInput, op: string): number {
    if (!(data instanceof Uint8Array)) {
      throw NetError.invalid(op, `data must be a Uint8Array, got ${describe(data)}`);
    }
    const limit = this.family === "ipv4" ? MAX_UDP_PAYLOAD - 20 : MAX_UDP_PAYLOAD;
    if (data.length > limit) {
      throw NetError.invalid(op, `datagram of ${data.length} bytes exceeds the UDP limit ${limit}`);
    }
    const c = libc();
    for (let attempt = 0; attempt < 2; attempt++) {
      const sent = Number(c.sendto(this.#fd, data, BigInt(data.length), 0, raw, raw?.length ?? 0));
      if (sent >= 0) {
        this.stats.datagramsSent++;
        this.stats.bytesSent += sent;
        return sent;
      }
      const errno = lastErrno();
      if (errno === EAGAIN || errno === ENOBUFS) {
        this.stats.sendsDropped++;
        return 0;
      }
      if (errno === EINTR) continue;
      if (!isAsynchronousErrno(errno)) {
        throw NetError.fromErrno(op, errno, `to ${formatSocketAddress(to)}`);
      }
      // An earlier datagram's ICMP error: report it; retry if the queue explained it.
      if (this.#drainErrorQueue(true) > 0 && attempt === 0) continue;
      this.#emit(deliveryErrorFromErrno(errno, this.#remote ?? toSocketAddress(to)), true);
      this.stats.sendsDropped++;
      return 0;
    }
    this.stats.sendsDropped++;
    return 0;
  }

  #encodePeer(peer: AddressInput, op: string): Uint8Array {
    if (peer === null || typeof peer !== "object" || typeof peer.address !== "string") {
      throw NetError.invalid(op, `expected { address, port }, got ${describe(peer)}`);
    }
    checkPort(peer.port, op);
    const family = parseIp(peer.address).family;
    if (family === this.family) return encodeSockaddr(peer, op);
    if (this.family === "ipv6" && !this.#v6Only) {
      return encodeSockaddr({ ...peer, address: `::ffff:${peer.address}` }, op);
    }
    throw NetError.invalid(
      op,
      `${formatSocketAddress(peer)} is ${family} but the socket is ${this.family}`,
    );
  }

  // ---- events ----

  #emit(event: SocketEvent, deferred: boolean): void {
    if (event.type === "delivery-error") this.stats.deliveryErrors++;
    if (deferred && this.#handler) queueMicrotask(() => this.#dispatch(event));
    else this.#dispatch(event);
  }

  #dispatch(event: SocketEvent): void {
    const handler = this.#handler;
    if (!handler) {
      this.#queue.push(event);
      this.stats.queueDropped = this.#queue.dropped;
      return;
    }
    if (this.#isClosed) return;
    try {
      handler(event);
    } catch (err) {
      this.stats.handlerErrors++;
      console.error(`UdpSocket ${formatSocketAddress(this.#local)}: listen handler threw`, err);
    }
  }

  // ---- small helpers ----

  #checkOpen(op: string): void {
    if (this.#isClosed) throw NetError.invalid(op, "the socket is closed");
  }

  #readName(which: "getsockname" | "getpeername"): SocketAddress {
    const raw = new Uint8Array(SIZEOF_SOCKADDR_STORAGE);
    const length = new Uint32Array([raw.length]);
    if (libc()[which](this.#fd, raw, length) < 0) throw NetError.fromErrno(which, lastErrno());
    const addr = decodeSockaddr(raw, length[0]);
    if (addr === null) throw NetError.invalid(which, "the kernel returned no address");
    return addr;
  }

  #setInt(level: number, option: number, value: number, name: string): void {
    const v = new Int32Array([value]);
    if (libc().setsockopt(this.#fd, level, option, v, 4) < 0) {
      throw NetError.fromErrno("setsockopt", lastErrno(), `${name}=${value}`);
    }
  }

  #getInt(level: number, option: number, name: string): number {
    const v = new Int32Array(1);
    const length = new Uint32Array([4]);
    if (libc().getsockopt(this.#fd, level, option, v, length) < 0) {
      throw NetError.fromErrno("getsockopt", lastErrno(), name);
    }
    return v[0];
  }
}

/**
 * The `recvmsg` scratch (msghdr, iovec, sockaddr_storage, control, and a buffer for the
 * largest datagram) at fixed addresses, shared by every socket of the process: reads run
 * synchronously on the JS thread and each result is copied out before the next read, so one
 * area serves all, instead of 64 kB per socket.
 */
interface ReceiveArea {
  readonly header: DataView;
  readonly iov: DataView;
  readonly name: Uint8Array;
  readonly control: Uint8Array;
  readonly buffer: Uint8Array;
}

let sharedArea: ReceiveArea | undefined;

function receiveArea(): ReceiveArea {
  if (sharedArea) return sharedArea;
  const scratch = new ArrayBuffer(CONTROL_OFFSET + CONTROL_BYTES);
  const area: ReceiveArea = {
    header: new DataView(scratch, 0, SIZEOF_MSGHDR),
    iov: new DataView(scratch, SIZEOF_MSGHDR, SIZEOF_IOVEC),
    name: new Uint8Array(scratch, NAME_OFFSET, SIZEOF_SOCKADDR_STORAGE),
    control: new Uint8Array(scratch, CONTROL_OFFSET, CONTROL_BYTES),
    buffer: new Uint8Array(new ArrayBuffer(MAX_UDP_PAYLOAD)),
  };
  const pointer = (view: ArrayBufferView) => Deno.UnsafePointer.value(Deno.UnsafePointer.of(view));
  area.iov.setBigUint64(0, pointer(area.buffer), true);
  area.iov.setBigUint64(8, BigInt(MAX_UDP_PAYLOAD), true);
  area.header.setBigUint64(MSGHDR_NAME, pointer(area.name), true);
  area.header.setBigUint64(MSGHDR_IOV, pointer(area.iov), true);
  area.header.setBigUint64(MSGHDR_IOVLEN, 1n, true);
  area.header.setBigUint64(MSGHDR_CONTROL, pointer(area.control), true);
  return sharedArea = area;
}

function chooseFamily(options: UdpSocketOptions): AddressFamily {
  if (options === null || typeof options !== "object") {
    throw NetError.invalid("bind", `options must be an object, got ${describe(options)}`);
  }
  if (options.family !== undefined && options.family !== "ipv4" && options.family !== "ipv6") {
    throw NetError.invalid(
      "bind",
      `family must be "ipv4" or "ipv6", got ${describe(options.family)}`,
    );
  }
  if (options.address === undefined) return options.family ?? "ipv4";
  const family = parseIp(options.address).family;
  if (options.family !== undefined && options.family !== family) {
    throw NetError.invalid("bind", `address ${options.address} is not ${options.family}`);
  }
  return family;
}

function validateOptions(options: UdpSocketOptions): void {
  if (options.port !== undefined) checkPort(options.port, "bind");
  if (options.trafficClass !== undefined) checkByte(options.trafficClass, "bind");
  const max = options.maxDatagramBytes;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= MAX_UDP_PAYLOAD)) {
    throw NetError.invalid(
      "bind",
      `maxDatagramBytes ${max} is not an integer 1..${MAX_UDP_PAYLOAD}`,
    );
  }
  const limit = options.queueLimit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw NetError.invalid("bind", `queueLimit ${limit} is not a positive integer`);
  }
  if (
    options.readiness !== undefined && !["epoll", "thread", "timer"].includes(options.readiness)
  ) {
    throw NetError.invalid(
      "bind",
      `readiness must be "epoll", "thread" or "timer", got ${options.readiness}`,
    );
  }
  const interval = options.timerIntervalMs;
  if (interval !== undefined && !(interval >= 0 && interval <= 1000)) {
    throw NetError.invalid("bind", `timerIntervalMs ${interval} is not 0..1000`);
  }
  for (const key of ["receiveBufferBytes", "sendBufferBytes"] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0 && v <= 0x7fffffff)) {
      throw NetError.invalid("bind", `${key} ${v} is not a positive integer`);
    }
  }
}

function checkByte(value: number, op: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw NetError.invalid(op, `traffic class ${value} is not an integer 0..255`);
  }
}

function toSocketAddress(to: AddressInput): SocketAddress {
  const ip = parseIp(to.address);
  return {
    family: ip.family,
    address: formatIp(ip.bytes),
    port: to.port,
    scopeId: to.scopeId ?? ip.scopeId,
    flowInfo: 0,
  };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value === "object" ? value.constructor?.name ?? "object" : typeof value;
}
