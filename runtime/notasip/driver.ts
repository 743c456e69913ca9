/**
 * Connects a NOTASIP machine ({@link Caller} or {@link Callee}) to UDP sockets: carries out
 * its socket effects, feeds it received packets, ICMP errors and ticks, and asks the media
 * layer for payloads to send. Ringing and tones are passed on through `onEffect`; the
 * driver knows no audio device and no codec.
 *
 * @example
 * ```ts
 * import { Caller, NotasipDriver } from "./mod.ts";
 * import type { TransportFactory } from "./transport.ts";
 * declare const sockets: TransportFactory; // runtime/net behind a small adapter
 * const caller = new Caller();
 * const driver = new NotasipDriver(caller, {
 *   transports: sockets,
 *   clock: () => performance.now(),
 *   media: {
 *     isValid: (bytes) => bytes.length >= 12 && bytes[0] >> 6 === 2, // RTP version 2
 *     packet: (_call, _content) => new Uint8Array(172), // next RTP packet
 *     received: (_call, _bytes) => {}, // to the jitter buffer
 *   },
 *   onEvent: (e) => console.log(e),
 * });
 * driver.act((now) => caller.dial({ address: "192.0.2.1" }, now));
 * setInterval(() => driver.pump(), 20); // one frame per socket that streams
 * setInterval(() => driver.tick(), 250);
 * ```
 * @module
 */
import type { Endpoint } from "./endpoint.ts";
import type { CallId, Effect, NotasipEvent, NotasipMachine, Output } from "./events.ts";
import type { ReceivedDatagram, Transport, TransportFactory } from "./transport.ts";

/** What is sent: voice from the microphone or the ring-back tone. */
export type Content = "voice" | "ringback";

/** The media side the driver calls; the phone layer implements it. */
export interface MediaPort {
  /** True when a received datagram is a valid RTP packet for the call (upper layer decides). */
  isValid(bytes: Uint8Array): boolean;
  /**
   * The next packet to send for `call`; when `maxBytes` is given the packet must not be
   * longer (a reply before establishment: no amplification).
   */
  packet(call: CallId, content: Content, maxBytes?: number): Uint8Array;
  /** A packet the machine accepted as part of `call`. */
  received(call: CallId, bytes: Uint8Array, from: Endpoint): void;
  /**
   * A datagram `isValid` refused that arrived on `call`'s socket (RTCP multiplexed on the
   * RTP port, RFC 5761): the machine saw it as invalid, so it keeps no call alive; the
   * media side may still read it (checking `from` itself).
   */
  control?(call: CallId, bytes: Uint8Array, from: Endpoint): void;
}

/** Options of {@link NotasipDriver}. */
export interface DriverOptions {
  readonly transports: TransportFactory;
  /** Milliseconds, monotonic. */
  readonly clock: () => number;
  readonly media: MediaPort;
  /** Every event of the machine. */
  readonly onEvent?: (event: NotasipEvent) => void;
  /** Every effect, after the driver has carried out the socket ones. */
  readonly onEffect?: (effect: Effect) => void;
  /** The well-known port is bound (after `openListeningPort` or `resumeListeningPort`). */
  readonly onListening?: (local: Endpoint) => void;
}

/** Counters of what went wrong outside the machine. */
export interface DriverStats {
  sent: number;
  bytesSent: number;
  sendErrors: number;
  /** Exceptions thrown by media callbacks or listeners, caught to keep receiving. */
  callbackErrors: number;
  /** Effects naming a socket the driver does not have (e.g. after a failed bind). */
  unknownSockets: number;
  /** Binds of the well-known port tried again because the port was still taken. */
  listenRetries: number;
}

const LISTEN_RETRIES = 25;
const LISTEN_RETRY_MS = 20;

interface Stream {
  readonly call: CallId;
  readonly content: Content;
  readonly to: Endpoint;
  readonly maxBytes?: number;
}

interface Socket {
  readonly call: CallId;
  readonly transport: Transport;
  connected: boolean;
  stream?: Stream;
}

/** Runs one machine over real (or in-memory) sockets. */
export class NotasipDriver<M extends NotasipMachine = NotasipMachine> {
  readonly stats: DriverStats = {
    sent: 0,
    bytesSent: 0,
    sendErrors: 0,
    callbackErrors: 0,
    unknownSockets: 0,
    listenRetries: 0,
  };
  readonly #options: DriverOptions;
  readonly #sockets = new Map<number, Socket>();
  readonly #queue: ((nowMs: number) => Output)[] = [];
  #listening?: Transport;
  #listenRetry?: ReturnType<typeof setTimeout>;
  #draining = false;

  constructor(readonly machine: M, options: DriverOptions) {
    this.#options = options;
  }

  /**
   * Runs a user action (dial, answer, hang up, listen) at the current time and carries out
   * its effects. Errors thrown by the action (e.g. dialing while busy) reach the caller.
   * @example
   * ```ts
   * import { Callee } from "./callee.ts";
   * declare const driver: NotasipDriver<Callee>;
   * driver.act((now) => driver.machine.answer(now));
   * ```
   */
  act(action: (nowMs: number) => Output): Output {
    const out = action(this.#options.clock());
    this.#queue.unshift(() => out);
    this.#drain();
    return out;
  }

  /** Sends one packet on every socket that streams; call once per frame (e.g. 20 ms). */
  pump(): void {
    for (const socket of this.#sockets.values()) {
      if (socket.stream) this.#sendOne(socket, socket.stream);
    }
  }

  /** Lets timeouts fire; call every few hundred milliseconds. */
  tick(): void {
    this.#input((now) => this.machine.tick(now));
  }

  /**
   * Sends a datagram outside the voice stream (RTCP) on `call`'s socket to where its
   * stream goes. False when the call has no streaming socket or the send failed.
   */
  sendControl(call: CallId, bytes: Uint8Array): boolean {
    for (const socket of this.#sockets.values()) {
      if (socket.call !== call || !socket.stream) continue;
      try {
        socket.transport.send(bytes, socket.connected ? undefined : socket.stream.to);
        return true;
      } catch {
        this.stats.sendErrors++;
        return false;
      }
    }
    return false;
  }

  /** Where `call`'s socket is bound (address as bound, maybe a wildcard), if it has one. */
  localOf(call: CallId): Endpoint | undefined {
    for (const [port, socket] of this.#sockets) {
      if (socket.call === call) return { address: socket.transport.local.address, port };
    }
    return undefined;
  }

  /** Local ports of the open call sockets (not the listening one). */
  get openPorts(): number[] {
    return [...this.#sockets.keys()];
  }

  /** Closes every socket without telling the machine (shutdown). */
  close(): void {
    clearTimeout(this.#listenRetry);
    for (const s of this.#sockets.values()) s.transport.close();
    this.#sockets.clear();
    this.#listening?.close();
    this.#listening = undefined;
  }

  #input(input: (nowMs: number) => Output): void {
    this.#queue.push(input);
    this.#drain();
  }

  /** Runs queued inputs one at a time, so effects never interleave. */
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const out = this.#queue.shift()!(this.#options.clock());
        for (const effect of out.effects) this.#carryOut(effect);
        for (const event of out.events) this.#safely(() => this.#options.onEvent?.(event));
      }
    } finally {
      this.#draining = false;
    }
  }

  #carryOut(effect: Effect): void {
    switch (effect.kind) {
      case "openSocket":
        this.#open(effect.call, effect.local);
        break;
      case "connectSocket":
        this.#withSocket(effect.localPort, (s) => {
          s.transport.connect(effect.peer);
          s.connected = true;
        });
        break;
      case "sendVoice":
      case "sendRingback": {
        const content = effect.kind === "sendVoice" ? "voice" : "ringback";
        const stream = { call: effect.call, content, to: effect.to } as const;
        this.#withSocket(effect.localPort, (s) => {
          if (effect.mode === "stream") s.stream = stream;
          else this.#sendOne(s, { ...stream, maxBytes: effect.maxBytes });
        });
        break;
      }
      case "closeSocket":
        this.#withSocket(effect.localPort, (s) => {
          s.transport.close();
          this.#sockets.delete(effect.localPort);
        });
        break;
      case "openListeningPort":
      case "resumeListeningPort":
        this.#listen(effect.local);
        break;
      case "suspendListeningPort":
      case "closeListeningPort":
        clearTimeout(this.#listenRetry);
        this.#listenRetry = undefined;
        this.#listening?.close();
        this.#listening = undefined;
        break;
    }
    this.#safely(() => this.#options.onEffect?.(effect));
  }

  #open(call: CallId, local: Endpoint): void {
    try {
      const transport = this.#options.transports.bind(local);
      this.#sockets.set(local.port, { call, transport, connected: false });
      this.#attach(transport, local.port);
    } catch (e) {
      this.#input((now) => this.machine.socketFailed(local.port, errorText(e), now));
    }
  }

  // A socket's port is free only once its receive thread has let go of it, which can be
  // just after close(): re-opening the well-known port right after a short call may find
  // it still in use. Retry for a while before telling the machine the port failed.
  #listen(local: Endpoint, attempt = 0): void {
    clearTimeout(this.#listenRetry);
    this.#listenRetry = undefined;
    this.#listening?.close();
    try {
      this.#listening = this.#options.transports.bind(local);
      this.#attach(this.#listening, local.port);
      this.#safely(() => this.#options.onListening?.(local));
    } catch (e) {
      this.#listening = undefined;
      if (attempt < LISTEN_RETRIES && inUse(e)) {
        this.stats.listenRetries++;
        this.#listenRetry = setTimeout(() => this.#listen(local, attempt + 1), LISTEN_RETRY_MS);
      } else {
        this.#input((now) => this.machine.socketFailed(local.port, errorText(e), now));
      }
    }
  }

  #attach(transport: Transport, localPort: number): void {
    transport.onPacket((d) => this.#received(d));
    transport.onIcmp((e) => this.#input((now) => this.machine.icmpError({ ...e, localPort }, now)));
  }

  #received(d: ReceivedDatagram): void {
    let valid = false;
    this.#safely(() => valid = this.#options.media.isValid(d.bytes));
    const socket = valid ? undefined : this.#sockets.get(d.to.port);
    if (socket && this.#options.media.control) {
      this.#safely(() => this.#options.media.control?.(socket.call, d.bytes, d.from));
    }
    this.#input((now) => {
      const out = this.machine.packetReceived(d.from, d.to, valid, now, d.bytes.length);
      const call = out.accepted;
      if (call !== undefined) {
        this.#safely(() => this.#options.media.received(call, d.bytes, d.from));
      }
      return out;
    });
  }

  #sendOne(socket: Socket, stream: Stream): void {
    try {
      const bytes = this.#options.media.packet(stream.call, stream.content, stream.maxBytes);
      if (stream.maxBytes !== undefined && bytes.length > stream.maxBytes) {
        throw new RangeError(`a ${bytes.length}-byte reply to a ${stream.maxBytes}-byte packet`);
      }
      socket.transport.send(bytes, socket.connected ? undefined : stream.to);
      this.stats.sent++;
      this.stats.bytesSent += bytes.length;
    } catch {
      this.stats.sendErrors++; // e.g. ECONNREFUSED; the ICMP itself arrives through onIcmp
    }
  }

  #withSocket(localPort: number, f: (s: Socket) => void): void {
    const socket = this.#sockets.get(localPort);
    if (socket) f(socket);
    else this.stats.unknownSockets++;
  }

  #safely(f: () => void): void {
    try {
      f();
    } catch {
      this.stats.callbackErrors++;
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** True for "address in use": worth retrying while an old socket lets go of the port. */
function inUse(e: unknown): boolean {
  const text = errorText(e);
  return /EADDRINUSE|in use/i.test(text) || (e as { code?: string })?.code === "EADDRINUSE";
}
