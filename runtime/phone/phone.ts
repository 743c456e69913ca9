/**
 * A phone: one line (sound card, telephony card, files), a NOTASIP callee listening on
 * the well-known port, a NOTASIP caller for outgoing calls, and the media of the call in
 * progress. The line's capture clock drives everything: each captured frame is sent on,
 * and each frame played is taken from the call's jitter buffer (or a tone).
 *
 * @example
 * ```ts
 * import { Phone } from "./phone.ts";
 * import { UdpTransports } from "./udp_transport.ts";
 * import { openLine } from "../audio/registry.ts";
 * const phone = await Phone.create({
 *   line: await openLine({ kind: "null" }),
 *   transports: new UdpTransports(),
 * });
 * phone.onEvent((e) => console.log(e));
 * await phone.listen(); // rejects, with the reason, when the port cannot be bound
 * const running = phone.run();
 * await phone.call("iphone://[::1]:10000/0"); // incoming callers get busy meanwhile
 * ```
 *
 * A phone listens and calls at once, like a desk phone: while it calls out or talks, a new
 * caller is refused with busy (ICMP port unreachable from the kernel) and a `refused`
 * event tells the user who it was; repeats and floods are summarised (`refusals`, see
 * {@link RefusalLog}) and counted in `stats().dropped.refused`. Every call ends back in a state that
 * takes the next call: after a busy or ended call the tone plays for `endedToneMs`, then
 * the phone is `idle` again (the well-known port is open again as soon as a call ends).
 * @module
 */
import type { Codec } from "../codecs/codec.ts";
import { codecs as registry } from "../codecs/registry.ts";

/** A call's media: PCM through the phone's codecs, or a card's own coded frames. */
type Media = CallMedia | CodedCallMedia;

/**
 * The codec a line speaks itself (a Quicknet card set to G.723.1 or mu-law): calls then
 * use that codec only, and its frames pass between card and RTP untouched.
 */
export function codedLineCodec(line: Line): Codec | undefined {
  if (!isRawFrameLine(line)) return undefined;
  const encoding = line.rawCodec.rtpEncoding;
  if (!encoding || encoding === "L16") return undefined;
  return registry.find((c) => c.encoding === encoding);
}
import { Callee } from "../notasip/callee.ts";
import { Caller } from "../notasip/caller.ts";
import { NotasipDriver } from "../notasip/driver.ts";
import type { Endpoint } from "../notasip/endpoint.ts";
import type { CallId, Effect, NotasipEvent, TransitionEvent } from "../notasip/events.ts";
import { PortQuarantine } from "../notasip/port_quarantine.ts";
import type { TransportFactory } from "../notasip/transport.ts";
import { parseRtpPacket } from "../rtp/packet.ts";
import { parseSessionUrl } from "../url/parse_session_url.ts";
import type { SessionUrl } from "../url/session_url.ts";
import { sessionTargets } from "../url/session_targets.ts";
import { expandDtmf } from "../url/dtmf_digits.ts";
import { looksLikeRtcp } from "../rtp/rtcp.ts";
import { RtcpPort, type RtcpPortStats } from "./rtcp_port.ts";
import { CallMedia, type CallMediaStats } from "./call_media.ts";
import { CodedCallMedia } from "./coded_media.ts";
import { isRawFrameLine, type Line, LINE_SAMPLE_RATE, type RawFrameLine } from "../audio/line.ts";
import { PlayoutClock } from "./playout_clock.ts";
import { rtpPayloadFromDeviceFrame } from "../audio/phonejack/raw_frame.ts";
import { estimateQuality, type QualityEstimate } from "./call_quality.ts";
import { chooseCodec, type CodecBinding, PayloadTypes } from "./codec_choice.ts";
import { type FamilyPreference, resolveHost } from "./resolve.ts";
import { SILENCE, type Tones, type ToneSource } from "./tones.ts";
import { type AnswerCause, AnswerDetector, type AnswerProgress } from "../dsp/answer_detector.ts";
import { RefusalLog } from "./refusal_log.ts";

/** What the user sees. */
export type PhoneState =
  | "idle"
  | "calling"
  | "connected"
  | "ringing"
  | "talking"
  | "busy"
  | "ended";

/** Events for the user interface and for tests. */
export type PhoneEvent =
  | {
    readonly type: "state";
    readonly state: PhoneState;
    readonly peer?: Endpoint;
    readonly codec?: string;
    readonly reason?: string;
  }
  | { readonly type: "signaling"; readonly event: NotasipEvent }
  | {
    readonly type: "dtmf";
    readonly direction: "sent" | "received";
    /** Sent: the digits queued. Received: one digit, once, when it starts. */
    readonly digits: string;
    /** In the voice (tones) or as RFC 4733 telephone events. */
    readonly method: DtmfMethod;
  }
  /** A caller refused with busy: this phone was calling out (a call it placed), or in a call. */
  | {
    readonly type: "refused";
    readonly peer: Endpoint;
    /** Calling out, in a call, or the user holds the line ({@link Phone.setEngaged}). */
    readonly because: "in-a-call" | "calling-out" | "off-hook";
  }
  /** Refusals not told one by one (repeats, floods): how many, from how many addresses. */
  | {
    readonly type: "refusals";
    readonly count: number;
    readonly callers: number;
    readonly ms: number;
  }
  /** The reachability of the peer changed (ICMP host/net unreachable, then packets again). */
  | {
    readonly type: "reachability";
    readonly reachable: boolean;
    readonly kind?: string;
    readonly address?: string;
  }
  | { readonly type: "error"; readonly message: string }
  /** The peer sent an RTCP BYE: a hint that it hangs up (the call ends by ICMP or timeout). */
  | { readonly type: "bye" }
  /**
   * A placed call, once connected: the callee's phone `ringing` (ring-back heard), then
   * `talking` (answered: ring-back gave way to voice, see {@link AnswerDetector}). NOTASIP
   * has no answer signal: this is what the caller hears. `undetectable` when the phone cannot
   * listen (a card's coded frames, the LPC-10 vocoder): then `talking` comes at connection.
   */
  | {
    readonly type: "progress";
    readonly progress: AnswerProgress;
    readonly cause: AnswerCause | "undetectable";
  };

/** How DTMF travels: as tones in the voice, or as RFC 4733 telephone events. */
export type DtmfMethod = "inband" | "rfc4733";

/** DTMF settings of a phone. */
export interface DtmfOptions {
  /**
   * How this phone sends digits, default `inband`. A URL that lists a `telephone-event`
   * format overrides it for that call (RFC 4733 under the URL's payload type).
   */
  readonly method?: DtmfMethod;
  /** Payload type of RFC 4733 events this phone sends and receives (96-127), default 101. */
  readonly telephoneEventType?: number;
  /** Replaces `u` in a URL's dial digits (`&dial=`, `a=dtmf:`): the user (account) number. */
  readonly userNumber?: string;
  /** Replaces `p` in a URL's dial digits: the PIN. */
  readonly pin?: string;
  /** Pause between the call connecting and its URL's dial digits, ms (default 300). */
  readonly dialDelayMs?: number;
}

/** Default pause before a URL's dial digits. */
export const DIAL_DELAY_MS = 300;

/** Default payload type of RFC 4733 telephone events. */
export const DEFAULT_TELEPHONE_EVENT_TYPE = 101;

/** How a phone is built; everything but the line and the sockets has a default. */
export interface PhoneOptions {
  readonly line: Line;
  readonly transports: TransportFactory;
  /**
   * Codecs this phone calls with, in preference order; default every registered one.
   * Calls in any registered codec (static payload types, and `dynamicTypes`) are accepted.
   */
  readonly codecs?: readonly Codec[];
  /** Dynamic payload types this phone's session URL assigns (96-127). */
  readonly dynamicTypes?: ReadonlyMap<number, Codec>;
  /** Where to listen; default every address, port 10000. */
  readonly listen?: { readonly address?: string; readonly port?: number };
  /** IP version for host names that have both; default any. */
  readonly family?: FamilyPreference;
  /** Port to call when a URL names none; default 10000. */
  readonly wellKnownPort?: number;
  readonly ptimeMs?: number;
  readonly jitterMinMs?: number;
  readonly jitterMaxMs?: number;
  readonly autoAnswer?: boolean;
  readonly callWaiting?: boolean;
  /** No valid packet for this long ends a call; default 30 s. */
  readonly timeoutMs?: number;
  /** An unanswered call whose caller falls silent this long stops ringing; default 1 s. */
  readonly ringSilenceMs?: number;
  /**
   * New calls accepted per second, in all (default 20) and from one source address
   * (default 5): each takes a reply port (see `Callee`).
   */
  readonly newCallsPerSecond?: number;
  readonly newCallsPerSourcePerSecond?: number;
  /** How long the busy tone of an ended or busy call plays before the phone is idle; 3 s. */
  readonly endedToneMs?: number;
  /** Software tones (call progress, in-band DTMF); without them tones are silent. */
  readonly tones?: Tones;
  /**
   * RTCP (RFC 3550) in established calls: reports at the standard interval (5 % of the
   * session bandwidth, at least ~5 s), round-trip time, the peer's view of our stream, BYE
   * on hang-up. Default on. It goes to the peer's RTP port + 1, from this side's RTP port
   * + 1 (call ports are allocated in even/odd pairs), unless the call multiplexes it on the
   * RTP port (RFC 5761): a called URL with `a=rtcp-mux`, {@link rtcpMux} for answered
   * calls, or a peer seen multiplexing. ICMP about RTCP never ends a call.
   */
  readonly rtcp?: boolean;
  /** Answered calls multiplex RTCP on the RTP port (this phone's URL says `a=rtcp-mux`). */
  readonly rtcpMux?: boolean;
  /** DTMF method, event payload type, and the user number and PIN for dial digits. */
  readonly dtmf?: DtmfOptions;
  /**
   * Finds DTMF digits in the received voice (reported as `dtmf` events), as it was sent:
   * in RTP timestamp order, before the jitter buffer time-scales or conceals it.
   */
  readonly dtmfDetector?: { process(pcm: Int16Array): { key: string; kind: string }[] };
  /** Milliseconds, monotonic; default `performance.now`. */
  readonly clock?: () => number;
}

/** Live figures of the call in progress. */
export interface PhoneStats {
  readonly state: PhoneState;
  readonly peer?: Endpoint;
  readonly codec?: string;
  /** A placed call's progress once connected (see the `progress` event). */
  readonly progress?: AnswerProgress;
  readonly media?: CallMediaStats;
  /** E-model estimate from loss and this phone's delay (see call_quality.ts). */
  readonly quality?: QualityEstimate;
  /**
   * Where the call's RTCP goes: multiplexed on the RTP port, its own port (with counters),
   * or why it has none (its port could not be bound).
   */
  readonly rtcpPath?: { readonly multiplexed: true } | RtcpPortStats | { readonly failed: string };
  /** Packets dropped since the phone started, by why (all calls, both sides). */
  readonly dropped: DroppedCounts;
}

/** What the phone dropped, and why. */
export interface DroppedCounts {
  /** Not RTP, or a payload type no codec of the call has. */
  readonly malformed: number;
  /** From someone else than the peer, or for no call. */
  readonly foreign: number;
  /** Too late for playout. */
  readonly late: number;
  /** Already received. */
  readonly duplicate: number;
  /** New callers refused with busy: this phone was in a call or calling out. */
  readonly refused: number;
  /** New callers not taken because of the rate limits (no reply at all). */
  readonly rateLimited: number;
}

const TICK_MS = 250;

/** Resolves after the event loop has had a turn (timers and socket events that are due). */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
const DEFAULT_ENDED_TONE_MS = 3000;
/** A failed well-known port is tried again this often. */
const RELISTEN_MS = 2000;

/** One phone. */
export class Phone {
  #state: PhoneState = "idle";
  #peer?: Endpoint;
  #binding?: CodecBinding;
  #call?: { id: CallId; side: "caller" | "callee"; media: Media };
  #last?: { id: CallId; side: "caller" | "callee" }; // the call a hang-up is about
  #tone?: ToneSource;
  #localTone?: ToneSource; // the handset's own tones (dial, intercept, ringer), over all else
  readonly #dtmf: ToneSource[] = []; // digits waiting to replace the microphone
  readonly #heardDtmf: ToneSource[] = []; // RFC 4733 digits received, played to the user
  #dtmfMethod: DtmfMethod = "inband"; // of the call in progress
  #engaged = false; // the user holds the line (a lifted handset): callers get busy
  #answer?: AnswerDetector; // a placed call's ear for the answer
  #progress?: AnswerProgress;
  #dial?: string; // a URL's digits, sent once the call is connected
  #dialAt?: number; // when to send them
  readonly #eventType: number;
  #jitterMaxMs?: number;
  #handlers: ((e: PhoneEvent) => void)[] = [];
  #lastTick = 0;
  // Play times of line frames: steady, not the loop's wake-up times.
  readonly #playClock = new PlayoutClock(LINE_SAMPLE_RATE);
  #lastYield = -Infinity;
  #closed = false;
  #endedAt?: number; // when the busy tone of an ended or busy call started
  #listening = false; // the user asked to listen
  #lastListen = 0;
  #onListen?: { resolve: () => void; reject: (e: Error) => void };
  #unreachable = false; // the last soft error is not yet followed by a valid packet
  readonly #refusals = new RefusalLog();
  #quietHold = false; // the refusal holding the well-known port was not told one by one
  readonly #pastDrops = { malformed: 0, foreign: 0, late: 0, duplicate: 0 };
  readonly #clock: () => number;
  readonly #types: PayloadTypes;
  readonly #ready = new Map<number, Media>(); // one spare per payload type, for the callee
  /** The line's own codec, when it passes coded frames (see {@link codedLineCodec}). */
  readonly coded?: Codec;
  readonly callee: Callee;
  readonly calleeDriver: NotasipDriver<Callee>;
  #caller?: NotasipDriver<Caller>;
  // Call ports come in pairs: RTP on the even one, RTCP on the next (RFC 3550 section 11).
  readonly #ports = new PortQuarantine({ pairs: true });
  #rtcpMux = false; // this call's RTCP shares its RTP port
  #rtcpPort?: { readonly call: CallId; readonly port: RtcpPort | { failed: string } };

  private constructor(readonly options: PhoneOptions) {
    this.#clock = options.clock ?? (() => performance.now());
    this.#eventType = options.dtmf?.telephoneEventType ?? DEFAULT_TELEPHONE_EVENT_TYPE;
    if (!(this.#eventType >= 96 && this.#eventType <= 127)) {
      throw new RangeError(`telephone-event payload type ${this.#eventType} is not 96-127`);
    }
    this.coded = codedLineCodec(options.line);
    this.#types = this.coded
      ? new PayloadTypes([this.coded]) // only what the card can play
      : new PayloadTypes(registry, options.dynamicTypes);
    this.callee = new Callee({
      listen: options.listen,
      timeoutMs: options.timeoutMs,
      callWaiting: options.callWaiting,
      ringSilenceMs: options.ringSilenceMs,
      newCallsPerSecond: options.newCallsPerSecond,
      newCallsPerSourcePerSecond: options.newCallsPerSourcePerSecond,
      ports: this.#ports,
    });
    this.calleeDriver = this.#driver(this.callee, "callee");
  }

  /** Builds a phone and prepares media for every payload type it can receive. */
  static async create(options: PhoneOptions): Promise<Phone> {
    const phone = new Phone(options);
    await phone.#prepareMedia();
    return phone;
  }

  /** Current state. */
  get state(): PhoneState {
    return this.#state;
  }

  /** Calls `handler` with every event from now on. */
  onEvent(handler: (e: PhoneEvent) => void): void {
    this.#handlers.push(handler);
  }

  /**
   * Starts accepting calls on the well-known port. Resolves once it is bound; rejects
   * with the reason (e.g. "Address already in use") when it cannot be. Later failures
   * (the port taken while suspended) are retried every few seconds.
   */
  listen(): Promise<void> {
    this.#listening = true;
    const bound = new Promise<void>((resolve, reject) => this.#onListen = { resolve, reject });
    this.calleeDriver.act((now) => this.callee.listen(now));
    return bound;
  }

  /**
   * Calls a session URL (`iphone://host:port/formats`): picks the callee's first codec
   * this phone has, resolves the host, and starts sending voice. The URL's dial digits
   * (`&dial=`, `a=dtmf:`), with `u` and `p` filled in, are sent as DTMF once the call is
   * connected. Throws for a malformed URL, dial digits that need a user number or PIN this
   * phone lacks, an unknown host, no common codec, or a call already in progress.
   */
  async call(target: string | SessionUrl): Promise<void> {
    if (this.#call) throw new Error(`already in a call (${this.#state})`);
    if (this.#closed) throw new Error("the phone is closed");
    const url = typeof target === "string" ? parseSessionUrl(target) : target;
    const { target: chosen, binding } = chooseCodec(
      sessionTargets(url),
      this.coded ? [this.coded] : this.options.codecs ?? registry,
    );
    const { userNumber: user, pin } = this.options.dtmf ?? {};
    const dial = chosen.dtmf === undefined ? undefined : expandDtmf(chosen.dtmf, { user, pin });
    const eventType = chosen.telephoneEventType ?? this.#eventType;
    const method = chosen.telephoneEventType !== undefined
      ? "rfc4733"
      : this.options.dtmf?.method ?? "inband";
    const address = await resolveHost(chosen.host, chosen.hostType, this.options.family);
    const media = await this.#newMedia(binding, eventType);
    const caller = new Caller({
      // The caller's socket must be of the callee's address family.
      localAddress: address.includes(":") ? "::" : "0.0.0.0",
      wellKnownPort: chosen.port,
      timeoutMs: this.options.timeoutMs,
      ports: this.#ports,
    });
    if (this.#call) throw new Error(`already in a call (${this.#state})`); // came in meanwhile
    this.#caller?.close();
    this.#caller = this.#driver(caller, "caller");
    if (this.#state === "busy" || this.#state === "ended") this.hangUp(); // silence the tone
    // Callers that arrive now get busy, and the user is told (a `refused` event).
    this.calleeDriver.act((now) => this.callee.setBusy(now, true));
    this.#binding = binding;
    this.#progress = undefined;
    // The vocoder turns ring-back into buzz a detector would take for speech.
    this.#answer = this.coded || binding.codec.name === "lpc10" ? undefined : new AnswerDetector();
    this.#peer = { address, port: chosen.port };
    this.#dial = dial;
    this.#dtmfMethod = method;
    this.#rtcpMux = chosen.rtcpMux === true;
    this.#caller.act((now) => {
      const out = caller.dial({ address, port: chosen.port }, now);
      if (caller.call) {
        this.#call = { id: caller.call, side: "caller", media };
        this.#last = { id: caller.call, side: "caller" };
      }
      return out;
    });
  }

  /**
   * The user holds the line (`true`: a handset lifted, dialing or in a call) or frees it.
   * While it is held, new callers are refused the NOTASIP way: busy, ICMP port unreachable
   * from the closed well-known port (a `refused` event names them). Calls in progress go on.
   */
  setEngaged(engaged: boolean): void {
    if (this.#engaged === engaged || this.#closed) return;
    this.#engaged = engaged;
    const busy = engaged || this.#call?.side === "caller";
    this.calleeDriver.act((now) => this.callee.setBusy(now, busy));
  }

  /** True while the user holds the line ({@link setEngaged}). */
  get engaged(): boolean {
    return this.#engaged;
  }

  /** Answers the ringing call. */
  answer(): void {
    if (this.#call?.side === "callee") {
      this.calleeDriver.act((now) => this.callee.answer(now, this.#call?.id));
    }
  }

  /** Hangs up (or rejects) the call in progress. */
  hangUp(): void {
    const last = this.#last;
    if (!last || this.#state === "idle") return;
    this.#sendRtcp(this.#clock(), "hung up"); // a hint: ICMP and the 30 s rule still decide
    this.#last = undefined;
    if (last.side === "callee") {
      this.calleeDriver.act((now) => this.callee.hangUp(now, last.id));
    } else if (this.#caller) {
      const caller = this.#caller;
      caller.act((now) => caller.machine.hangUp(now));
    }
    this.#endCall("idle", "hung-up");
  }

  /** Live figures of the call in progress, and what the phone dropped since it started. */
  stats(): PhoneStats {
    const call = this.#call;
    const media = call?.media.stats();
    const codec = this.#binding?.codec;
    const packetMs = call
      ? (call.media.packetSamples * 1000) / call.media.options.codec.clockRate
      : 0;
    return {
      state: this.#state,
      peer: this.#peer,
      codec: codec?.name,
      progress: call?.side === "caller" ? this.#progress : undefined,
      media,
      quality: media && codec
        ? estimateQuality(media, codec, packetMs, networkDelayOf(media.rtcp?.rttMs))
        : undefined,
      dropped: this.#dropped(media),
      ...(media?.rtcp ? { rtcpPath: this.#rtcpPath() } : {}),
    };
  }

  #rtcpPath(): PhoneStats["rtcpPath"] {
    if (this.#rtcpMux) return { multiplexed: true };
    const port = this.#rtcpPort?.call === this.#call?.id ? this.#rtcpPort?.port : undefined;
    if (!port) return undefined;
    return port instanceof RtcpPort ? { ...port.stats } : port;
  }

  #dropped(media?: CallMediaStats): DroppedCounts {
    const now = media ? mediaDrops(media) : { malformed: 0, late: 0, duplicate: 0 };
    const caller = this.#caller?.machine.stats;
    const callee = this.callee.stats;
    return {
      malformed: this.#pastDrops.malformed + now.malformed + callee.invalidPackets +
        (caller?.invalidPackets ?? 0),
      foreign: this.#pastDrops.foreign + callee.ignoredPackets + (caller?.ignoredPackets ?? 0),
      late: this.#pastDrops.late + now.late,
      duplicate: this.#pastDrops.duplicate + now.duplicate,
      refused: callee.refused,
      rateLimited: callee.rateLimited,
    };
  }

  /**
   * Sends DTMF digits the call's way: in-band, each replacing the microphone for its tone
   * and pause, or as RFC 4733 events (see {@link DtmfOptions}). Throws for a character
   * that is not a DTMF digit, or for in-band digits when the phone has no tones.
   */
  sendDtmf(digits: string): void {
    const bad = digits.search(/[^0-9*#A-D]/);
    if (bad >= 0) throw new RangeError(`"${digits[bad]}" at ${bad} is not a DTMF digit`);
    const media = this.#call?.media;
    if (this.#dtmfMethod === "rfc4733" && media instanceof CallMedia) {
      media.sendEvents(digits);
      this.#emit({ type: "dtmf", direction: "sent", digits, method: "rfc4733" });
      return;
    }
    if (!this.options.tones) throw new Error("this phone was built without tones: no DTMF");
    for (const digit of digits) this.#dtmf.push(this.options.tones.dtmf(digit));
    this.#emit({ type: "dtmf", direction: "sent", digits, method: "inband" });
  }

  // An RFC 4733 digit from the peer: reported, and played to the user as its tone.
  #heardDigit(digit: string): void {
    this.#emit({ type: "dtmf", direction: "received", digits: digit, method: "rfc4733" });
    const tone = this.options.tones?.dtmf(digit);
    if (tone) this.#heardDtmf.push(tone);
  }

  /**
   * Plays `tone` on the line in place of everything else (call audio, call-progress tones)
   * until called again without one: a handset's dial tone, intercept tone or ringer.
   */
  setLocalTone(tone?: ToneSource): void {
    this.#localTone = tone;
  }

  /** Upper jitter-buffer bound for calls placed or answered from now on. */
  setJitterMax(ms: number): void {
    if (!(ms > 0)) throw new RangeError(`jitter bound must be positive, not ${ms}`);
    this.#jitterMaxMs = ms;
  }

  /**
   * The media loop: runs until the line ends or {@link close} is called (then it resolves,
   * even when `close()` interrupts a read or write of the line).
   */
  async run(): Promise<void> {
    const line = this.options.line;
    try {
      while (!this.#closed) {
        if (this.coded) {
          const frame = await (line as RawFrameLine).readRaw();
          if (frame === null) break;
          await this.#codedStep(line as RawFrameLine, frame);
        } else {
          const frame = await line.read();
          if (frame === null) break;
          await this.#step(frame);
        }
      }
    } catch (e) {
      if (!this.#closed) throw e; // closing the line under a read or write is no failure
    }
  }

  /** Hangs up, stops listening, closes sockets and the line. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#onListen = undefined; // never bound: nobody waits for it any more
    this.hangUp();
    this.#closeRtcpPort();
    this.calleeDriver.act((now) => this.callee.stop(now));
    this.calleeDriver.close();
    this.#caller?.close();
    for (const media of this.#ready.values()) media.close();
    this.#ready.clear();
    await this.options.line.close();
  }

  #dialIfDue(now: number): void {
    if (this.#dialAt === undefined || now < this.#dialAt || this.#dial === undefined) return;
    const digits = this.#dial;
    this.#dial = this.#dialAt = undefined;
    try {
      this.sendDtmf(digits);
    } catch (e) {
      this.#error(e);
    }
  }

  async #step(frame: Int16Array): Promise<void> {
    const now = this.#clock();
    this.#dialIfDue(now);
    const call = this.#call;
    if (call?.media instanceof CallMedia) {
      call.media.capture(this.#withDtmf(frame));
      if (call.media.packetReady) this.#driverOf(call.side)?.pump();
    }
    const playAt = this.#playClock.at(now, frame.length);
    // Behind time (a stalled loop catching up): let waiting packets in before deciding
    // that they are missing, once per catch-up (each turn costs time the loop lacks).
    const frameMs = (frame.length * 1000) / LINE_SAMPLE_RATE;
    if (now - playAt > frameMs && now - this.#lastYield > frameMs) {
      await macrotask();
      this.#lastYield = this.#clock();
    }
    await this.options.line.write(this.#playback(playAt, frame.length));
    // A fresh time: RTCP stamps reports with it, never before packets that came meanwhile.
    this.#tick(this.#clock());
  }

  // A card's frame goes out as it is (or DTMF in its place); what it plays comes from the
  // jitter buffer as it arrived. Nothing is written when there is nothing to hear.
  async #codedStep(line: RawFrameLine, frame: Uint8Array): Promise<void> {
    const now = this.#clock();
    this.#dialIfDue(now);
    const call = this.#call;
    const media = call?.media;
    if (call && media instanceof CodedCallMedia) {
      const samples = media.options.deviceSamples;
      while (this.#dtmf.length && this.#dtmf[0].finished) this.#dtmf.shift();
      if (this.#dtmf.length) media.capturePcm(this.#dtmf[0].next(samples));
      else media.captureCoded(rtpPayloadFromDeviceFrame(line.rawCodec.id, frame));
      if (media.packetReady) this.#driverOf(call.side)?.pump();
      const playAt = this.#playClock.at(now, samples);
      if (this.#hearing()) await line.writeRaw(media.playoutCoded(playAt));
    }
    this.#tick(this.#clock());
  }

  // An RTCP report when one is due (or the BYE), only once the call is up both ways: before
  // that the callee may answer each packet with one packet and no more.
  #sendRtcp(now: number, bye?: string): void {
    const call = this.#call;
    const peer = this.#peer;
    if (!call || !peer || !(call.media instanceof CallMedia) || !this.#hearing()) return;
    if (this.options.rtcp === false) return;
    const own = this.#rtcpMux ? undefined : this.#openRtcpPort(call.id, call.side, call.media);
    const bytes = call.media.rtcpReport(now, bye);
    if (!bytes) return;
    if (this.#rtcpMux) this.#driverOf(call.side)?.sendControl(call.id, bytes);
    else own?.send(bytes, peer);
  }

  // The call's RTCP socket, opened once the call is up both ways (before that the callee
  // may send one packet per packet received, and RTCP is no part of that).
  #openRtcpPort(call: CallId, side: "caller" | "callee", media: CallMedia): RtcpPort | undefined {
    if (this.#rtcpPort?.call !== call) {
      this.#closeRtcpPort();
      const rtp = this.#driverOf(side)?.localOf(call);
      if (!rtp) return undefined;
      const port = RtcpPort.open(this.options.transports, rtp, (bytes) => {
        if (this.#call?.id === call && looksLikeRtcp(bytes)) this.#takeRtcp(media, bytes);
      });
      if (port instanceof RtcpPort && this.#peer) port.expect(this.#peer);
      this.#rtcpPort = { call, port };
    }
    const port = this.#rtcpPort.port;
    return port instanceof RtcpPort ? port : undefined;
  }

  #closeRtcpPort(): void {
    const port = this.#rtcpPort?.port;
    if (port instanceof RtcpPort) port.close();
    this.#rtcpPort = undefined;
  }

  #takeRtcp(media: CallMedia, bytes: Uint8Array): boolean {
    const before = media.stats().rtcp?.byeReceived;
    const ok = media.receiveRtcp(bytes, this.#clock());
    if (!before && media.stats().rtcp?.byeReceived) this.#emit({ type: "bye" });
    return ok;
  }

  // RTCP from the peer, multiplexed on the call's socket. It never counts as valid voice
  // (isValid refuses it, so the machine does not see it as a sign of life): a peer whose
  // RTP has stopped is gone whatever its RTCP says, and a stranger could forge RTCP.
  #control(call: CallId, bytes: Uint8Array, from: Endpoint): void {
    const media = this.#call?.id === call ? this.#call.media : undefined;
    const peer = this.#peer;
    if (!(media instanceof CallMedia) || !peer || !looksLikeRtcp(bytes)) return;
    if (from.address !== peer.address || from.port !== peer.port) return;
    // The peer multiplexes (RFC 5761): answer the same way, whatever this side assumed.
    if (this.#takeRtcp(media, bytes) && !this.#rtcpMux) {
      this.#rtcpMux = true;
      this.#closeRtcpPort();
    }
  }

  #tick(now: number): void {
    if (now - this.#lastTick < TICK_MS) return;
    this.#lastTick = now;
    this.#sendRtcp(now);
    this.calleeDriver.tick();
    this.#caller?.tick();
    const refusals = this.#refusals.flush(now);
    if (refusals) this.#emit({ type: "refusals", ...refusals });
    const toneMs = this.options.endedToneMs ?? DEFAULT_ENDED_TONE_MS;
    if (this.#endedAt !== undefined && now - this.#endedAt >= toneMs) this.hangUp();
    // A well-known port lost (taken by another program while suspended): try again.
    if (
      this.#listening && this.callee.listener === "failed" && now - this.#lastListen >= RELISTEN_MS
    ) {
      this.#lastListen = now;
      this.calleeDriver.act((t) => this.callee.listen(t));
    }
  }

  #hearing(): boolean {
    const call = this.#call;
    return !!call &&
      (call.side === "caller" ? this.#state === "connected" : this.#state === "talking");
  }

  // In-band DTMF takes the microphone's place while a digit plays.
  #withDtmf(frame: Int16Array): Int16Array {
    while (this.#dtmf.length && this.#dtmf[0].finished) this.#dtmf.shift();
    return this.#dtmf.length ? this.#dtmf[0].next(frame.length) : frame;
  }

  #playback(now: number, samples: number): Int16Array {
    if (this.#localTone) return this.#localTone.next(samples);
    if (this.#tone) return this.#tone.next(samples);
    const media = this.#call?.media;
    if (!this.#hearing() || !(media instanceof CallMedia)) return new Int16Array(samples);
    const judging = this.#answer && this.#call?.side === "caller";
    const concealedBefore = judging ? media.stats().playout.concealedSamples : 0;
    const frame = media.playoutFrame(now);
    // Only what really arrived counts: a gap filled by concealment (a stalled sender or a
    // loaded machine) must not look like ring-back cut short.
    if (judging && media.stats().playout.concealedSamples === concealedBefore) {
      this.#listenForAnswer(frame);
    }
    // A received RFC 4733 digit is heard in place of the voice (the in-band detector sees
    // the received audio, where the event's time is a gap: it never reports it again).
    while (this.#heardDtmf.length && this.#heardDtmf[0].finished) this.#heardDtmf.shift();
    return this.#heardDtmf.length ? this.#heardDtmf[0].next(samples) : frame;
  }

  #detectDigits(pcm: Int16Array): void {
    if (!this.#hearing()) return; // ring-back and replies before the answer carry no digits
    for (const e of this.options.dtmfDetector?.process(pcm) ?? []) {
      if (e.kind === "start") {
        this.#emit({ type: "dtmf", direction: "received", digits: e.key, method: "inband" });
      }
    }
  }

  #listenForAnswer(frame: Int16Array): void {
    const verdict = this.#answer?.process(frame);
    if (!verdict) return;
    if (verdict.progress === "talking") this.#answer = undefined; // final
    this.#setProgress(verdict.progress, verdict.cause);
  }

  #setProgress(progress: AnswerProgress, cause: AnswerCause | "undetectable"): void {
    if (this.#progress === progress) return;
    this.#progress = progress;
    this.#emit({ type: "progress", progress, cause });
  }

  #driverOf(side: "caller" | "callee"): NotasipDriver | undefined {
    return side === "caller" ? this.#caller : this.calleeDriver;
  }

  #driver<M extends Caller | Callee>(machine: M, side: "caller" | "callee"): NotasipDriver<M> {
    return new NotasipDriver(machine, {
      transports: this.options.transports,
      clock: this.#clock,
      media: {
        isValid: (bytes) => this.#isValid(bytes),
        packet: (call, content, maxBytes) => this.#packet(call, content, maxBytes),
        received: (call, bytes, from) => this.#received(side, call, bytes, from),
        control: (call, bytes, from) => this.#control(call, bytes, from),
      },
      onEvent: (event) => this.#signaling(side, event),
      onEffect: (effect) => this.#effect(effect),
      onListening: side === "callee" ? () => this.#listened() : undefined,
    });
  }

  #listened(): void {
    this.#onListen?.resolve();
    this.#onListen = undefined;
  }

  // Voice of a known codec, the call's own payload types (a caller sends and hears the
  // type the callee's URL assigns, maybe not one of this phone's), or telephone events
  // (part of the voice stream, RFC 4733).
  #isValid(bytes: Uint8Array): boolean {
    const parsed = parseRtpPacket(bytes);
    if (!parsed.ok) return false;
    const type = parsed.packet.payloadType;
    const own = this.#call?.media.options;
    return this.#types.codecOf(type) !== undefined || type === this.#eventType ||
      type === own?.payloadType ||
      (own !== undefined && "telephoneEventType" in own && type === own.telephoneEventType);
  }

  #packet(call: CallId, content: "voice" | "ringback", maxBytes?: number): Uint8Array {
    const media = this.#call?.id === call ? this.#call.media : undefined;
    if (!media) throw new Error(`no media for call ${call}`);
    if (content === "voice") return media.nextPacket(maxBytes);
    return media.packetOf(this.#ringback().next(media.linePacketSamples), maxBytes);
  }

  #ringbackTone?: ToneSource;
  #ringback(): ToneSource {
    this.#ringbackTone ??= this.#toneOf("ringback");
    return this.#ringbackTone;
  }

  #received(side: "caller" | "callee", call: CallId, bytes: Uint8Array, from: Endpoint): void {
    if (side === "callee" && !this.#call) this.#takeIncoming(call, bytes, from);
    if (this.#unreachable && this.#call?.id === call) {
      this.#unreachable = false;
      this.#emit({ type: "reachability", reachable: true });
    }
    const media = this.#call?.id === call ? this.#call.media : undefined;
    media?.receive(bytes, this.#clock());
  }

  #takeIncoming(call: CallId, bytes: Uint8Array, from: Endpoint): void {
    const parsed = parseRtpPacket(bytes);
    if (!parsed.ok) return;
    const type = parsed.packet.payloadType;
    const media = this.#ready.get(type);
    const codec = this.#types.codecOf(type);
    if (!media || !codec) return;
    this.#ready.delete(type);
    this.#ringbackTone = undefined; // each caller hears the cadence from its start
    this.#call = { id: call, side: "callee", media };
    this.#last = { id: call, side: "callee" };
    this.#binding = { codec, payloadType: type };
    this.#peer = from;
    this.#rtcpMux = this.options.rtcpMux === true;
    this.#dtmfMethod = this.options.dtmf?.method ?? "inband";
    this.#newMedia(this.#binding).then((m) => this.#ready.set(type, m), (e) => this.#error(e));
  }

  #signaling(side: "caller" | "callee", event: NotasipEvent): void {
    // Soft errors are reported once per change, not once per packet (-04 §7 ignores them).
    if (event.type === "soft-error") {
      if (event.call !== this.#call?.id || this.#unreachable) return;
      this.#unreachable = true;
      this.#emit({ type: "signaling", event });
      this.#emit({
        type: "reachability",
        reachable: false,
        kind: event.kind,
        address: event.address,
      });
      return;
    }
    if (event.machine === "listener" && this.#quietRefusal(event)) return;
    this.#emit({ type: "signaling", event });
    if (event.machine === "listener") {
      if (event.reason === "refused" && event.peer) {
        const because = this.#call?.side === "caller"
          ? "calling-out"
          : !this.#call && this.#engaged
          ? "off-hook"
          : "in-a-call";
        this.#emit({ type: "refused", peer: event.peer, because });
      } else if (event.to === "failed" && this.#onListen) {
        this.#onListen.reject(new Error(event.detail ?? "cannot listen"));
        this.#onListen = undefined;
      }
      return;
    }
    if (event.call !== this.#call?.id) return;
    const state = side === "caller" ? callerState(event) : calleeState(event);
    // Locked on: the peer is now the callee's answering port, not its well-known one.
    if (side === "caller" && state === "connected" && event.peer) this.#peer = event.peer;
    if (state === "ended" || state === "busy") {
      this.#endCall(state, event.reason);
      return;
    }
    if (state) this.#setState(state, event.reason);
    if (side === "caller" && state === "connected" && !this.#answer) {
      this.#setProgress("talking", "undetectable");
    }
    if (state === "ringing" && this.options.autoAnswer) this.answer();
    // The callee (a gateway answering at once) starts listening for digits when it hears
    // the first packet: a short pause keeps the first digit from being clipped.
    if (state === "connected" && this.#dial !== undefined) {
      this.#dialAt = this.#clock() + (this.options.dtmf?.dialDelayMs ?? DIAL_DELAY_MS);
    }
  }

  // A refusal (and the end of its hold) the user is not told of one by one: counted, and
  // summarised by #tick.
  #quietRefusal(event: TransitionEvent): boolean {
    if (event.reason === "refused" && event.peer) {
      this.#quietHold = this.#refusals.refused(event.peer, this.#clock()) === undefined;
      return this.#quietHold;
    }
    const quiet = this.#quietHold && event.reason === "refusal-over";
    if (event.to !== "suspended") this.#quietHold = false;
    return quiet;
  }

  #effect(effect: Effect): void {
    const line = this.options.line;
    if (effect.kind === "startRinging") line.ring(true);
    else if (effect.kind === "stopRinging") line.ring(false);
    else if (effect.kind === "playBusyTone") this.#startTone("busy");
    else if (effect.kind === "stopTone") this.#stopTone();
  }

  #startTone(kind: "busy" | "ringback"): void {
    if (this.options.line.playTone(kind)) return;
    this.#tone = this.#toneOf(kind);
  }

  #stopTone(): void {
    this.options.line.stopTone();
    this.#tone = undefined;
  }

  #toneOf(kind: "busy" | "ringback"): ToneSource {
    return this.options.tones?.callProgress(kind) ?? SILENCE;
  }

  #endCall(state: PhoneState, reason: string): void {
    const call = this.#call;
    this.#call = undefined;
    this.#closeRtcpPort();
    this.#rtcpMux = false;
    this.#dial = this.#dialAt = undefined;
    this.#answer = this.#progress = undefined;
    this.#dtmf.length = 0;
    this.#heardDtmf.length = 0;
    if (call) {
      const drops = mediaDrops(call.media.stats());
      for (const k of ["malformed", "late", "duplicate"] as const) this.#pastDrops[k] += drops[k];
      call.media.close();
      if (call.side === "caller") {
        const caller = this.#caller?.machine.stats;
        this.#pastDrops.malformed += caller?.invalidPackets ?? 0;
        this.#pastDrops.foreign += caller?.ignoredPackets ?? 0;
        if (caller) caller.invalidPackets = caller.ignoredPackets = 0;
      }
    }
    this.#unreachable = false;
    if (call?.side === "caller" && !this.#closed) {
      this.calleeDriver.act((now) => this.callee.setBusy(now, this.#engaged));
    }
    if (state === "busy") this.#startTone("busy");
    else if (state === "idle") this.#stopTone();
    this.#endedAt = state === "busy" || state === "ended" ? this.#clock() : undefined;
    this.#setState(state, reason);
  }

  #setState(state: PhoneState, reason?: string): void {
    if (state === this.#state) return;
    this.#state = state;
    if (state !== "busy" && state !== "ended") this.#endedAt = undefined;
    this.#emit({
      type: "state",
      state,
      peer: this.#peer,
      codec: this.#binding?.codec.name,
      reason,
    });
  }

  async #prepareMedia(): Promise<void> {
    for (const binding of this.#types.bindings()) {
      this.#ready.set(binding.payloadType, await this.#newMedia(binding));
    }
  }

  #newMedia(binding: CodecBinding, telephoneEventType = this.#eventType): Promise<Media> {
    const common = {
      ...binding,
      ptimeMs: this.options.ptimeMs,
      jitterMinMs: this.options.jitterMinMs,
      jitterMaxMs: this.#jitterMaxMs ?? this.options.jitterMaxMs,
    };
    const samples = this.options.line.info.frameSamples;
    return this.coded
      ? CodedCallMedia.create({ ...common, deviceSamples: samples })
      : CallMedia.create({
        ...common,
        lineSamples: samples,
        telephoneEventType,
        onDigit: (digit) => this.#heardDigit(digit),
        // In-band digits are found in the audio as sent, not as played out (see onMediaAudio).
        ...(this.options.dtmfDetector ? { onMediaAudio: (pcm) => this.#detectDigits(pcm) } : {}),
        ...(this.options.rtcp === false ? {} : { rtcp: { cname: this.#cname } }),
      });
  }

  // RFC 3550 6.5.1: unique and stable for the phone's life; no user or host name leaks.
  readonly #cname = `phone-${crypto.randomUUID().slice(0, 8)}@simple-internet-phone`;

  #error(e: unknown): void {
    this.#emit({ type: "error", message: e instanceof Error ? e.message : String(e) });
  }

  #emit(event: PhoneEvent): void {
    for (const h of this.#handlers) {
      try {
        h(event);
      } catch (e) {
        console.error(`phone event handler failed: ${e}`);
      }
    }
  }
}

/** One-way network delay from an RTCP round trip (half of it: paths assumed symmetric). */
function networkDelayOf(rttMs: number | undefined): number {
  return rttMs === undefined ? 0 : rttMs / 2;
}

function callerState(e: TransitionEvent): PhoneState | undefined {
  switch (e.to) {
    case "calling":
      return "calling";
    case "established":
      return "connected";
    case "busy":
      return "busy";
    case "ended":
      return "ended";
  }
  return undefined;
}

function calleeState(e: TransitionEvent): PhoneState | undefined {
  switch (e.to) {
    case "incoming":
    case "ringing":
      return "ringing";
    case "answered":
    case "talking":
      return "talking";
    case "ended":
    case "closed":
      return "ended";
  }
  return undefined;
}

function mediaDrops(media: CallMediaStats): { malformed: number; late: number; duplicate: number } {
  const d = media.dropped;
  return {
    malformed: (d["malformed"] ?? 0) + (d["bad-payload"] ?? 0) + (d["wrong-payload-type"] ?? 0),
    late: media.playout.late ?? 0,
    duplicate: (d["duplicate"] ?? 0) + (media.playout.duplicates ?? 0),
  };
}
