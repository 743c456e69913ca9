/**
 * A userspace UDP impairment relay, for tests and benchmarks that put a bad network between
 * two phones where the kernel's netem is not available. It listens on one address, forwards
 * each datagram to a target through an {@link Impairment} (delay, loss, reordering,
 * duplication; seeded, so runs repeat), and forwards the answers back.
 *
 * Addressing mirrors the far side, so NOTASIP works through it: each client (caller address
 * seen on the listening port) gets its own relay socket towards the target. When the target
 * side answers from a NEW port (the NOTASIP callee does), the relay opens a new port of its
 * own on the listening address and delivers those answers from it; what the client sends to
 * that port goes to the far side's new port. The client therefore sees what it would see
 * without the relay: answers from a new port on the address it dialed.
 *
 * Not done: ICMP errors are not relayed (a closed far port does not show as port-unreachable
 * to the client), and sessions live until the relay is closed.
 *
 * @example
 * ```ts
 * import { ImpairmentRelay } from "./impairment_relay.ts";
 * await using relay = ImpairmentRelay.start({
 *   listen: { address: "127.0.0.1" },
 *   target: { address: "127.0.0.1", port: 10000 },
 *   toTarget: { delay: { kind: "normal", meanMs: 40, stdDevMs: 5 } },
 *   toClient: { loss: { kind: "bernoulli", probability: 0.02 } },
 *   seed: 7,
 * });
 * // the caller dials relay.address instead of 127.0.0.1:10000
 * ```
 * @module
 */

import { DelayLine } from "./delay_line.ts";
import {
  Impairment,
  type ImpairmentCounters,
  type ImpairmentProfile,
  validateProfile,
} from "./impairment.ts";
import { anyAddress, parseIp } from "../../runtime/net/ip_address.ts";
import { NetError } from "../../runtime/net/net_error.ts";
import {
  type AddressInput,
  checkPort,
  formatSocketAddress,
  type SocketAddress,
} from "../../runtime/net/sockaddr.ts";
import { type SocketEvent, UdpSocket } from "../../runtime/net/udp_socket.ts";

/** How to set up a relay. */
export interface RelayOptions {
  /** The address (and port; default random) clients send to. */
  readonly listen: { readonly address: string; readonly port?: number };
  /** Where client datagrams go (e.g. the callee's well-known port). */
  readonly target: AddressInput;
  /** Local address of the sockets facing the target; default the unspecified address. */
  readonly targetSideAddress?: string;
  /** Impairments from clients to the target side. */
  readonly toTarget?: ImpairmentProfile;
  /** Impairments from the target side to clients. */
  readonly toClient?: ImpairmentProfile;
  /** Seed of every random choice; the same seed and packet order give the same run. */
  readonly seed?: number;
  /** Clients served at once; datagrams from more are dropped and counted. Default 64. */
  readonly maxSessions?: number;
  /** TOS byte / traffic class of forwarded packets; default 0xB8 like every UdpSocket. */
  readonly trafficClass?: number;
}

/** What happened in one direction. */
export interface RelayDirectionCounters extends ImpairmentCounters {
  /** Bytes received in this direction. */
  bytes: number;
  /** Copies handed to the kernel. */
  sent: number;
  /** Copies the kernel refused or that could not be sent (socket gone, buffer full). */
  sendFailures: number;
  /**
   * How much later than drawn the copies were actually sent (timer and event-loop lateness),
   * summed and at most, ms. The relay's own error; it grows when the CPU is busy.
   */
  latenessSumMs: number;
  latenessMaxMs: number;
}

/** Everything the relay counted. */
export interface RelayCounters {
  readonly toTarget: RelayDirectionCounters;
  readonly toClient: RelayDirectionCounters;
  /** Clients that got a session. */
  sessions: number;
  /** Extra ports opened because the far side answered from a new port. */
  mirroredPorts: number;
  /** Datagrams from addresses with no session on a mirrored port, dropped. */
  strangers: number;
  /** Datagrams from clients beyond `maxSessions`, dropped. */
  sessionsRefused: number;
  /** ICMP errors the relay's own sockets received (not relayed). */
  deliveryErrors: number;
}

interface Session {
  readonly client: SocketAddress;
  /** The socket facing the target side. */
  readonly back: UdpSocket;
  /** Relay ports that mirror far-side ports other than the target, by far address. */
  readonly mirrors: Map<string, UdpSocket>;
}

/** A running relay; close it to release its sockets and timers. */
export class ImpairmentRelay implements AsyncDisposable {
  /** Counters since start. */
  readonly counters: RelayCounters;
  readonly #options: RelayOptions;
  readonly #front: UdpSocket;
  readonly #target: AddressInput;
  readonly #sessions = new Map<string, Session>();
  readonly #sockets = new Set<UdpSocket>();
  readonly #line = new DelayLine();
  readonly #toTarget: Impairment;
  readonly #toClient: Impairment;
  #closing: Promise<void> | null = null;

  private constructor(options: RelayOptions, front: UdpSocket) {
    this.#options = options;
    this.#front = front;
    this.#target = options.target;
    const seed = options.seed ?? 1;
    this.#toTarget = new Impairment(options.toTarget ?? {}, seed * 2 + 0);
    this.#toClient = new Impairment(options.toClient ?? {}, seed * 2 + 1);
    this.counters = {
      toTarget: directionCounters(this.#toTarget),
      toClient: directionCounters(this.#toClient),
      sessions: 0,
      mirroredPorts: 0,
      strangers: 0,
      sessionsRefused: 0,
      deliveryErrors: 0,
    };
  }

  /**
   * Validates the options, binds the listening socket and starts relaying. Throws a
   * {@link NetError} naming the bad option, or the failed bind.
   */
  static start(options: RelayOptions): ImpairmentRelay {
    validateRelayOptions(options);
    const front = UdpSocket.bind({
      address: options.listen.address,
      port: options.listen.port ?? 0,
      trafficClass: options.trafficClass,
    });
    let relay: ImpairmentRelay;
    try {
      relay = new ImpairmentRelay(options, front);
    } catch (err) {
      front.close();
      throw err;
    }
    relay.#sockets.add(front);
    front.listen((e) => relay.#fromClient(e));
    return relay;
  }

  /** The address clients send to. */
  get address(): SocketAddress {
    return this.#front.localAddress;
  }

  /** Relay ports currently open (listening port, target-facing and mirrored ports). */
  get openSockets(): number {
    return this.#sockets.size;
  }

  /** Stops relaying: cancels queued packets, closes every socket and the timer. */
  close(): Promise<void> {
    if (this.#closing === null) {
      this.#closing = (async () => {
        await this.#line.close();
        const sockets = [...this.#sockets];
        this.#sockets.clear();
        for (const s of sockets) s.close();
        await Promise.all(sockets.map((s) => s.closed));
      })();
    }
    return this.#closing;
  }

  /** `await using`: closes the relay. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- client side ----

  #fromClient(event: SocketEvent): void {
    if (event.type !== "datagram") {
      this.counters.deliveryErrors++;
      return;
    }
    const session = this.#sessionFor(event.source);
    if (session === null) return;
    this.#forward(this.#toTarget, this.counters.toTarget, session.back, event.data, this.#target);
  }

  #sessionFor(client: SocketAddress): Session | null {
    const key = formatSocketAddress(client);
    const existing = this.#sessions.get(key);
    if (existing) return existing;
    if (this.#closing) return null;
    if (this.#sessions.size >= (this.#options.maxSessions ?? 64)) {
      this.counters.sessionsRefused++;
      return null;
    }
    const targetFamily = parseIp(this.#target.address).family;
    const back = this.#openSocket(this.#options.targetSideAddress ?? anyAddress(targetFamily));
    const session: Session = { client, back, mirrors: new Map() };
    this.#sessions.set(key, session);
    this.counters.sessions++;
    back.listen((e) => this.#fromFarSide(session, e));
    return session;
  }

  // ---- target side ----

  #fromFarSide(session: Session, event: SocketEvent): void {
    if (event.type !== "datagram") {
      this.counters.deliveryErrors++;
      return;
    }
    const out = isSameEndpoint(event.source, this.#target)
      ? this.#front
      : this.#mirrorFor(session, event.source);
    if (out === null) return;
    this.#forward(this.#toClient, this.counters.toClient, out, event.data, session.client);
  }

  /** The relay port standing for far-side port `far`, opened on first use. */
  #mirrorFor(session: Session, far: SocketAddress): UdpSocket | null {
    const key = formatSocketAddress(far);
    const existing = session.mirrors.get(key);
    if (existing) return existing;
    if (this.#closing) return null;
    const mirror = this.#openSocket(this.#front.localAddress.address);
    session.mirrors.set(key, mirror);
    this.counters.mirroredPorts++;
    mirror.listen((e) => {
      if (e.type !== "datagram") {
        this.counters.deliveryErrors++;
      } else if (!isSameEndpoint(e.source, session.client)) {
        this.counters.strangers++;
      } else {
        this.#forward(this.#toTarget, this.counters.toTarget, session.back, e.data, far);
      }
    });
    return mirror;
  }

  // ---- forwarding ----

  #forward(
    impairment: Impairment,
    counters: RelayDirectionCounters,
    via: UdpSocket,
    data: Uint8Array,
    to: AddressInput,
  ): void {
    counters.bytes += data.length;
    const received = performance.now();
    for (const delay of impairment.decide()) {
      const send = () => {
        if (via.isClosed) {
          counters.sendFailures++;
          return;
        }
        const late = performance.now() - received - delay;
        counters.latenessSumMs += late;
        if (late > counters.latenessMaxMs) counters.latenessMaxMs = late;
        try {
          if (via.sendTo(data, to) > 0) counters.sent++;
          else counters.sendFailures++;
        } catch {
          counters.sendFailures++;
        }
      };
      if (delay === 0) send();
      else this.#line.schedule(delay, send);
    }
  }

  #openSocket(address: string): UdpSocket {
    const socket = UdpSocket.bind({ address, trafficClass: this.#options.trafficClass });
    this.#sockets.add(socket);
    return socket;
  }
}

/** Counters that read the impairment's live numbers and add the relay's own. */
function directionCounters(impairment: Impairment): RelayDirectionCounters {
  const own = { bytes: 0, sent: 0, sendFailures: 0, latenessSumMs: 0, latenessMaxMs: 0 };
  const c = impairment.counters;
  return Object.defineProperties(own, {
    packets: { get: () => c.packets, enumerable: true },
    lost: { get: () => c.lost, enumerable: true },
    duplicated: { get: () => c.duplicated, enumerable: true },
    reordered: { get: () => c.reordered, enumerable: true },
    copies: { get: () => c.copies, enumerable: true },
    delaySumMs: { get: () => c.delaySumMs, enumerable: true },
    delaySumSqMs: { get: () => c.delaySumSqMs, enumerable: true },
  }) as RelayDirectionCounters;
}

function isSameEndpoint(a: SocketAddress, b: AddressInput): boolean {
  if (a.port !== b.port) return false;
  const x = parseIp(a.address).bytes;
  const y = parseIp(b.address).bytes;
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function validateRelayOptions(o: RelayOptions): void {
  const bad = (what: string) => NetError.invalid("impairment relay", what);
  if (o === null || typeof o !== "object") throw bad("options must be an object");
  if (!o.listen || typeof o.listen.address !== "string") {
    throw bad("listen must be { address, port? } with a literal IP address");
  }
  parseIp(o.listen.address);
  if (o.listen.port !== undefined) checkPort(o.listen.port, "impairment relay listen");
  if (!o.target || typeof o.target.address !== "string") {
    throw bad("target must be { address, port } with a literal IP address");
  }
  parseIp(o.target.address);
  checkPort(o.target.port, "impairment relay target");
  if (o.target.port === 0) throw bad("target port 0 cannot be sent to");
  if (o.seed !== undefined && !Number.isInteger(o.seed)) {
    throw bad(`seed ${o.seed} is not an integer`);
  }
  if (o.toTarget !== undefined) validateProfile(o.toTarget, "toTarget");
  if (o.toClient !== undefined) validateProfile(o.toClient, "toClient");
  const max = o.maxSessions;
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
    throw bad(`maxSessions ${max} is not a positive integer`);
  }
}
