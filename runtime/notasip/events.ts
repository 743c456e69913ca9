/**
 * What the NOTASIP state machines take in and give out: effects (commands for the
 * driver, the tone generator and the ringer) and events (for the UI, logs and tests).
 * Every state change is a {@link TransitionEvent} with a reason.
 *
 * @example
 * ```ts
 * import { Caller, formatEvent } from "./mod.ts";
 * const out = new Caller().dial({ address: "192.0.2.1", port: 10000 }, 0);
 * out.effects.map((e) => e.kind); // ["openSocket", "sendVoice"]
 * out.events.map(formatEvent); // ["0.000 s caller out-1: idle -> calling (dialed) 192.0.2.1:10000"]
 * ```
 * @module
 */
import { type Endpoint, endpointKey, type IcmpKind } from "./endpoint.ts";

/** Names one call: `out-N` at the caller, `in-N` at the callee. */
export type CallId = string;

/** `one`: send exactly one packet now. `stream`: from now on send one packet per frame. */
export type SendMode = "one" | "stream";

/** A command for the layers around a machine. `localPort` names the socket. */
export type Effect =
  /** Bind a UDP socket to `local` (address may be a wildcard). */
  | { readonly kind: "openSocket"; readonly call: CallId; readonly local: Endpoint }
  /** Connect the socket: send only to `peer`, receive only from it, get its ICMP errors. */
  | {
    readonly kind: "connectSocket";
    readonly call: CallId;
    readonly localPort: number;
    readonly peer: Endpoint;
  }
  /**
   * Send voice to `to`: one packet, or a stream replacing any earlier one on the socket.
   * `maxBytes` bounds a `one` packet: before establishment a reply may not be larger than
   * the packet it answers (no amplification).
   */
  | {
    readonly kind: "sendVoice";
    readonly call: CallId;
    readonly localPort: number;
    readonly to: Endpoint;
    readonly mode: SendMode;
    readonly maxBytes?: number;
  }
  /** Send ring-back tone to `to`, as for `sendVoice`. */
  | {
    readonly kind: "sendRingback";
    readonly call: CallId;
    readonly localPort: number;
    readonly to: Endpoint;
    readonly mode: SendMode;
    readonly maxBytes?: number;
  }
  /** Stop sending and close the socket. */
  | { readonly kind: "closeSocket"; readonly call: CallId; readonly localPort: number }
  /** Ring the local phone; `waiting` when another call is already up (call waiting). */
  | { readonly kind: "startRinging"; readonly call: CallId; readonly waiting: boolean }
  | { readonly kind: "stopRinging"; readonly call: CallId }
  /** Play the busy tone locally until `stopTone`. */
  | { readonly kind: "playBusyTone"; readonly call: CallId }
  | { readonly kind: "stopTone"; readonly call: CallId }
  /** Bind the well-known port (callee start). */
  | { readonly kind: "openListeningPort"; readonly local: Endpoint }
  /** Close the well-known port so the kernel answers new callers with ICMP port unreachable. */
  | { readonly kind: "suspendListeningPort"; readonly local: Endpoint }
  /** Bind the well-known port again after a suspension. */
  | { readonly kind: "resumeListeningPort"; readonly local: Endpoint }
  /** Close the well-known port for good (callee stop). */
  | { readonly kind: "closeListeningPort"; readonly local: Endpoint };

/** Which machine an event comes from; `listener` is the callee's well-known port. */
export type MachineName = "caller" | "callee" | "listener";

/** Why a state changed. */
export type TransitionReason =
  /** caller: the user dialed. */
  | "dialed"
  /** caller: the first valid packet from the callee's address; locked onto its port. */
  | "first-packet"
  /** callee: a valid packet from a new caller on the well-known port. */
  | "incoming-packet"
  /** callee: a valid packet from the caller arrived on the call's own socket. */
  | "established"
  /** callee: the user answered. */
  | "answered"
  /** the local user hung up (or rejected a call). */
  | "hung-up"
  /** ICMP port unreachable from the peer: busy, or the peer closed its socket. */
  | "port-unreachable"
  /** ICMP protocol unreachable from the peer: treated as port unreachable. */
  | "protocol-unreachable"
  /** no valid packet for the timeout (30 s by default). */
  | "timeout"
  /** the driver could not open or use a socket. */
  | "socket-error"
  /** listener: the callee started or stopped listening. */
  | "listen"
  | "stopped"
  /**
   * listener: a caller refused with busy, the phone being in a call or calling out (peer:
   * the caller); the well-known port is suspended so the kernel tells it busy.
   */
  | "refused"
  /** listener: the hold after a refusal is over: the well-known port is open again. */
  | "refusal-over"
  /** callee: an unanswered call whose caller stopped sending (a real caller streams). */
  | "caller-silent"
  /** callee: an ended call (busy tone) closed because a new caller arrived. */
  | "next-call";

/** A state change: `{type, from, to, reason, at}` plus where it happened. */
export interface TransitionEvent {
  readonly type: "transition";
  readonly machine: MachineName;
  /** The call, for caller and callee events. */
  readonly call?: CallId;
  readonly from: string;
  readonly to: string;
  readonly reason: TransitionReason;
  /** Milliseconds on the clock the inputs carry. */
  readonly at: number;
  /** The remote endpoint concerned, when there is one. */
  readonly peer?: Endpoint;
  /** Free text, e.g. the socket error message. */
  readonly detail?: string;
}

/** ICMP host or network unreachable: reported and counted, the call goes on. */
export interface SoftErrorEvent {
  readonly type: "soft-error";
  readonly machine: MachineName;
  readonly call: CallId;
  readonly kind: IcmpKind;
  readonly address: string;
  readonly at: number;
}

/** Everything a machine reports. */
export type NotasipEvent = TransitionEvent | SoftErrorEvent;

/** The result of one input. */
export interface Output {
  /** Commands, in the order they must be carried out. */
  readonly effects: readonly Effect[];
  /** What happened, in order. */
  readonly events: readonly NotasipEvent[];
  /** For a packet input: the call the packet belongs to (its payload may be played). */
  readonly accepted?: CallId;
}

/** An ICMP error the driver read for one of the machine's sockets. */
export interface IcmpError {
  readonly kind: IcmpKind;
  /** Destination address of the datagram that failed (the peer). */
  readonly address: string;
  /** Destination port of that datagram, when the driver knows it. */
  readonly port?: number;
  /** Local port of the socket that received the error. */
  readonly localPort: number;
}

/** The inputs both machines take; the driver needs nothing else. All are pure: no I/O. */
export interface NotasipMachine {
  /**
   * A datagram from `from` arrived at local `to` (destination address via IP_PKTINFO);
   * `size` is its length in bytes, when known (it bounds a reply before establishment).
   */
  packetReceived(
    from: Endpoint,
    to: Endpoint,
    valid: boolean,
    nowMs: number,
    size?: number,
  ): Output;
  /** An ICMP error arrived on one of the machine's sockets. */
  icmpError(error: IcmpError, nowMs: number): Output;
  /** Time passes: timeouts fire. */
  tick(nowMs: number): Output;
  /** The driver could not open or use the socket on `localPort`. */
  socketFailed(localPort: number, message: string, nowMs: number): Output;
  /** The local user hangs up (all calls, or the one named). Harmless when idle. */
  hangUp(nowMs: number, call?: CallId): Output;
}

/** Collects the effects and events of one input. Used by the machines. */
export class OutputBuilder {
  readonly effects: Effect[] = [];
  readonly events: NotasipEvent[] = [];
  accepted?: CallId;

  constructor(readonly machine: MachineName, readonly at: number) {}

  /** Adds commands. */
  effect(...effects: Effect[]): this {
    this.effects.push(...effects);
    return this;
  }

  /** Adds a transition event stamped with this input's time. */
  transition(
    change: {
      call?: CallId;
      from: string;
      to: string;
      reason: TransitionReason;
      peer?: Endpoint;
      detail?: string;
      machine?: MachineName;
    },
  ): this {
    const { machine = this.machine, ...rest } = change;
    this.events.push({ type: "transition", machine, at: this.at, ...rest });
    return this;
  }

  /** Adds a soft-error event. */
  softError(call: CallId, kind: IcmpKind, address: string): this {
    this.events.push({
      type: "soft-error",
      machine: this.machine,
      call,
      kind,
      address,
      at: this.at,
    });
    return this;
  }

  /** The finished output. */
  build(): Output {
    const out = { effects: this.effects, events: this.events };
    return this.accepted === undefined ? out : { ...out, accepted: this.accepted };
  }
}

/** An output with nothing in it. */
export const NOTHING: Output = Object.freeze({
  effects: Object.freeze([]) as readonly Effect[],
  events: Object.freeze([]) as readonly NotasipEvent[],
});

/**
 * One line for a log or the CLI.
 * @example
 * ```ts
 * formatEvent({ type: "transition", machine: "callee", call: "in-1", from: "incoming",
 *   to: "ringing", reason: "established", at: 1500 });
 * // "1.500 s callee in-1: incoming -> ringing (established)"
 * ```
 */
export function formatEvent(event: NotasipEvent): string {
  const time = `${(event.at / 1000).toFixed(3)} s`;
  const who = event.machine + (event.call ? ` ${event.call}` : "");
  if (event.type === "soft-error") {
    return `${time} ${who}: soft error ${event.kind} from ${event.address}, call continues`;
  }
  const peer = event.peer ? ` ${endpointKey(event.peer)}` : "";
  const detail = event.detail ? `: ${event.detail}` : "";
  return `${time} ${who}: ${event.from} -> ${event.to} (${event.reason}${detail})${peer}`;
}

/** The transition events of outputs, for tests and logs. */
export function transitionsOf(...outputs: Output[]): TransitionEvent[] {
  return outputs.flatMap((o) =>
    o.events.filter((e): e is TransitionEvent => e.type === "transition")
  );
}
