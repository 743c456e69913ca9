/**
 * An in-memory IP network for tests: hosts with addresses, UDP sockets implementing
 * {@link Transport}, a fake clock, latency, loss, and the ICMP errors a Linux host or a
 * router would send (port unreachable for a closed port, host unreachable on request).
 *
 * @example
 * ```ts
 * import { MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork({ latencyMs: 10 });
 * const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 5000 });
 * a.onIcmp((e) => console.log(e.kind)); // "port-unreachable": nobody listens on 10.0.0.2
 * net.host("10.0.0.2");
 * a.send(new Uint8Array([1]), { address: "10.0.0.2", port: 10000 });
 * net.runUntil(100);
 * ```
 * @module
 */
import {
  checkPort,
  type Endpoint,
  type IcmpKind,
  isWildcardAddress,
  normalizeAddress,
  sameAddress,
  sameEndpoint,
} from "../../runtime/notasip/endpoint.ts";
import type {
  IcmpReport,
  ReceivedDatagram,
  Transport,
  TransportFactory,
} from "../../runtime/notasip/transport.ts";

/** A datagram or an ICMP error on its way, as loss and latency functions see it. */
export interface InFlight {
  readonly kind: "datagram" | "icmp";
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly sentAt: number;
  readonly bytes: Uint8Array;
  /** For `icmp`: which error. */
  readonly icmp?: IcmpKind;
}

/** Options of {@link MemoryNetwork}. */
export interface MemoryNetworkOptions {
  /** One-way delay in ms, fixed or per packet (default 10). */
  readonly latencyMs?: number | ((p: InFlight) => number);
  /** Returns true to lose a packet (default: nothing is lost). */
  readonly drop?: (p: InFlight) => boolean;
  /** Keep a record of every delivery in {@link MemoryNetwork.trace} (default false). */
  readonly trace?: boolean;
}

/** A delivered packet, for assertions. */
export interface Delivery extends InFlight {
  readonly at: number;
}

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/** The network. Time only moves in {@link runUntil}. */
export class MemoryNetwork {
  /** The fake clock, in ms. */
  now = 0;
  readonly stats = { sent: 0, dropped: 0, delivered: 0, icmp: 0, vanished: 0 };
  readonly trace: Delivery[] = [];
  readonly #hosts = new Map<string, MemoryHost>();
  readonly #routerErrors = new Map<string, IcmpKind>();
  readonly #queue: Scheduled[] = [];
  readonly #options: MemoryNetworkOptions;
  #seq = 0;

  constructor(options: MemoryNetworkOptions = {}) {
    this.#options = options;
  }

  /** Adds a host owning `addresses` (the first is its source address for wildcard sockets). */
  host(...addresses: string[]): MemoryHost {
    if (addresses.length === 0) throw new Error("MemoryNetwork.host: give at least one address");
    const host = new MemoryHost(this, addresses.map(normalizeAddress));
    for (const a of host.addresses) {
      if (this.#hosts.has(a)) throw new Error(`MemoryNetwork.host: ${a} already exists`);
      this.#hosts.set(a, host);
    }
    return host;
  }

  /** Takes a host off the network silently (powered off): its packets just vanish. */
  removeHost(address: string): void {
    const host = this.#hosts.get(normalizeAddress(address));
    if (!host) return;
    for (const a of host.addresses) this.#hosts.delete(a);
    host.closeAll();
  }

  /** Makes a router answer datagrams for `address` (which has no host) with `kind`. */
  routerError(address: string, kind: IcmpKind): void {
    this.#routerErrors.set(normalizeAddress(address), kind);
  }

  /** Delivers everything due up to `t` in time order, then sets the clock to `t`. */
  runUntil(t: number): void {
    while (this.#queue.length > 0 && this.#queue[0].at <= t) {
      const next = this.#queue.shift()!;
      this.now = next.at;
      next.run();
    }
    this.now = Math.max(this.now, t);
  }

  /** @internal sends a datagram from a socket. */
  transmit(socket: MemorySocket, from: Endpoint, to: Endpoint, bytes: Uint8Array): void {
    this.stats.sent++;
    const p: InFlight = { kind: "datagram", from, to, sentAt: this.now, bytes };
    this.#schedule(p, () => this.#arrive(socket, p));
  }

  #arrive(sender: MemorySocket, p: InFlight): void {
    const host = this.#hosts.get(normalizeAddress(p.to.address));
    if (!host) {
      const kind = this.#routerErrors.get(normalizeAddress(p.to.address));
      if (kind) this.#icmp(sender, p, kind);
      else this.stats.vanished++;
      return;
    }
    const socket = host.socketFor(p.to, p.from);
    if (!socket) {
      this.#icmp(sender, p, "port-unreachable"); // the kernel's answer for a closed port
      return;
    }
    this.#delivered(p);
    socket.deliver({ bytes: p.bytes, from: p.from, to: p.to });
  }

  #icmp(sender: MemorySocket, failed: InFlight, kind: IcmpKind): void {
    this.stats.icmp++;
    const p: InFlight = {
      kind: "icmp",
      from: failed.to,
      to: failed.from,
      sentAt: this.now,
      bytes: new Uint8Array(0),
      icmp: kind,
    };
    this.#schedule(p, () => {
      this.#delivered(p);
      sender.icmp({ kind, address: failed.to.address, port: failed.to.port });
    });
  }

  #delivered(p: InFlight): void {
    this.stats.delivered++;
    if (this.#options.trace) this.trace.push({ ...p, at: this.now });
  }

  #schedule(p: InFlight, run: () => void): void {
    if (this.#options.drop?.(p)) {
      this.stats.dropped++;
      return;
    }
    const latency = this.#options.latencyMs ?? 10;
    const delay = typeof latency === "number" ? latency : latency(p);
    const item = { at: this.now + Math.max(0, delay), seq: this.#seq++, run };
    let i = this.#queue.length;
    while (i > 0 && this.#queue[i - 1].at > item.at) i--;
    this.#queue.splice(i, 0, item);
  }
}

/** One host: a {@link TransportFactory} for its sockets. */
export class MemoryHost implements TransportFactory {
  readonly #sockets = new Set<MemorySocket>();

  constructor(readonly network: MemoryNetwork, readonly addresses: readonly string[]) {}

  /** Binds like Linux: one socket per port and overlapping address; throws EADDRINUSE. */
  bind(local: Endpoint): Transport {
    checkPort(local.port, "MemoryHost.bind");
    const wildcard = isWildcardAddress(local.address);
    if (!wildcard && !this.addresses.includes(normalizeAddress(local.address))) {
      throw new Error(`EADDRNOTAVAIL: ${local.address} is not an address of this host`);
    }
    for (const s of this.#sockets) {
      const overlaps = wildcard || isWildcardAddress(s.local.address) ||
        sameAddress(s.local.address, local.address);
      if (s.local.port === local.port && overlaps) {
        throw new Error(`EADDRINUSE: ${local.address}:${local.port}`);
      }
    }
    const socket = new MemorySocket(this, { address: local.address, port: local.port });
    this.#sockets.add(socket);
    return socket;
  }

  /** Open sockets, for assertions. */
  get openPorts(): number[] {
    return [...this.#sockets].map((s) => s.local.port).sort((a, b) => a - b);
  }

  /** @internal the socket a datagram to `to` from `from` goes to, as Linux picks it. */
  socketFor(to: Endpoint, from: Endpoint): MemorySocket | undefined {
    let best: MemorySocket | undefined;
    for (const s of this.#sockets) {
      if (s.local.port !== to.port) continue;
      if (!isWildcardAddress(s.local.address) && !sameAddress(s.local.address, to.address)) {
        continue;
      }
      if (s.peer && !sameEndpoint(s.peer, from)) continue;
      if (!best || (s.peer && !best.peer)) best = s;
    }
    return best;
  }

  /** @internal */
  forget(socket: MemorySocket): void {
    this.#sockets.delete(socket);
  }

  /** @internal */
  closeAll(): void {
    for (const s of [...this.#sockets]) s.close();
  }
}

/** A socket of a {@link MemoryHost}. */
export class MemorySocket implements Transport {
  peer?: Endpoint;
  #open = true;
  #onPacket?: (d: ReceivedDatagram) => void;
  #onIcmp?: (e: IcmpReport) => void;

  constructor(readonly host: MemoryHost, readonly local: Endpoint) {}

  connect(peer: Endpoint): void {
    this.#check("connect");
    this.peer = { address: peer.address, port: peer.port };
  }

  send(bytes: Uint8Array, to?: Endpoint): void {
    this.#check("send");
    const dest = to ?? this.peer;
    if (!dest) throw new Error("EDESTADDRREQ: send on an unconnected socket without a destination");
    const source = isWildcardAddress(this.local.address)
      ? this.host.addresses[0]
      : this.local.address;
    this.host.network.transmit(
      this,
      { address: source, port: this.local.port },
      dest,
      bytes.slice(),
    );
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.host.forget(this);
  }

  onPacket(handler: (d: ReceivedDatagram) => void): void {
    this.#onPacket = handler;
  }

  onIcmp(handler: (e: IcmpReport) => void): void {
    this.#onIcmp = handler;
  }

  /** True until closed. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** @internal */
  deliver(d: ReceivedDatagram): void {
    if (this.#open) this.#onPacket?.(d);
  }

  /** @internal a connected socket hears only errors about its peer, like Linux. */
  icmp(e: IcmpReport): void {
    if (!this.#open) return;
    if (this.peer && !sameEndpoint(this.peer, { address: e.address, port: e.port ?? -1 })) return;
    this.#onIcmp?.(e);
  }

  #check(what: string): void {
    if (!this.#open) throw new Error(`EBADF: ${what} on a closed socket`);
  }
}
