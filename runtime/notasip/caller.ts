/**
 * The NOTASIP caller: a pure state machine over packets, ICMP errors, ticks and the user.
 *
 * | state         | meaning                                             | leaves on                     |
 * |---------------|-----------------------------------------------------|-------------------------------|
 * | `idle`        | no call                                             | dial                          |
 * | `calling`     | voice streams to the callee's well-known port       | first packet, ICMP, timeout   |
 * | `established` | locked onto the callee's reply port (socket connected) | ICMP, timeout, hang-up     |
 * | `busy`        | refused before establishment; busy tone             | hang-up                       |
 * | `ended`       | closed by the peer or timed out; busy tone          | hang-up                       |
 *
 * @example
 * ```ts
 * import { Caller } from "./caller.ts";
 * const caller = new Caller();
 * caller.dial({ address: "192.0.2.1" }, 0); // openSocket, sendVoice stream to 192.0.2.1:10000
 * const local = { address: "198.51.100.2", port: caller.localPort! };
 * const out = caller.packetReceived({ address: "192.0.2.1", port: 61000 }, local, true, 40);
 * caller.state; // "established"; out.effects: connectSocket + sendVoice to 192.0.2.1:61000
 * ```
 * @module
 */
import {
  checkEndpoint,
  checkPort,
  type Endpoint,
  isHardIcmp,
  sameAddress,
  sameEndpoint,
} from "./endpoint.ts";
import {
  type CallId,
  type IcmpError,
  type NotasipMachine,
  NOTHING,
  type Output,
  OutputBuilder,
  type TransitionReason,
} from "./events.ts";
import { PortQuarantine } from "./port_quarantine.ts";

/** The port NOTASIP examples use; IANA never assigned one. */
export const DEFAULT_WELL_KNOWN_PORT = 10000;
/** -04 §7: "no valid packets received on a port for 30 seconds" ends the call (-00: 42 s). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** States of the {@link Caller}. */
export type CallerState = "idle" | "calling" | "established" | "busy" | "ended";

/** Options of the {@link Caller}. */
export interface CallerOptions {
  /** Callee port when `dial` is given none (default 10000). */
  readonly wellKnownPort?: number;
  /** Silence that ends a call, in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Local address to bind (default `0.0.0.0`: any). */
  readonly localAddress?: string;
  /** Port allocator, shared with the host's callee (default: a private one). */
  readonly ports?: PortQuarantine;
  /** Random source in [0, 1) for port choice (default `Math.random`). */
  readonly random?: () => number;
}

/** Counters of what the caller dropped or tolerated. */
export interface CallerStats {
  /** Packets from anyone but the callee (or, once locked, its reply port), or for no call. */
  ignoredPackets: number;
  /** Packets from the right peer that failed validation. */
  invalidPackets: number;
  /** ICMP errors that do not concern the current call. */
  ignoredIcmp: number;
  /** ICMP host/network unreachable tolerated. */
  softErrors: number;
}

/** Places one call at a time. */
export class Caller implements NotasipMachine {
  readonly wellKnownPort: number;
  readonly timeoutMs: number;
  readonly localAddress: string;
  readonly stats: CallerStats = {
    ignoredPackets: 0,
    invalidPackets: 0,
    ignoredIcmp: 0,
    softErrors: 0,
  };
  readonly #ports: PortQuarantine;
  readonly #random: () => number;
  #state: CallerState = "idle";
  #calls = 0;
  #call?: CallId;
  #callee?: Endpoint;
  #peer?: Endpoint;
  #localPort?: number;
  #lastValidAt = 0;

  /** Throws a `RangeError` for a bad port or timeout. */
  constructor(options: CallerOptions = {}) {
    this.wellKnownPort = checkPort(
      options.wellKnownPort ?? DEFAULT_WELL_KNOWN_PORT,
      "Caller wellKnownPort",
    );
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) {
      throw new RangeError(`Caller timeoutMs must be > 0, got ${this.timeoutMs}`);
    }
    this.localAddress = options.localAddress ?? "0.0.0.0";
    this.#ports = options.ports ?? new PortQuarantine();
    this.#random = options.random ?? Math.random;
  }

  /** The current state. */
  get state(): CallerState {
    return this.#state;
  }
  /** The current (or last, while busy/ended) call. */
  get call(): CallId | undefined {
    return this.#call;
  }
  /** Where the call was dialed: the callee's address and well-known port. */
  get callee(): Endpoint | undefined {
    return this.#callee;
  }
  /** The callee's reply endpoint, once established. */
  get peer(): Endpoint | undefined {
    return this.#peer;
  }
  /** The local port while the socket is open. */
  get localPort(): number | undefined {
    return this.#localPort;
  }

  /**
   * Starts a call: picks a fresh port and streams voice to the callee's well-known port.
   * @param callee address, and port (default {@link wellKnownPort}).
   * @throws Error when not idle (hang up first); TypeError/RangeError for a bad callee;
   *   Error when no local port is free.
   */
  dial(callee: { readonly address: string; readonly port?: number }, nowMs: number): Output {
    if (this.#state !== "idle") {
      throw new Error(`Caller.dial: a call is ${this.#state}; hang up first`);
    }
    const target = checkEndpoint(
      { address: callee?.address, port: callee?.port ?? this.wellKnownPort },
      "Caller.dial callee",
    );
    const port = this.#ports.allocate(nowMs, this.#random);
    const call = `out-${++this.#calls}`;
    this.#call = call;
    this.#callee = { address: target.address, port: target.port };
    this.#peer = undefined;
    this.#localPort = port;
    this.#lastValidAt = nowMs;
    return this.#move("calling", "dialed", new OutputBuilder("caller", nowMs), this.#callee)
      .effect(
        { kind: "openSocket", call, local: { address: this.localAddress, port } },
        { kind: "sendVoice", call, localPort: port, to: this.#callee, mode: "stream" },
      )
      .build();
  }

  /** @inheritdoc */
  packetReceived(from: Endpoint, to: Endpoint, valid: boolean, nowMs: number): Output {
    const out = this.#expire(nowMs);
    if (!this.#live() || to?.port !== this.#localPort) {
      this.stats.ignoredPackets++;
      return out.build();
    }
    const expected = this.#peer ?? this.#callee!;
    // Before establishment any source port of the callee's host is normal (-04 §7).
    const fromPeer = this.#peer
      ? sameEndpoint(from, expected)
      : sameAddress(from?.address ?? "", expected.address);
    if (!fromPeer) {
      this.stats.ignoredPackets++;
      return out.build();
    }
    if (!valid) {
      this.stats.invalidPackets++;
      return out.build();
    }
    this.#lastValidAt = nowMs;
    out.accepted = this.#call;
    if (this.#state === "calling") this.#lock(from, out);
    return out.build();
  }

  /** @inheritdoc */
  icmpError(error: IcmpError, nowMs: number): Output {
    const out = this.#expire(nowMs);
    const target = this.#peer ?? this.#callee;
    const concerns = this.#live() && error.localPort === this.#localPort && target &&
      sameAddress(error.address, target.address) &&
      (error.port === undefined || error.port === target.port);
    if (!concerns) {
      this.stats.ignoredIcmp++;
      return out.build();
    }
    if (!isHardIcmp(error.kind)) {
      this.stats.softErrors++;
      return out.softError(this.#call!, error.kind, error.address).build();
    }
    const reason = error.kind as TransitionReason;
    this.#fail(this.#state === "calling" ? "busy" : "ended", reason, out);
    return out.build();
  }

  /** @inheritdoc */
  tick(nowMs: number): Output {
    return this.#expire(nowMs).build();
  }

  /** @inheritdoc */
  socketFailed(localPort: number, message: string, nowMs: number): Output {
    const out = this.#expire(nowMs);
    if (this.#live() && localPort === this.#localPort) {
      this.#fail("ended", "socket-error", out, message);
    }
    return out.build();
  }

  /** Ends the call, or silences the busy tone; back to `idle`. Harmless when idle. */
  hangUp(nowMs: number, _call?: CallId): Output {
    if (this.#state === "idle") return NOTHING;
    const out = new OutputBuilder("caller", nowMs);
    if (this.#live()) this.#closeSocket(out, nowMs);
    else out.effect({ kind: "stopTone", call: this.#call! });
    this.#move("idle", "hung-up", out);
    return out.build();
  }

  #live(): boolean {
    return this.#state === "calling" || this.#state === "established";
  }

  #lock(from: Endpoint, out: OutputBuilder): void {
    const call = this.#call!, localPort = this.#localPort!;
    this.#peer = { address: from.address, port: from.port };
    // The next packet goes at once, not on the next frame: it establishes the call at the
    // callee, so set-up takes one round trip: two packets exchanged.
    this.#move("established", "first-packet", out, this.#peer).effect(
      { kind: "connectSocket", call, localPort, peer: this.#peer },
      { kind: "sendVoice", call, localPort, to: this.#peer, mode: "one" },
      { kind: "sendVoice", call, localPort, to: this.#peer, mode: "stream" },
    );
  }

  /** Fires the timeout if it has passed; returns the builder for this input. */
  #expire(nowMs: number): OutputBuilder {
    const out = new OutputBuilder("caller", nowMs);
    if (this.#live() && nowMs - this.#lastValidAt >= this.timeoutMs) {
      this.#fail("ended", "timeout", out);
    }
    return out;
  }

  #fail(to: "busy" | "ended", reason: TransitionReason, out: OutputBuilder, detail?: string) {
    this.#closeSocket(out, out.at);
    out.effect({ kind: "playBusyTone", call: this.#call! });
    this.#move(to, reason, out, this.#peer ?? this.#callee, detail);
  }

  #closeSocket(out: OutputBuilder, nowMs: number): void {
    out.effect({ kind: "closeSocket", call: this.#call!, localPort: this.#localPort! });
    this.#ports.release(this.#localPort!, nowMs);
    this.#localPort = undefined;
  }

  #move(
    to: CallerState,
    reason: TransitionReason,
    out: OutputBuilder,
    peer?: Endpoint,
    detail?: string,
  ): OutputBuilder {
    const from = this.#state;
    this.#state = to;
    return out.transition({
      call: this.#call,
      from,
      to,
      reason,
      ...(peer ? { peer } : {}),
      ...(detail ? { detail } : {}),
    });
  }
}
