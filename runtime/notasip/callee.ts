/**
 * The NOTASIP callee: a pure state machine for the well-known port and the calls it accepts.
 *
 * Each call ("leg") moves through:
 *
 * | state      | established? | answered? | sends                                      |
 * |------------|--------------|-----------|--------------------------------------------|
 * | `incoming` | no           | no        | one ring-back packet per caller packet     |
 * | `answered` | no           | yes       | one voice packet per caller packet         |
 * | `ringing`  | yes          | no        | ring-back stream                           |
 * | `talking`  | yes          | yes       | voice stream                               |
 * | `ended`    | closed by the caller or timed out while talking; busy tone until hang-up |
 * | `closed`   | gone (final); a new leg starts from `idle`                             |
 *
 * "Established" at the callee means a packet from the caller reached the leg's own socket
 * (-04). Until then the callee answers each packet on the well-known port with at most one
 * packet, so a forged source address cannot use it as an amplifier.
 *
 * The well-known port (the `listener`: `closed`, `open`, `suspended`, `failed`) stays open
 * while calls are up, so the user can be told who else called. A new caller who finds no
 * room (as many calls established as fit: one without call waiting), or finds the phone
 * busy otherwise ({@link Callee.setBusy}, e.g. calling out), is refused: a `refused`
 * listener event names it, and the port is suspended for {@link REFUSE_HOLD_MS}, so the
 * kernel answers the caller's next packets with ICMP port unreachable (busy). Refusals
 * cost one packet each and at most one per hold: strangers cannot load a call in progress.
 * The call's own packets arrive on its own socket and never touch the well-known port; its
 * caller's stray packets to the well-known port (sent before it heard the first reply)
 * are ignored, not refused. An `ended` call (busy tone until hang-up) does not count: a
 * new caller closes it.
 *
 * Strangers cannot hold the phone:
 * - a call not yet answered whose caller falls silent is closed after `ringSilenceMs`
 *   (half of that before establishment): a NOTASIP caller streams, 50 packets a second;
 * - one call rings at a time (without call waiting). A second caller is ignored while the
 *   first is not yet established (normally one round trip), then refused with busy;
 * - new calls (each takes a reply port) are rate-limited per source address and in total;
 *   calls that never established leave no trace but their quarantined port.
 *
 * @example
 * ```ts
 * import { Callee } from "./callee.ts";
 * const callee = new Callee();
 * callee.listen(0); // openListeningPort 0.0.0.0:10000
 * const caller = { address: "198.51.100.2", port: 50000 };
 * const out = callee.packetReceived(caller, { address: "192.0.2.1", port: 10000 }, true, 20);
 * // out.effects: openSocket 192.0.2.1:<random>, connectSocket, startRinging, sendRingback one
 * callee.answer(3000);
 * ```
 * @module
 */
import {
  checkPort,
  type Endpoint,
  endpointKey,
  isHardIcmp,
  sameAddress,
  sameEndpoint,
} from "./endpoint.ts";
import {
  type CallId,
  type IcmpError,
  type NotasipMachine,
  type Output,
  OutputBuilder,
  type TransitionReason,
} from "./events.ts";
import { PortQuarantine } from "./port_quarantine.ts";
import { DEFAULT_TIMEOUT_MS, DEFAULT_WELL_KNOWN_PORT } from "./caller.ts";
import { RateLimiter } from "./rate_limiter.ts";

/** Default silence (ms) after which an unanswered call stops ringing. */
export const DEFAULT_RING_SILENCE_MS = 1000;
/** How long the well-known port stays suspended after refusing a caller (ms). */
export const REFUSE_HOLD_MS = 1000;
/** Default new calls per second accepted in total, and from one source address. */
export const DEFAULT_NEW_CALLS_PER_S = 20;
export const DEFAULT_NEW_CALLS_PER_SOURCE_PER_S = 5;
/** Callers of closed calls remembered (their stray packets ignored): a bound on memory. */
const RECENT_MAX = 1024;

/** States of one incoming call; `idle` appears only as the `from` of a new call. */
export type CalleeCallState =
  | "idle"
  | "incoming"
  | "answered"
  | "ringing"
  | "talking"
  | "ended"
  | "closed";

/** States of the well-known port. */
export type ListenerState = "closed" | "open" | "suspended" | "failed";

/** Options of the {@link Callee}. */
export interface CalleeOptions {
  /** Address and port to listen on (default `0.0.0.0`, port 10000). */
  readonly listen?: { readonly address?: string; readonly port?: number };
  /** Silence that ends a call, in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Keep accepting callers while in a call (default false: they get busy). */
  readonly callWaiting?: boolean;
  /** Calls at once with call waiting (default 2; always 1 without). */
  readonly maxCalls?: number;
  /** Port allocator, shared with the host's caller (default: a private one). */
  readonly ports?: PortQuarantine;
  /** Random source in [0, 1) for port choice (default `Math.random`). */
  readonly random?: () => number;
  /**
   * Silence (ms) after which a call not yet answered is closed (default 1000); half of it
   * before the call is established.
   */
  readonly ringSilenceMs?: number;
  /** New calls accepted per second in total (default 20; bursts of as many). */
  readonly newCallsPerSecond?: number;
  /** New calls accepted per second from one source address (default 5). */
  readonly newCallsPerSourcePerSecond?: number;
}

/** A read-only view of one call. */
export interface CalleeCall {
  readonly id: CallId;
  readonly state: Exclude<CalleeCallState, "idle" | "closed">;
  /** The caller's address and source port. */
  readonly caller: Endpoint;
  /** The call's own socket: the address the caller dialed, a random port. */
  readonly local: Endpoint;
}

/** Counters of what the callee dropped or tolerated. */
export interface CalleeStats {
  /** Packets from strangers, for closed sockets, or from callers refused for now. */
  ignoredPackets: number;
  /** Packets that failed validation. */
  invalidPackets: number;
  /** ICMP errors that do not concern a live call. */
  ignoredIcmp: number;
  /** ICMP host/network unreachable tolerated. */
  softErrors: number;
  /** Packets sent before establishment (each answers one received packet). */
  repliesBeforeEstablishment: number;
  /** New callers not taken because of the rate limits. */
  rateLimited: number;
  /** Callers refused with busy while the phone was busy otherwise. */
  refused: number;
  /** Unanswered calls closed because their caller fell silent. */
  silentCallers: number;
  /** Call ports found taken by another program when bound (the call moved to another). */
  portsTaken: number;
}

interface Leg {
  readonly id: CallId;
  state: Exclude<CalleeCallState, "idle" | "closed">;
  readonly caller: Endpoint;
  local: Endpoint;
  lastValidAt: number;
  /** A packet of the caller reached the call socket once. */
  established: boolean;
}

/** Accepts calls on the well-known port. */
export class Callee implements NotasipMachine {
  readonly listenOn: Endpoint;
  readonly timeoutMs: number;
  readonly callWaiting: boolean;
  readonly maxCalls: number;
  readonly ringSilenceMs: number;
  readonly stats: CalleeStats = {
    ignoredPackets: 0,
    invalidPackets: 0,
    ignoredIcmp: 0,
    softErrors: 0,
    repliesBeforeEstablishment: 0,
    rateLimited: 0,
    refused: 0,
    silentCallers: 0,
    portsTaken: 0,
  };
  readonly #total: RateLimiter;
  readonly #perSource: RateLimiter;
  #busy = false;
  #resumeAt?: number;
  readonly #ports: PortQuarantine;
  readonly #random: () => number;
  readonly #legs = new Map<CallId, Leg>();
  /** Callers of recently closed calls, ignored on the well-known port until the time given. */
  readonly #recent = new Map<string, number>();
  #listener: ListenerState = "closed";
  #calls = 0;

  /** Throws a `RangeError` for a bad port, timeout or call count. */
  constructor(options: CalleeOptions = {}) {
    this.listenOn = {
      address: options.listen?.address ?? "0.0.0.0",
      port: checkPort(options.listen?.port ?? DEFAULT_WELL_KNOWN_PORT, "Callee listen"),
    };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) {
      throw new RangeError(`Callee timeoutMs must be > 0, got ${this.timeoutMs}`);
    }
    this.callWaiting = options.callWaiting ?? false;
    this.maxCalls = this.callWaiting ? options.maxCalls ?? 2 : 1;
    if (!Number.isInteger(this.maxCalls) || this.maxCalls < 1) {
      throw new RangeError(`Callee maxCalls must be an integer >= 1, got ${this.maxCalls}`);
    }
    this.#ports = options.ports ?? new PortQuarantine();
    this.#ports.reserve(this.listenOn.port);
    this.#random = options.random ?? Math.random;
    this.ringSilenceMs = options.ringSilenceMs ?? DEFAULT_RING_SILENCE_MS;
    if (!(this.ringSilenceMs > 0)) {
      throw new RangeError(`Callee ringSilenceMs must be > 0, got ${this.ringSilenceMs}`);
    }
    this.#total = new RateLimiter(options.newCallsPerSecond ?? DEFAULT_NEW_CALLS_PER_S, 1);
    this.#perSource = new RateLimiter(
      options.newCallsPerSourcePerSecond ?? DEFAULT_NEW_CALLS_PER_SOURCE_PER_S,
      1024,
    );
  }

  /** The well-known port's state. */
  get listener(): ListenerState {
    return this.#listener;
  }

  /** The calls not yet closed, oldest first. */
  get calls(): readonly CalleeCall[] {
    return [...this.#legs.values()].map(({ id, state, caller, local }) => ({
      id,
      state,
      caller,
      local,
    }));
  }

  /** Opens the well-known port (from `closed` or `failed`); otherwise does nothing. */
  listen(nowMs: number): Output {
    const out = new OutputBuilder("callee", nowMs);
    if (this.#listener === "closed" || this.#listener === "failed") {
      out.effect({ kind: "openListeningPort", local: this.listenOn });
      this.#moveListener("open", "listen", out);
    }
    return out.build();
  }

  /**
   * Marks the phone busy for another reason (calling out): new callers are refused with
   * busy and reported, until `setBusy(now, false)`.
   */
  setBusy(nowMs: number, busy: boolean): Output {
    const out = this.#expire(nowMs);
    this.#busy = busy;
    this.#updateListener(out); // not busy: a refusal's suspension ends now
    return out.build();
  }

  /** True while the phone refuses new callers ({@link setBusy}). */
  get busy(): boolean {
    return this.#busy;
  }

  /** Hangs up every call and closes the well-known port. */
  stop(nowMs: number): Output {
    const out = new OutputBuilder("callee", nowMs);
    for (const leg of [...this.#legs.values()]) this.#hangUpLeg(leg, out);
    if (this.#listener === "open") out.effect({ kind: "closeListeningPort", local: this.listenOn });
    if (this.#listener !== "closed") this.#moveListener("closed", "stopped", out);
    this.#resumeAt = undefined;
    return out.build();
  }

  /**
   * Answers a ringing call: the named one, else the oldest.
   * @throws Error when no call (or not the named one) is ringing.
   */
  answer(nowMs: number, call?: CallId): Output {
    const leg = call === undefined
      ? [...this.#legs.values()].find((l) => l.state === "incoming" || l.state === "ringing")
      : this.#legs.get(call);
    if (!leg || (leg.state !== "incoming" && leg.state !== "ringing")) {
      const which = call === undefined ? "no call is ringing" : `call ${call} is not ringing`;
      throw new Error(`Callee.answer: ${which}`);
    }
    const out = new OutputBuilder("callee", nowMs).effect({ kind: "stopRinging", call: leg.id });
    if (leg.state === "ringing") {
      out.effect(this.#send(leg, "sendVoice", "stream"));
      this.#move(leg, "talking", "answered", out);
    } else {
      this.#move(leg, "answered", "answered", out);
    }
    return out.build();
  }

  /** Hangs up (or rejects) the named call, or all calls. Unknown ids are ignored. */
  hangUp(nowMs: number, call?: CallId): Output {
    const out = this.#expire(nowMs);
    const legs = call === undefined ? [...this.#legs.values()] : [this.#legs.get(call)];
    for (const leg of legs) if (leg) this.#hangUpLeg(leg, out);
    this.#updateListener(out);
    return out.build();
  }

  /** @inheritdoc */
  packetReceived(
    from: Endpoint,
    to: Endpoint,
    valid: boolean,
    nowMs: number,
    size?: number,
  ): Output {
    const out = this.#expire(nowMs);
    if (to?.port === this.listenOn.port) this.#onListeningPort(from, to, valid, out, size);
    else this.#onCallSocket(from, to, valid, out);
    this.#updateListener(out);
    return out.build();
  }

  /** @inheritdoc */
  icmpError(error: IcmpError, nowMs: number): Output {
    const out = this.#expire(nowMs);
    const leg = this.#legOnPort(error.localPort);
    const concerns = leg && leg.state !== "ended" &&
      sameAddress(error.address, leg.caller.address) &&
      (error.port === undefined || error.port === leg.caller.port);
    if (!leg || !concerns) {
      this.stats.ignoredIcmp++;
      return out.build();
    }
    if (!isHardIcmp(error.kind)) {
      this.stats.softErrors++;
      return out.softError(leg.id, error.kind, error.address).build();
    }
    this.#endLeg(leg, error.kind as TransitionReason, out);
    this.#updateListener(out);
    return out.build();
  }

  /** @inheritdoc */
  tick(nowMs: number): Output {
    const out = this.#expire(nowMs);
    this.#updateListener(out);
    return out.build();
  }

  /** @inheritdoc */
  socketFailed(localPort: number, message: string, nowMs: number): Output {
    const out = this.#expire(nowMs);
    if (localPort === this.listenOn.port && this.#listener !== "closed") {
      this.#moveListener("failed", "socket-error", out, message);
    } else {
      const leg = this.#legOnPort(localPort);
      if (leg && !leg.established && /EADDRINUSE|in use/i.test(message)) {
        this.#movePort(leg, out); // another program holds that port: the call takes another
      } else if (leg && leg.state !== "ended") {
        this.#endLeg(leg, "socket-error", out, message);
      }
    }
    this.#updateListener(out);
    return out.build();
  }

  #onListeningPort(
    from: Endpoint,
    to: Endpoint,
    valid: boolean,
    out: OutputBuilder,
    size?: number,
  ): void {
    const leg = [...this.#legs.values()].find((l) => sameEndpoint(l.caller, from));
    if (this.#listener !== "open" || (leg && !this.#preEstablished(leg))) {
      this.stats.ignoredPackets++; // a stray packet, or a caller still racing its lock-on
      return;
    }
    if (!valid) {
      this.stats.invalidPackets++;
      return;
    }
    if (leg) {
      // Before establishment: exactly one reply for this one packet.
      leg.lastValidAt = out.at;
      out.accepted = leg.id;
      const kind = leg.state === "answered" ? "sendVoice" : "sendRingback";
      out.effect(this.#send(leg, kind, "one", size));
      this.stats.repliesBeforeEstablishment++;
      return;
    }
    if (this.#recent.has(endpointKey(from))) {
      this.stats.ignoredPackets++;
      return;
    }
    if (this.#busy || this.#upLegs() >= this.maxCalls) {
      this.#refuse(from, out); // calling out, or no room for another call: busy
      return;
    }
    if (this.#liveLegs().length >= this.maxCalls) {
      this.stats.ignoredPackets++; // one rings at a time; busy once it is established
      return;
    }
    if (!this.#total.take("", out.at) || !this.#perSource.take(from.address, out.at)) {
      this.stats.rateLimited++;
      return;
    }
    for (const old of this.#legs.values()) {
      if (old.state === "ended") {
        out.effect({ kind: "stopTone", call: old.id });
        this.#close(old, "next-call", out);
      }
    }
    this.#startLeg(from, to, out, size);
  }

  /** Busy for a caller (in a call, or calling out): reported, then ICMP from the kernel. */
  #refuse(from: Endpoint, out: OutputBuilder): void {
    this.stats.refused++;
    out.effect({ kind: "suspendListeningPort", local: this.listenOn });
    this.#moveListener("suspended", "refused", out, undefined, from);
    this.#resumeAt = out.at + REFUSE_HOLD_MS;
  }

  #liveLegs(): Leg[] {
    return [...this.#legs.values()].filter((l) => l.state !== "ended");
  }

  /** Calls established and not ended: each takes one of `maxCalls`. */
  #upLegs(): number {
    return this.#liveLegs().filter((l) => !this.#preEstablished(l)).length;
  }

  #startLeg(from: Endpoint, to: Endpoint, out: OutputBuilder, size?: number): void {
    const id = `in-${++this.#calls}`;
    // A new port "chosen randomly" (-04 §3), on the same local address the caller dialed
    // (-02 §3).
    // (Without packet info the driver gives no destination: fall back to the listening address.)
    const address = to.address || this.listenOn.address;
    const local = { address, port: this.#ports.allocate(out.at, this.#random) };
    const caller = { address: from.address, port: from.port };
    const leg: Leg = {
      id,
      state: "incoming",
      caller,
      local,
      lastValidAt: out.at,
      established: false,
    };
    const waiting = this.#liveLegs().length > 0;
    this.#legs.set(id, leg);
    out.accepted = id;
    out.effect(
      { kind: "openSocket", call: id, local },
      { kind: "connectSocket", call: id, localPort: local.port, peer: caller },
      { kind: "startRinging", call: id, waiting },
      this.#send(leg, "sendRingback", "one", size),
    );
    this.stats.repliesBeforeEstablishment++;
    this.#move(leg, "incoming", "incoming-packet", out, "idle");
  }

  #onCallSocket(from: Endpoint, to: Endpoint, valid: boolean, out: OutputBuilder): void {
    const leg = this.#legOnPort(to?.port);
    if (!leg || leg.state === "ended" || !sameEndpoint(from, leg.caller)) {
      this.stats.ignoredPackets++;
      return;
    }
    if (!valid) {
      this.stats.invalidPackets++;
      return;
    }
    leg.lastValidAt = out.at;
    leg.established = true;
    out.accepted = leg.id;
    if (leg.state === "incoming") {
      out.effect(this.#send(leg, "sendRingback", "stream"));
      this.#move(leg, "ringing", "established", out);
    } else if (leg.state === "answered") {
      out.effect(this.#send(leg, "sendVoice", "stream"));
      this.#move(leg, "talking", "established", out);
    }
  }

  /**
   * A call whose socket could not be bound (the random port is another program's) moves
   * to a fresh port; its caller's next packet on the well-known port gets the reply.
   */
  #movePort(leg: Leg, out: OutputBuilder): void {
    this.#ports.release(leg.local.port, out.at);
    leg.local = { address: leg.local.address, port: this.#ports.allocate(out.at, this.#random) };
    this.stats.portsTaken++;
    out.effect(
      { kind: "openSocket", call: leg.id, local: leg.local },
      { kind: "connectSocket", call: leg.id, localPort: leg.local.port, peer: leg.caller },
    );
  }

  #hangUpLeg(leg: Leg, out: OutputBuilder): void {
    if (leg.state === "ended") {
      out.effect({ kind: "stopTone", call: leg.id });
      this.#close(leg, "hung-up", out);
    } else {
      this.#closeSocket(leg, out);
      this.#close(leg, "hung-up", out);
    }
  }

  /** The caller is gone (ICMP, timeout, socket error): close, or end with a tone if talking. */
  #endLeg(leg: Leg, reason: TransitionReason, out: OutputBuilder, detail?: string): void {
    this.#closeSocket(leg, out);
    if (leg.state === "talking") {
      out.effect({ kind: "playBusyTone", call: leg.id });
      this.#move(leg, "ended", reason, out, undefined, detail);
    } else {
      this.#close(leg, reason, out, detail);
    }
  }

  #closeSocket(leg: Leg, out: OutputBuilder): void {
    if (leg.state === "incoming" || leg.state === "ringing") {
      out.effect({ kind: "stopRinging", call: leg.id });
    }
    out.effect({ kind: "closeSocket", call: leg.id, localPort: leg.local.port });
    this.#ports.release(leg.local.port, out.at);
  }

  #close(leg: Leg, reason: TransitionReason, out: OutputBuilder, detail?: string): void {
    this.#move(leg, "closed", reason, out, undefined, detail);
    this.#legs.delete(leg.id);
    // Its stray packets on the well-known port must not ring the phone again. A caller that
    // never reached the call socket sent none worth remembering (a flood would fill this).
    if (!leg.established && reason !== "hung-up") return;
    if (this.#recent.size >= RECENT_MAX) this.#recent.delete(this.#recent.keys().next().value!);
    this.#recent.set(endpointKey(leg.caller), out.at + this.timeoutMs);
  }

  /** Fires timeouts that have passed and forgets old callers; the builder for this input. */
  #expire(nowMs: number): OutputBuilder {
    const out = new OutputBuilder("callee", nowMs);
    for (const leg of [...this.#legs.values()]) {
      const silent = nowMs - leg.lastValidAt;
      const unanswered = leg.state === "incoming" || leg.state === "ringing" ||
        (leg.state === "answered" && !leg.established);
      const limit = leg.established ? this.ringSilenceMs : this.ringSilenceMs / 2;
      if (leg.state !== "ended" && silent >= this.timeoutMs) {
        this.#endLeg(leg, "timeout", out);
      } else if (unanswered && silent >= limit) {
        this.stats.silentCallers++;
        this.#endLeg(leg, "caller-silent", out);
      }
    }
    for (const [key, until] of this.#recent) if (nowMs >= until) this.#recent.delete(key);
    return out;
  }

  /**
   * Resumes the well-known port once a refusal's hold is over, or at once when the phone
   * has room again (the call ended, {@link setBusy} off): the next caller is taken.
   */
  #updateListener(out: OutputBuilder): void {
    const full = this.#busy || this.#upLegs() >= this.maxCalls;
    const refusing = full && this.#resumeAt !== undefined && out.at < this.#resumeAt;
    if (!refusing) this.#resumeAt = undefined;
    if (this.#listener === "suspended" && !refusing) {
      out.effect({ kind: "resumeListeningPort", local: this.listenOn });
      this.#moveListener("open", "refusal-over", out);
    }
  }

  #preEstablished(leg: Leg): boolean {
    return leg.state === "incoming" || leg.state === "answered";
  }

  #legOnPort(port: number | undefined): Leg | undefined {
    return [...this.#legs.values()].find((l) => l.local.port === port);
  }

  #send(leg: Leg, kind: "sendVoice" | "sendRingback", mode: "one" | "stream", maxBytes?: number) {
    const effect = { kind, call: leg.id, localPort: leg.local.port, to: leg.caller, mode } as const;
    return maxBytes === undefined ? effect : { ...effect, maxBytes };
  }

  #move(
    leg: Leg,
    to: Exclude<CalleeCallState, "idle">,
    reason: TransitionReason,
    out: OutputBuilder,
    from: CalleeCallState = leg.state,
    detail?: string,
  ): void {
    if (to !== "closed") leg.state = to;
    out.transition({
      call: leg.id,
      from,
      to,
      reason,
      peer: leg.caller,
      ...(detail ? { detail } : {}),
    });
  }

  #moveListener(
    to: ListenerState,
    reason: TransitionReason,
    out: OutputBuilder,
    detail?: string,
    peer: Endpoint = this.listenOn,
  ) {
    const from = this.#listener;
    this.#listener = to;
    out.transition({
      machine: "listener",
      from,
      to,
      reason,
      peer,
      ...(detail ? { detail } : {}),
    });
  }
}
