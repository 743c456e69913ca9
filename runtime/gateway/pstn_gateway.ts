/**
 * A PSTN gateway on one line (the paper's §3.2 and §3.3; the HOWTO's LineJACK PSTNGw):
 *
 * - Internet -> PSTN: a NOTASIP call to the gateway's well-known port is answered; the caller
 *   dials the number as DTMF (the `&dial=`/`a=dtmf:` digits of the URL, or by hand after the
 *   dial-tone prompt), ended by `#` or a pause. A caller whose address is in a trusted prefix is
 *   authorised by address (RADIUS Service-Type Call-Check); anyone else dials an ID and a PIN,
 *   each after a prompt and ended by `#`, with a bounded number of tries. An Access-Accept
 *   seizes the line, dials, and bridges both ways; a Reject, or no RADIUS server answering,
 *   gives the caller congestion tone and ends the call. Session-Timeout is honoured.
 * - PSTN -> Internet: a ring is answered with dial tone; the caller dials a registered number
 *   (ended by `#` or a pause), the gateway looks it up in its white pages and places the
 *   NOTASIP call; no such number or an unreachable callee gives congestion tone, a busy callee
 *   busy tone.
 *
 * Analog lines signal no answer: the gateway listens (call-progress analysis) for ring-back,
 * busy, congestion and speech. Accounting Start goes when the called side answers (speech),
 * Interim at the configured interval, Stop when either side hangs up; records go through the
 * durable spool. Both sides are hung up together and the line is released on every path.
 *
 * @example
 * ```ts
 * import { PstnGateway } from "./pstn_gateway.ts";
 * import { AccountingSpool, RadiusClient } from "../radius/mod.ts";
 * import { openPhoneJackLine } from "../audio/phonejack/phonejack_line.ts";
 * import { UdpTransports } from "../phone/udp_transport.ts";
 * const radius = RadiusClient.open({ servers: [{ address: "192.0.2.1", port: 1812, secret: "s" }] });
 * const acct = RadiusClient.open({ servers: [{ address: "192.0.2.1", port: 1813, secret: "s" }] });
 * const gateway = await PstnGateway.create({
 *   pstn: await openPhoneJackLine({ kind: "phonejack", index: 0, port: "pstn" }),
 *   transports: new UdpTransports(),
 *   radius,
 *   accounting: AccountingSpool.open("accounting.db", acct),
 *   nasIdentifier: "gw-tokyo-1",
 *   trusted: ["192.0.2.0/24"],
 *   whitePages: "http://localhost:8080/",
 * });
 * gateway.onEvent((e) => console.log(e));
 * await gateway.run();
 * ```
 * @module
 */

import type { Codec } from "../codecs/codec.ts";
import { findCodec } from "../codecs/registry.ts";
import { type CallProgress, CallProgressDetector } from "../dsp/call_progress.ts";
import { DtmfDetector } from "../dsp/dtmf_detector.ts";
import type { TransportFactory } from "../notasip/transport.ts";
import { packetization } from "../phone/call_media.ts";
import { Phone, type PhoneEvent } from "../phone/phone.ts";
import { softwareTones } from "../phone/software_tones.ts";
import type { ToneSource } from "../phone/tones.ts";
import {
  AcctStatusType,
  AcctTerminateCause,
  Attribute,
  findAttribute,
  getInteger,
  integerAttribute,
  NasPortType,
  octetsAttribute,
  type RadiusAttribute,
  RadiusCode,
  ServiceType,
  textAttribute,
} from "../radius/mod.ts";
import type { AccountingSpool } from "../radius/accounting_spool.ts";
import type { RadiusClient } from "../radius/client.ts";
import { lookupNumber } from "../whitepages/client.ts";
import { DigitCollector } from "./digit_collector.ts";
import { GatewayLine, planTone, type PstnLine } from "./gateway_line.ts";
import { isTrusted, parsePrefixes, type Prefix } from "./trusted_prefixes.ts";

/** How a gateway is set up. */
export interface GatewayOptions {
  /** The PSTN line (a LineJACK opened on its PSTN port). */
  readonly pstn: PstnLine;
  readonly transports: TransportFactory;
  /** Authentication and authorisation. */
  readonly radius: RadiusClient;
  /** Accounting records (durable). */
  readonly accounting: AccountingSpool;
  /** NAS-Identifier in every request. */
  readonly nasIdentifier: string;
  /** NAS-IP-Address (IPv4) or NAS-IPv6-Address, if set. */
  readonly nasAddress?: string;
  /** NAS-Port: this line's number (default 0). */
  readonly nasPort?: number;
  /** Callers authorised by source address (CIDR). */
  readonly trusted?: readonly string[];
  /** White pages for PSTN -> Internet calls. */
  readonly whitePages?: string;
  /** Tone plan: prompts, and what call-progress analysis listens for (default `us`). */
  readonly country?: string;
  /** The well-known port to listen on (default every address, 10000). */
  readonly listen?: { readonly address?: string; readonly port?: number };
  readonly codecs?: readonly Codec[];
  readonly ptimeMs?: number;
  /** ID + PIN tries before the call is refused (default 3). */
  readonly pinTries?: number;
  readonly interDigitMs?: number;
  readonly firstDigitMs?: number;
  /** Interim-Update interval, seconds (0 or absent: none). */
  readonly interimSeconds?: number;
  /** Ring-back this long without an answer ends the call (default 60 s). */
  readonly noAnswerMs?: number;
  /** How long a caller hears busy or congestion before the gateway hangs up (default 3 s). */
  readonly toneBeforeReleaseMs?: number;
}

/** What a gateway reports, for logs and tests. */
export interface GatewayEvent {
  readonly type: "call";
  readonly direction: "to-pstn" | "from-pstn";
  readonly stage:
    | "incoming"
    | "number"
    | "authorised"
    | "refused"
    | "dialled"
    | "answered"
    | "ended";
  readonly session: string;
  readonly detail?: string;
}

interface Session {
  readonly id: string;
  readonly direction: "to-pstn" | "from-pstn";
  readonly peer: string;
  number: string;
  user: string;
  answeredAt?: number;
  /** The phone's counters, sampled while the call lasts (they go when the phone ends it). */
  usage?: RadiusAttribute[];
  classAttr?: Uint8Array;
  ended: boolean;
  readonly timers: ReturnType<typeof setTimeout>[];
}

let sessionCounter = 0;

/** A gateway on one PSTN line. */
export class PstnGateway {
  readonly phone: Phone;
  readonly line: GatewayLine;
  readonly #options: GatewayOptions;
  readonly #trusted: Prefix[];
  readonly #country: string;
  readonly #pstnDtmf: DtmfDetector;
  readonly #pstnProgress: CallProgressDetector;
  readonly #netProgress: CallProgressDetector;
  readonly #handlers: ((e: GatewayEvent) => void)[] = [];
  readonly #closeTones: () => void;
  #session: Session | null = null;
  #collector: { collector: DigitCollector; from: "internet" | "pstn" } | null = null;
  /** Digits dialled ahead of a prompt (type-ahead), kept for the next collector. */
  #typeAhead: { key: string; from: "internet" | "pstn" }[] = [];
  #watch: "none" | "pstn" | "internet" = "none";
  #closed = false;

  private constructor(
    options: GatewayOptions,
    line: GatewayLine,
    phone: Phone,
    pstnDtmf: DtmfDetector,
    closeTones: () => void,
  ) {
    this.#options = options;
    this.#trusted = parsePrefixes(options.trusted ?? []);
    this.#country = options.country ?? "us";
    this.line = line;
    this.phone = phone;
    this.#pstnDtmf = pstnDtmf;
    this.#closeTones = closeTones;
    this.#pstnProgress = new CallProgressDetector(this.#country);
    this.#netProgress = new CallProgressDetector(this.#country);
    line.tap = (frame) => this.#onPstnAudio(frame);
    line.netTap = (frame) => this.#onNetAudio(frame);
    phone.onEvent((e) => this.#onPhoneEvent(e));
  }

  /** Builds the gateway; throws a clear error for a bad option (trusted prefix, country). */
  static async create(options: GatewayOptions): Promise<PstnGateway> {
    parsePrefixes(options.trusted ?? []);
    new CallProgressDetector(options.country ?? "us");
    const line = new GatewayLine(options.pstn);
    const tones = await softwareTones(options.country ?? "us");
    const phone = await Phone.create({
      line,
      transports: options.transports,
      listen: options.listen,
      codecs: options.codecs,
      ptimeMs: options.ptimeMs,
      tones,
      dtmfDetector: mergeSplitDigits(await DtmfDetector.create()),
    });
    const pstnDtmf = await DtmfDetector.create();
    return new PstnGateway(options, line, phone, pstnDtmf, () => tones.close());
  }

  /** Calls `handler` with every gateway event. */
  onEvent(handler: (e: GatewayEvent) => void): void {
    this.#handlers.push(handler);
  }

  /** True while a call uses the line. */
  get busy(): boolean {
    return this.#session !== null;
  }

  /** Listens for calls from both sides until {@link close}. */
  async run(): Promise<void> {
    this.phone.listen();
    const rings = this.#watchRings();
    await this.phone.run();
    await rings;
  }

  /** Ends any call (Stop with NAS-Request), stops listening, releases the line. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#session) this.#end(this.#session, AcctTerminateCause.NasRequest, "gateway closing");
    this.#closed = true;
    await this.phone.close();
    this.#pstnDtmf.close();
    this.#closeTones();
  }

  // --- Internet -> PSTN ---

  async #fromInternet(peer: string): Promise<void> {
    const s = this.#begin("to-pstn", peer);
    this.phone.answer();
    const number = await this.#collect(s, "internet", planTone(this.#country, "dial"));
    if (s.ended) return;
    if (!number) return this.#refuse(s, "no number dialled");
    s.number = number;
    this.#emit(s, "number", number);
    const accept = await this.#authorise(s);
    if (s.ended) return;
    if (!accept) return;
    const timeout = getInteger(accept, Attribute.SessionTimeout);
    s.classAttr = findAttribute(accept, Attribute.Class)?.value;
    this.#emit(s, "authorised", timeout ? `Session-Timeout ${timeout} s` : undefined);
    this.line.toInternet = "silence";
    this.#options.pstn.setPstnOffHook(true);
    await sleep(300); // the exchange's dial tone
    if (s.ended) return;
    await this.#options.pstn.dial(number);
    if (s.ended) return;
    this.#emit(s, "dialled", number);
    this.#pstnProgress.reset();
    this.#watch = "pstn";
    this.line.bridge(); // the caller hears the exchange: ring-back, busy, the answer
    s.timers.push(setTimeout(() => {
      if (!s.answeredAt) this.#end(s, 0, "no answer");
    }, this.#options.noAnswerMs ?? 60000));
    if (timeout) {
      s.timers.push(setTimeout(
        () => this.#end(s, AcctTerminateCause.SessionTimeout, "Session-Timeout"),
        timeout * 1000,
      ));
    }
  }

  /** RADIUS for the call: by address if trusted, else ID + PIN with prompts and tries. */
  async #authorise(s: Session): Promise<{ attributes: readonly RadiusAttribute[] } | null> {
    if (isTrusted(this.#trusted, s.peer)) {
      s.user = s.peer;
      const out = await this.#options.radius.authenticate([
        textAttribute(Attribute.UserName, s.peer),
        integerAttribute(Attribute.ServiceType, ServiceType.CallCheck),
        ...this.#callAttributes(s),
      ]);
      return this.#judge(s, out, true);
    }
    const tries = this.#options.pinTries ?? 3;
    for (let attempt = 1; attempt <= tries; attempt++) {
      const id = await this.#collect(s, "internet", planTone(this.#country, "ringback"));
      if (s.ended) return null;
      const pin = await this.#collect(s, "internet", planTone(this.#country, "ringback"));
      if (s.ended) return null;
      if (!id || !pin) {
        this.#refuse(s, "no ID or PIN dialled");
        return null;
      }
      s.user = id;
      const out = await this.#options.radius.authenticate([
        textAttribute(Attribute.UserName, id),
        integerAttribute(Attribute.ServiceType, ServiceType.Login),
        ...this.#callAttributes(s),
      ], pin);
      const accepted = this.#judge(s, out, attempt === tries);
      if (accepted || s.ended) return accepted;
      if (!out.ok) return null; // no server answered: refused already
      // A short congestion burst says "try again".
      this.line.toInternet = planTone(this.#country, "congestion");
      await sleep(600);
    }
    return null;
  }

  #judge(
    s: Session,
    out: Awaited<ReturnType<RadiusClient["authenticate"]>>,
    last: boolean,
  ): { attributes: readonly RadiusAttribute[] } | null {
    if (s.ended) return null;
    if (!out.ok) {
      this.#refuse(s, `RADIUS: ${out.detail}`);
      return null;
    }
    if (out.packet.code === RadiusCode.AccessAccept) return out.packet;
    if (last) {
      this.#refuse(s, `RADIUS: ${out.packet.code === 3 ? "Access-Reject" : "Access-Challenge"}`);
    }
    return null;
  }

  // --- PSTN -> Internet ---

  async #fromPstn(): Promise<void> {
    const s = this.#begin("from-pstn", "pstn");
    this.#options.pstn.setPstnOffHook(true);
    this.#pstnProgress.reset();
    this.#watch = "pstn"; // the PSTN caller may hang up at any time
    const number = await this.#collect(s, "pstn", planTone(this.#country, "dial"));
    if (s.ended) return;
    if (!number) return this.#refusePstn(s, "congestion", "no number dialled");
    s.number = number;
    s.user = number;
    this.#emit(s, "number", number);
    const book = this.#options.whitePages;
    if (!book) return this.#refusePstn(s, "congestion", "no white pages configured");
    let url: string;
    try {
      url = await lookupNumber(book, number);
    } catch (e) {
      return this.#refusePstn(s, "congestion", `lookup: ${(e as Error).message}`);
    }
    if (s.ended) return;
    this.line.toPstn = planTone(this.#country, "ringback");
    try {
      await this.phone.call(url);
    } catch (e) {
      return this.#refusePstn(s, "congestion", `call: ${(e as Error).message}`);
    }
    this.#emit(s, "dialled", url);
    this.#netProgress.reset();
    s.timers.push(setTimeout(() => {
      if (!s.answeredAt) this.#end(s, 0, "no answer");
    }, this.#options.noAnswerMs ?? 60000));
  }

  #refusePstn(s: Session, tone: "busy" | "congestion", why: string): void {
    this.#emit(s, "refused", why);
    this.line.toPstn = planTone(this.#country, tone);
    s.timers.push(
      setTimeout(() => this.#end(s, 0, why), this.#options.toneBeforeReleaseMs ?? 3000),
    );
  }

  // --- shared ---

  #begin(direction: Session["direction"], peer: string): Session {
    const s: Session = {
      id: `${this.#options.nasIdentifier}-${Date.now().toString(36)}-${++sessionCounter}`,
      direction,
      peer,
      number: "",
      user: "",
      ended: false,
      timers: [],
    };
    this.#session = s;
    this.#typeAhead = [];
    this.#emit(s, "incoming", peer);
    return s;
  }

  /** Collects one answer of digits from a side, with a prompt tone until the first digit. */
  async #collect(s: Session, from: "internet" | "pstn", prompt: ToneSource): Promise<string> {
    const collector = new DigitCollector({
      now: performance.now(),
      interDigitMs: this.#options.interDigitMs,
      firstDigitMs: this.#options.firstDigitMs,
    });
    this.#collector = { collector, from };
    this.#setPrompt(from, prompt);
    const early = this.#typeAhead.filter((d) => d.from === from);
    this.#typeAhead = this.#typeAhead.filter((d) => d.from !== from);
    for (const d of early) this.#onDigit(d.key, from);
    while (!s.ended) {
      const r = collector.result(performance.now());
      if (r.done) {
        this.#collector = null;
        this.#setPrompt(from, null);
        return r.digits;
      }
      await sleep(20);
    }
    this.#collector = null;
    return "";
  }

  #setPrompt(side: "internet" | "pstn", prompt: ToneSource | null): void {
    if (side === "internet") this.line.toInternet = prompt ?? "silence";
    else this.line.toPstn = prompt ?? "silence";
  }

  #onDigit(key: string, from: "internet" | "pstn"): void {
    if (!this.#session || this.#session.ended) return;
    if (
      this.#collector?.from !== from || this.#collector.collector.result(performance.now()).done
    ) {
      if (this.#typeAhead.length < 64) this.#typeAhead.push({ key, from });
      return;
    }
    this.#collector.collector.digit(key, performance.now());
    this.#setPrompt(from, null); // the first digit stops the prompt
  }

  #refuse(s: Session, why: string): void {
    this.#emit(s, "refused", why);
    this.line.toInternet = planTone(this.#country, "congestion");
    s.timers.push(
      setTimeout(() => this.#end(s, 0, why), this.#options.toneBeforeReleaseMs ?? 3000),
    );
  }

  #answered(s: Session): void {
    if (s.answeredAt || s.ended) return;
    s.answeredAt = performance.now();
    this.line.bridge();
    this.#emit(s, "answered");
    const sample = () => {
      if (s.ended) return;
      if (this.phone.stats().media) s.usage = this.#usage(s);
      s.timers.push(setTimeout(sample, 250));
    };
    sample();
    this.#options.accounting.enqueue(AcctStatusType.Start, s.id, this.#accountingAttributes(s));
    const interim = this.#options.interimSeconds ?? 0;
    if (interim > 0) {
      const tick = () => {
        if (s.ended) return;
        this.#options.accounting.enqueue(
          AcctStatusType.InterimUpdate,
          s.id,
          [...this.#accountingAttributes(s), ...this.#usage(s)],
        );
        s.timers.push(setTimeout(tick, interim * 1000));
      };
      s.timers.push(setTimeout(tick, interim * 1000));
    }
  }

  /** Ends the call on both sides, releases the line, and sends Stop if it was answered. */
  #end(s: Session, cause: number, why: string): void {
    if (s.ended) return;
    // The phone may have ended the call already (and dropped its counters): then the last sample.
    const usage = !s.answeredAt ? [] : this.phone.stats().media ? this.#usage(s) : s.usage ?? [];
    s.ended = true;
    for (const t of s.timers) clearTimeout(t);
    this.#watch = "none";
    this.#collector = null;
    this.line.quiet();
    try {
      this.#options.pstn.setPstnOffHook(false);
    } catch { /* the line is gone; nothing to release */ }
    if (this.phone.state !== "idle") this.phone.hangUp();
    if (s.answeredAt) {
      this.#options.accounting.enqueue(AcctStatusType.Stop, s.id, [
        ...this.#accountingAttributes(s),
        ...usage,
        integerAttribute(Attribute.AcctTerminateCause, cause || AcctTerminateCause.UserRequest),
      ]);
    }
    if (this.#session === s) this.#session = null;
    this.#emit(s, "ended", why);
  }

  #onPhoneEvent(e: PhoneEvent): void {
    if (e.type === "dtmf" && e.direction === "received") {
      for (const key of e.digits) this.#onDigit(key, "internet");
      return;
    }
    if (e.type !== "state" || this.#closed) return;
    const s = this.#session;
    if (e.state === "ringing" && !s && e.peer) {
      this.#fromInternet(e.peer.address).catch((err) => this.#fail(err));
      return;
    }
    if (!s || s.ended) return;
    if (s.direction === "from-pstn" && e.state === "connected") this.#watch = "internet";
    if (s.direction === "from-pstn" && e.state === "busy") {
      this.#refusePstn(s, "busy", "the callee is busy");
      return;
    }
    if (e.state === "ended" || e.state === "idle") {
      const cause = e.reason === "timeout"
        ? AcctTerminateCause.LostService
        : s.direction === "to-pstn"
        ? AcctTerminateCause.UserRequest
        : AcctTerminateCause.HostRequest;
      if (s.direction === "from-pstn" && !s.answeredAt) {
        this.#refusePstn(s, "congestion", `the call ended: ${e.reason ?? "unreachable"}`);
      } else {
        this.#end(s, cause, `the Internet side ended the call (${e.reason ?? "hung up"})`);
      }
    }
  }

  #onPstnAudio(frame: Int16Array): void {
    if (this.#collector?.from === "pstn") {
      for (const e of this.#pstnDtmf.process(frame)) {
        if (e.kind === "start") this.#onDigit(e.key, "pstn");
      }
    }
    const s = this.#session;
    if (!s || s.ended) return;
    const watching = this.#watch === "pstn" ||
      (s.direction === "from-pstn" && this.#watch === "internet");
    if (!watching) return;
    const verdict = this.#pstnProgress.process(frame);
    if (!verdict) return;
    this.#pstnVerdict(s, verdict);
  }

  #pstnVerdict(s: Session, verdict: CallProgress): void {
    if (s.direction === "to-pstn" && verdict === "voice") return this.#answered(s);
    if (verdict === "busy" || verdict === "congestion" || verdict === "dial") {
      if (s.direction === "to-pstn" && !s.answeredAt) {
        // The caller hears it through the bridge; then both sides are released.
        s.timers.push(setTimeout(
          () => this.#end(s, 0, `the PSTN number gave ${verdict}`),
          this.#options.toneBeforeReleaseMs ?? 3000,
        ));
        this.#watch = "none";
      } else {
        this.#end(s, AcctTerminateCause.HostRequest, "the PSTN side hung up");
      }
    }
  }

  #onNetAudio(frame: Int16Array): void {
    const s = this.#session;
    if (!s || s.ended || s.direction !== "from-pstn" || this.#watch !== "internet") return;
    if (this.#netProgress.process(frame) === "voice") this.#answered(s);
  }

  async #watchRings(): Promise<void> {
    for await (const event of this.#options.pstn.events()) {
      if (this.#closed) break;
      if (event.type === "ring" && !this.#session) {
        this.#fromPstn().catch((err) => this.#fail(err));
      }
    }
  }

  #fail(err: unknown): void {
    const s = this.#session;
    if (s) this.#end(s, AcctTerminateCause.NasError, `gateway error: ${(err as Error).message}`);
  }

  #callAttributes(s: Session): RadiusAttribute[] {
    const o = this.#options;
    const out = [
      textAttribute(Attribute.CallingStationId, s.peer),
      textAttribute(Attribute.CalledStationId, s.number),
      textAttribute(Attribute.NasIdentifier, o.nasIdentifier),
      integerAttribute(Attribute.NasPort, o.nasPort ?? 0),
      integerAttribute(Attribute.NasPortType, NasPortType.Async),
    ];
    if (o.nasAddress) out.push(nasAddressAttribute(o.nasAddress));
    return out;
  }

  #accountingAttributes(s: Session): RadiusAttribute[] {
    const out = [textAttribute(Attribute.UserName, s.user || s.peer), ...this.#callAttributes(s)];
    if (s.classAttr) out.push(octetsAttribute(Attribute.Class, s.classAttr));
    return out;
  }

  /** Session time, and RTP packets and octets each way, from the phone's counters. */
  #usage(s: Session): RadiusAttribute[] {
    const stats = this.phone.stats();
    const seconds = Math.round((performance.now() - (s.answeredAt ?? performance.now())) / 1000);
    const sent = stats.media?.packetsSent ?? 0;
    const received = stats.media?.received?.received ?? 0;
    const codec = stats.codec ? safeCodec(stats.codec) : undefined;
    const perPacket = codec
      ? 12 +
        Math.round(
          (codec.bitRate / 8) * packetization(codec, this.#options.ptimeMs, 160) / 1000,
        )
      : 12;
    // Input is what the user on the Internet sent us; output what we sent them (RFC 2866 §5.3).
    return [
      integerAttribute(Attribute.AcctSessionTime, seconds),
      integerAttribute(Attribute.AcctInputPackets, received % 2 ** 32),
      integerAttribute(Attribute.AcctOutputPackets, sent % 2 ** 32),
      integerAttribute(Attribute.AcctInputOctets, (received * perPacket) % 2 ** 32),
      integerAttribute(Attribute.AcctOutputOctets, (sent * perPacket) % 2 ** 32),
    ];
  }

  #emit(s: Session, stage: GatewayEvent["stage"], detail?: string): void {
    const event: GatewayEvent = {
      type: "call",
      direction: s.direction,
      stage,
      session: s.id,
      detail,
    };
    for (const h of this.#handlers) {
      try {
        h(event);
      } catch (e) {
        console.error(`gateway event handler failed: ${e}`);
      }
    }
  }
}

function nasAddressAttribute(address: string): RadiusAttribute {
  if (address.includes(":")) {
    throw new RangeError("NAS-IPv6-Address is not supported yet; give an IPv4 nasAddress");
  }
  const bytes = Uint8Array.from(address.split(".").map(Number));
  return octetsAttribute(Attribute.NasIpAddress, bytes);
}

function safeCodec(name: string): Codec | undefined {
  try {
    return findCodec(name);
  } catch {
    return undefined;
  }
}

/**
 * A digit broken by a gap in the received audio (a lost packet, concealed or not) ends and
 * starts again within a few tens of ms; genuine repeats have a pause of at least 40 ms
 * (Q.24) and phones leave 100 ms. Restarts of the same key after less than 30 ms of audio
 * (counted in samples, so a loaded machine does not change it) are taken as one digit.
 */
function mergeSplitDigits(detector: DtmfDetector): {
  process(pcm: Int16Array): { key: string; kind: string }[];
} {
  let last = { key: "", endAt: -Infinity };
  return {
    process(pcm: Int16Array) {
      const out = [];
      for (const e of detector.process(pcm)) {
        if (e.kind === "end") {
          last = { key: e.key, endAt: e.atSample };
        } else if (e.key === last.key && e.atSample - last.endAt < 240) {
          continue;
        }
        out.push(e);
      }
      return out;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
