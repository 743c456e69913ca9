/**
 * A RADIUS client for a NAS: Access-Requests and Accounting-Requests to a list of servers,
 * retransmitted with exponential back-off, failing over to the next server on timeout or on
 * ICMP port unreachable, within an overall deadline so a caller is never left hanging. Every
 * reply is checked (source, identifier, code, Response Authenticator, Message-Authenticator);
 * anything else is dropped and counted, and never ends a request.
 *
 * @example
 * ```ts
 * import { Attribute, RadiusClient, textAttribute } from "./mod.ts";
 * await using client = RadiusClient.open({
 *   servers: [
 *     { address: "127.0.0.1", port: 1812, secret: "testing123" },
 *     { address: "127.0.0.1", port: 11812, secret: "testing123" },
 *   ],
 * });
 * const outcome = await client.authenticate(
 *   [textAttribute(Attribute.UserName, "4711"), textAttribute(Attribute.NasIdentifier, "gw")],
 *   "1234",
 * );
 * if (outcome.ok) console.log(outcome.packet.code === 2 ? "accepted" : "rejected");
 * else console.log("no answer:", outcome.reason);
 * ```
 * @module
 */

import { type SocketEvent, UdpSocket } from "../net/udp_socket.ts";
import { type IpAddress, parseIp } from "../net/ip_address.ts";
import { type SocketAddress } from "../net/sockaddr.ts";
import {
  buildAccessRequest,
  buildAccountingRequest,
  type ReplyFault,
  type SignedRequest,
  verifyReply,
} from "./authenticator.ts";
import { RadiusCode } from "./dictionary.ts";
import type { RadiusAttribute, RadiusPacket } from "./packet.ts";

/** One server with its shared secret. */
export interface RadiusServer {
  /** A numeric IPv4 or IPv6 address. */
  readonly address: string;
  readonly port: number;
  readonly secret: string;
}

/** How a client behaves; all but `servers` are optional. */
export interface RadiusClientOptions {
  /** In order of preference (a primary and a secondary, or more). */
  readonly servers: readonly RadiusServer[];
  /** Wait for the first reply, ms; doubled on each retransmission (default 1000). */
  readonly timeoutMs?: number;
  /** Ceiling of the doubled wait, ms (default 4000). */
  readonly maxTimeoutMs?: number;
  /** Transmissions to one server before failing over (default 3). */
  readonly triesPerServer?: number;
  /** Give up on a request after this long whatever is left to try, ms (default 10000). */
  readonly deadlineMs?: number;
  /** Local address for IPv4 servers (default any). */
  readonly bindIpv4?: string;
  /** Local address for IPv6 servers (default any). */
  readonly bindIpv6?: string;
}

/** A verified reply, or why there is none. */
export type RadiusOutcome =
  | {
    readonly ok: true;
    readonly packet: RadiusPacket;
    /** Index into `servers` of the server that answered. */
    readonly server: number;
    readonly roundTripMs: number;
  }
  | { readonly ok: false; readonly reason: "no-answer" | "closed"; readonly detail: string };

/** What the client counted since it was opened. */
export interface RadiusClientStats {
  requests: number;
  transmissions: number;
  retransmissions: number;
  failovers: number;
  answered: number;
  unanswered: number;
  /** Port unreachable (or another hard ICMP error) from a server. */
  serverUnreachable: number;
  /** Replies dropped, by reason (also from unknown sources or for no pending request). */
  dropped: Record<ReplyFault | "unknown-source" | "no-pending-request", number>;
}

interface Pending {
  readonly request: SignedRequest;
  readonly secret: Uint8Array;
  readonly resolve: (reply: RadiusPacket | "unreachable") => void;
}

const ANY_ID = 256;

/** A RADIUS client bound to local UDP sockets (one per address family in use). */
export class RadiusClient implements AsyncDisposable {
  readonly stats: RadiusClientStats = {
    requests: 0,
    transmissions: 0,
    retransmissions: 0,
    failovers: 0,
    answered: 0,
    unanswered: 0,
    serverUnreachable: 0,
    dropped: {
      "too-short": 0,
      "bad-length": 0,
      "bad-attribute-length": 0,
      "bad-attribute-value": 0,
      "wrong-identifier": 0,
      "unexpected-code": 0,
      "bad-response-authenticator": 0,
      "missing-message-authenticator": 0,
      "bad-message-authenticator": 0,
      "unknown-source": 0,
      "no-pending-request": 0,
    },
  };

  readonly #servers: readonly RadiusServer[];
  readonly #secrets: readonly Uint8Array[];
  readonly #sockets: Map<"ipv4" | "ipv6", UdpSocket> = new Map();
  readonly #pending: Map<number, Pending>[];
  readonly #nextId: number[];
  readonly #inUse: Set<number>[];
  readonly #idWaiters: (() => void)[][];
  readonly #timeoutMs: number;
  readonly #maxTimeoutMs: number;
  readonly #tries: number;
  readonly #deadlineMs: number;
  #preferred = 0;
  #closed = false;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(options: RadiusClientOptions) {
    this.#servers = options.servers;
    this.#secrets = options.servers.map((s) => new TextEncoder().encode(s.secret));
    this.#pending = options.servers.map(() => new Map());
    this.#nextId = options.servers.map(() => Math.floor(Math.random() * 256));
    this.#idWaiters = options.servers.map(() => []);
    this.#inUse = options.servers.map(() => new Set());
    this.#timeoutMs = options.timeoutMs ?? 1000;
    this.#maxTimeoutMs = options.maxTimeoutMs ?? 4000;
    this.#tries = options.triesPerServer ?? 3;
    this.#deadlineMs = options.deadlineMs ?? 10000;
    for (const server of options.servers) {
      const family = ipOrNull(server.address)?.family;
      if (!family) continue;
      if (this.#sockets.has(family)) continue;
      const bind = family === "ipv4" ? options.bindIpv4 : options.bindIpv6;
      const socket = UdpSocket.bind({ address: bind, family, trafficClass: 0 });
      socket.listen((event) => this.#onEvent(event));
      this.#sockets.set(family, socket);
    }
  }

  /** Opens a client; throws a clear error for a bad server list or option. */
  static open(options: RadiusClientOptions): RadiusClient {
    checkOptions(options);
    return new RadiusClient(options);
  }

  /** The local address of the socket used for `family`'s servers (for tests and logs). */
  localAddress(family: "ipv4" | "ipv6"): SocketAddress | null {
    return this.#sockets.get(family)?.localAddress ?? null;
  }

  /**
   * Sends an Access-Request (Message-Authenticator first; `password` hidden as User-Password)
   * and resolves with a verified Access-Accept/Reject/Challenge, or `no-answer`.
   */
  authenticate(attributes: readonly RadiusAttribute[], password?: string): Promise<RadiusOutcome> {
    return this.#exchange((secret, id) => buildAccessRequest(secret, id, attributes, password));
  }

  /**
   * Sends an Accounting-Request built by `attributes(attempt)` (called for each server tried, so
   * Acct-Delay-Time can be current) and resolves with a verified Accounting-Response.
   */
  account(
    attributes: readonly RadiusAttribute[] | (() => readonly RadiusAttribute[]),
  ): Promise<RadiusOutcome> {
    const make = typeof attributes === "function" ? attributes : () => attributes;
    return this.#exchange((secret, id) => buildAccountingRequest(secret, id, make()));
  }

  /** Closes the sockets; requests in flight resolve with `closed`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const map of this.#pending) {
      for (const p of map.values()) p.resolve("unreachable");
      map.clear();
    }
    for (const waiters of this.#idWaiters) waiters.splice(0).forEach((w) => w());
    const sockets = [...this.#sockets.values()];
    for (const s of sockets) s.close();
    await Promise.all(sockets.map((s) => s.closed));
  }

  /** `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #exchange(
    build: (secret: Uint8Array, identifier: number) => SignedRequest,
  ): Promise<RadiusOutcome> {
    if (this.#closed) return { ok: false, reason: "closed", detail: "the client is closed" };
    this.stats.requests++;
    const deadline = performance.now() + this.#deadlineMs;
    const order = this.#servers.map((_, i) => (this.#preferred + i) % this.#servers.length);
    const tried: string[] = [];
    for (const [n, index] of order.entries()) {
      if (n > 0) this.stats.failovers++;
      const result = await this.#tryServer(index, build, deadline);
      if (this.#closed) return { ok: false, reason: "closed", detail: "the client was closed" };
      if (typeof result !== "string") {
        this.#preferred = index;
        this.stats.answered++;
        return { ok: true, packet: result.packet, server: index, roundTripMs: result.ms };
      }
      tried.push(`${describe(this.#servers[index])} ${result}`);
      if (performance.now() >= deadline) break;
    }
    this.stats.unanswered++;
    return { ok: false, reason: "no-answer", detail: tried.join("; ") };
  }

  /** Up to `tries` transmissions to one server; the reply, or why not. */
  async #tryServer(
    index: number,
    build: (secret: Uint8Array, identifier: number) => SignedRequest,
    deadline: number,
  ): Promise<{ packet: RadiusPacket; ms: number } | string> {
    const server = this.#servers[index];
    const socket = this.#sockets.get(parseIp(server.address)!.family);
    if (!socket) return "has no socket";
    const id = await this.#allocateId(index);
    if (id === ANY_ID) return "closed";
    const secret = this.#secrets[index];
    const request = build(secret, id);
    const started = performance.now();
    type Settled = RadiusPacket | "unreachable" | "timeout";
    let settle: (v: Settled) => void = () => {};
    this.#pending[index].set(id, { request, secret, resolve: (v) => settle(v) });
    try {
      let wait = this.#timeoutMs;
      for (let attempt = 0; attempt < this.#tries; attempt++) {
        const left = deadline - performance.now();
        if (left <= 0) return "deadline passed";
        const settled = new Promise<Settled>((r) => settle = r);
        if (attempt > 0) this.stats.retransmissions++;
        this.stats.transmissions++;
        try {
          socket.sendTo(request.bytes, { address: server.address, port: server.port });
        } catch (e) {
          return `send failed: ${(e as Error).message}`;
        }
        const timer = setTimeout(() => settle("timeout"), Math.min(wait, left));
        this.#timers.add(timer);
        const outcome = await settled;
        clearTimeout(timer);
        this.#timers.delete(timer);
        if (outcome === "unreachable") return this.#closed ? "closed" : "port unreachable";
        if (outcome !== "timeout") return { packet: outcome, ms: performance.now() - started };
        wait = Math.min(wait * 2, this.#maxTimeoutMs);
      }
      return `timed out after ${this.#tries} tries`;
    } finally {
      this.#pending[index].delete(id);
      this.#releaseId(index, id);
    }
  }

  async #allocateId(index: number): Promise<number> {
    const inUse = this.#inUse[index];
    while (inUse.size >= 256) {
      if (this.#closed) return ANY_ID;
      await new Promise<void>((r) => this.#idWaiters[index].push(r));
    }
    if (this.#closed) return ANY_ID;
    let id = this.#nextId[index];
    while (inUse.has(id)) id = (id + 1) & 0xff;
    inUse.add(id);
    this.#nextId[index] = (id + 1) & 0xff;
    return id;
  }

  #releaseId(index: number, id: number): void {
    this.#inUse[index].delete(id);
    this.#idWaiters[index].shift()?.();
  }

  #onEvent(event: SocketEvent): void {
    if (event.type === "delivery-error") {
      if (event.kind !== "port-unreachable" && event.kind !== "protocol-unreachable") return;
      const index = this.#serverIndex(event.destination);
      if (index < 0) return;
      this.stats.serverUnreachable++;
      for (const p of this.#pending[index].values()) p.resolve("unreachable");
      return;
    }
    const index = this.#serverIndex(event.source);
    if (index < 0) {
      this.stats.dropped["unknown-source"]++;
      return;
    }
    const identifier = event.data.length >= 2 ? event.data[1] : -1;
    const pending = this.#pending[index].get(identifier);
    if (!pending) {
      this.stats.dropped["no-pending-request"]++;
      return;
    }
    const checked = verifyReply(event.data, pending.request, pending.secret);
    if (!checked.ok) {
      this.stats.dropped[checked.reason]++;
      return;
    }
    pending.resolve(checked.packet);
  }

  #serverIndex(address: SocketAddress | null): number {
    if (!address) return -1;
    const host = address.address.startsWith("::ffff:") && !this.#sockets.has("ipv6")
      ? address.address.slice(7)
      : address.address;
    return this.#servers.findIndex((s) => s.port === address.port && sameHost(s.address, host));
  }
}

function ipOrNull(text: string): IpAddress | null {
  try {
    return parseIp(text);
  } catch {
    return null;
  }
}

function sameHost(a: string, b: string): boolean {
  const x = ipOrNull(a);
  const y = ipOrNull(b);
  return !!x && !!y && x.family === y.family && x.bytes.every((v, i) => v === y.bytes[i]);
}

function describe(server: RadiusServer): string {
  return server.address.includes(":")
    ? `[${server.address}]:${server.port}`
    : `${server.address}:${server.port}`;
}

function checkOptions(options: RadiusClientOptions): void {
  if (!options || !Array.isArray(options.servers) || options.servers.length === 0) {
    throw new TypeError("RADIUS client: at least one server is needed");
  }
  for (const [i, s] of options.servers.entries()) {
    if (!ipOrNull(s.address)) {
      throw new TypeError(`RADIUS server ${i + 1}: "${s.address}" is not a numeric IP address`);
    }
    if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) {
      throw new TypeError(`RADIUS server ${i + 1}: port ${s.port} is not 1-65535`);
    }
    if (typeof s.secret !== "string" || s.secret.length === 0) {
      throw new TypeError(`RADIUS server ${i + 1}: the shared secret is empty`);
    }
  }
  for (const key of ["timeoutMs", "maxTimeoutMs", "deadlineMs", "triesPerServer"] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw new TypeError(`RADIUS client: ${key} must be a positive number, not ${v}`);
    }
  }
}

/** Codes a request may be answered with, for callers that branch on them. */
export const AccessReply = {
  Accept: RadiusCode.AccessAccept,
  Reject: RadiusCode.AccessReject,
  Challenge: RadiusCode.AccessChallenge,
} as const;
