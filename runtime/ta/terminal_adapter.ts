/**
 * The terminal adapter (TA): an always-on phone behind an ordinary telephone. It listens
 * for calls, lets the handset place and take them ({@link HandsetController}), keeps its
 * settings, phone book and call history in a {@link TaStore}, and reports a live status
 * for its configuration page. Settings that shape a call (codecs, jitter bounds, tones,
 * auto-answer) are applied by rebuilding the phone when it is idle; the phone book,
 * white pages and volume apply at once.
 *
 * @example
 * ```ts
 * import { TerminalAdapter } from "./terminal_adapter.ts";
 * import { TaStore } from "./store.ts";
 * import { openLine } from "../audio/registry.ts";
 * const ta = await TerminalAdapter.start({
 *   store: TaStore.open("ta.sqlite"),
 *   openLine: () => openLine({ kind: "phonejack", index: 0 }),
 *   listen: { address: "::", port: 10000 },
 * });
 * ta.onStatus((s) => console.log(s.state));
 * ```
 * @module
 */
import type { Line } from "../audio/line.ts";
import { findCodec } from "../codecs/registry.ts";
import { Phone, type PhoneEvent, type PhoneState } from "../phone/phone.ts";
import { dynamicTypesOf, ownSessionUrl } from "../phone/own_url.ts";
import { softwareTones } from "../phone/software_tones.ts";
import { UdpTransports } from "../phone/udp_transport.ts";
import { HandsetController, type HandsetEvent } from "../handset/controller.ts";
import type { HandsetState } from "../handset/handset.ts";
import { HandsetTones } from "../handset/handset_tones.ts";
import { PhoneBook } from "../handset/phone_book.ts";
import type { TaSettings } from "./settings.ts";
import type { CallRecord, TaStore } from "./store.ts";

/** What the status page shows, live. */
export interface TaStatus {
  readonly state: PhoneState;
  /** A placed call once connected: `ringing` (ring-back heard) or `talking` (answered). */
  readonly progress?: "ringing" | "talking";
  readonly handset: HandsetState;
  readonly peer?: string;
  readonly codec?: string;
  readonly lossPercent?: number;
  readonly jitterMs?: number;
  readonly mos?: number;
  readonly packetsSent?: number;
  readonly packetsReceived?: number;
  /** What was dialed last, and the latest notice (unknown number, ...). */
  readonly dialed?: string;
  readonly notice?: string;
  readonly ownUrl: string;
}

/** How a TA is started. */
export interface TaOptions {
  readonly store: TaStore;
  /** Opens the line (again, when the phone is rebuilt). */
  readonly openLine: () => Promise<Line>;
  /** Where the phone listens (default every address, port 10000). */
  readonly listen?: { readonly address?: string; readonly port?: number };
  /** Host others reach this phone at, for its session URL (default the listen address). */
  readonly publicHost?: string;
  /** Port a dialed `*address#` is called on (default 10000). */
  readonly wellKnownPort?: number;
  /** Hook guard for rotary phones and flash timing (ms; default 0 on keyboards, 800 on cards). */
  readonly hookGuardMs?: number;
}

interface OpenCall {
  startedAt: number;
  direction: "in" | "out";
  peer: string;
  dialed: string;
  codec: string;
  talkingAt?: number;
  result?: string;
}

/** One running terminal adapter. */
export class TerminalAdapter {
  #phone!: Phone;
  #controller!: HandsetController;
  #running?: Promise<void>;
  #closeTones?: () => void;
  #settings: TaSettings;
  #pendingRebuild = false;
  #call?: OpenCall;
  #dialed = "";
  #notice = "";
  #listeners: ((s: TaStatus) => void)[] = [];
  #timer?: ReturnType<typeof setInterval>;
  #closed = false;

  private constructor(readonly options: TaOptions) {
    this.#settings = options.store.settings();
  }

  /** Opens the line, builds the phone and starts listening. */
  static async start(options: TaOptions): Promise<TerminalAdapter> {
    const ta = new TerminalAdapter(options);
    await ta.#build();
    ta.#timer = setInterval(() => ta.#publish(), 1000);
    return ta;
  }

  /** The phone now in service. */
  get phone(): Phone {
    return this.#phone;
  }

  /** The handset now in service. */
  get controller(): HandsetController {
    return this.#controller;
  }

  /** Current settings. */
  get settings(): TaSettings {
    return this.#settings;
  }

  /** The phone book in the current numbering context. */
  phoneBook(): PhoneBook {
    return new PhoneBook(this.options.store.phoneBook(), this.#settings.context);
  }

  /** This phone's session URL: the configured one, or made from where it listens. */
  ownUrl(): string {
    if (this.#settings.ownUrl) return this.#settings.ownUrl;
    const listen = this.options.listen ?? {};
    let host = this.options.publicHost ?? listen.address ?? "::";
    if (host === "::" || host === "0.0.0.0") host = Deno.hostname();
    const codecs = this.#settings.codecs.map((n) => findCodec(n));
    return ownSessionUrl(host, listen.port ?? 10000, codecs);
  }

  /** Calls `listener` with the status at every change and every second. */
  onStatus(listener: (s: TaStatus) => void): () => void {
    this.#listeners.push(listener);
    return () => this.#listeners = this.#listeners.filter((l) => l !== listener);
  }

  /** The live status. */
  status(): TaStatus {
    const stats = this.#phone.stats();
    const received = stats.media?.received;
    const inCall = stats.state !== "idle" && stats.state !== "ended";
    return {
      state: stats.state,
      progress: stats.progress,
      handset: this.#controller.handset.state,
      peer: inCall && stats.peer ? `${stats.peer.address}:${stats.peer.port}` : undefined,
      codec: inCall ? stats.codec : undefined,
      lossPercent: inCall ? stats.quality?.lossPercent : undefined,
      jitterMs: inCall ? received?.jitterMs : undefined,
      mos: inCall ? stats.quality?.mos : undefined,
      packetsSent: inCall ? stats.media?.packetsSent : undefined,
      packetsReceived: inCall ? received?.received : undefined,
      dialed: this.#dialed || undefined,
      notice: this.#notice || undefined,
      ownUrl: this.ownUrl(),
    };
  }

  /**
   * Saves and applies new settings: at once where a running phone can take them, else by
   * rebuilding the phone as soon as it is idle.
   */
  async applySettings(settings: TaSettings): Promise<void> {
    const before = this.#settings;
    this.options.store.saveSettings(settings);
    this.#settings = settings;
    this.#phone.options.line.setGain({ playback: 10 ** (settings.volumeDb / 20) });
    this.#phone.setJitterMax(settings.jitterMaxMs);
    const shaping: (keyof TaSettings)[] = [
      "codecs",
      "jitterMinMs",
      "toneCountry",
      "autoAnswer",
      "interDigitMs",
    ];
    if (shaping.some((k) => JSON.stringify(before[k]) !== JSON.stringify(settings[k]))) {
      this.#pendingRebuild = true;
      await this.#rebuildIfIdle();
    }
    this.#publish();
  }

  async #rebuildIfIdle(): Promise<void> {
    if (!this.#pendingRebuild || this.#closed) return;
    if (this.#phone.state !== "idle" || this.#controller.handset.state !== "idle") return;
    this.#pendingRebuild = false;
    await this.#teardown();
    await this.#build();
  }

  async #build(): Promise<void> {
    const s = this.#settings;
    const line = await this.options.openLine();
    line.setGain({ playback: 10 ** (s.volumeDb / 20) });
    const codecs = s.codecs.map((n) => findCodec(n));
    const callTones = await softwareTones(s.toneCountry);
    const tones = await HandsetTones.create(s.toneCountry);
    this.#closeTones = () => {
      callTones.close();
      tones.close();
    };
    const listen = this.options.listen ?? {};
    this.#phone = await Phone.create({
      line,
      tones: callTones,
      transports: new UdpTransports(),
      codecs,
      dynamicTypes: dynamicTypesOf(codecs),
      listen: { address: listen.address ?? "::", port: listen.port ?? 10000 },
      jitterMinMs: s.jitterMinMs,
      jitterMaxMs: s.jitterMaxMs,
      autoAnswer: s.autoAnswer,
    });
    this.#controller = new HandsetController({
      phone: this.#phone,
      line,
      tones,
      resolver: () => ({
        book: this.phoneBook(),
        whitePages: this.#settings.whitePages || undefined,
        wellKnownPort: this.options.wellKnownPort,
      }),
      handset: {
        interDigitMs: s.interDigitMs,
        hookGuardMs: this.options.hookGuardMs ?? (line.info.hasHook ? 800 : 0),
      },
    });
    this.#phone.onEvent((e) => this.#phoneEvent(e));
    this.#controller.onEvent((e) => this.#handsetEvent(e));
    this.#controller.start();
    await this.#phone.listen();
    this.#running = this.#phone.run();
  }

  async #teardown(): Promise<void> {
    this.#controller.stop();
    await this.#phone.close();
    await this.#running;
    this.#closeTones?.();
  }

  #phoneEvent(e: PhoneEvent): void {
    if (e.type === "progress") {
      // A placed call talks from its answer, heard as ring-back giving way to voice.
      if (e.progress === "talking" && this.#call) this.#call.talkingAt ??= Date.now();
      this.#publish();
      return;
    }
    if (e.type !== "state") return;
    const now = Date.now();
    const peer = e.peer ? `${e.peer.address}:${e.peer.port}` : "";
    if ((e.state === "calling" || e.state === "ringing") && !this.#call) {
      this.#call = {
        startedAt: now,
        direction: e.state === "calling" ? "out" : "in",
        peer: e.state === "calling" && this.#lastUrl ? this.#lastUrl : peer,
        dialed: e.state === "calling" ? this.#dialed : "",
        codec: e.codec ?? "",
      };
    }
    const call = this.#call;
    if (call) {
      if (e.codec) call.codec = e.codec;
      if (e.state === "talking") call.talkingAt ??= now;
      if (e.state === "busy") call.result = "busy";
      if (e.state === "ended" || e.state === "busy" || e.state === "idle") this.#finishCall(now);
    }
    if (e.state === "idle") queueMicrotask(() => this.#rebuildIfIdle().catch(() => {}));
    this.#publish();
  }

  #lastUrl = "";
  #handsetEvent(e: HandsetEvent): void {
    if (e.type === "dialed") {
      this.#dialed = e.digits;
      this.#lastUrl = e.url ?? "";
    } else if (e.type === "notice") this.#notice = e.message;
    else if (e.type === "handset") {
      if (e.state === "failed") {
        this.#notice = e.reason ?? "failed";
        this.options.store.addCall({
          startedAt: Date.now(),
          endedAt: Date.now(),
          direction: "out",
          peer: this.#lastUrl,
          dialed: this.#controller.handset.digits,
          codec: "",
          result: `failed: ${e.reason ?? ""}`,
          talkSeconds: 0,
        });
      }
      if (e.state === "dialtone") {
        this.#notice = "";
        this.#lastUrl = "";
      }
      if (e.state === "idle") queueMicrotask(() => this.#rebuildIfIdle().catch(() => {}));
    }
    this.#publish();
  }

  #finishCall(now: number): void {
    const call = this.#call;
    if (!call) return;
    this.#call = undefined;
    // A caller's talk time counts from the answer its phone heard (ring-back gave way).
    const record: CallRecord = {
      startedAt: call.startedAt,
      endedAt: now,
      direction: call.direction,
      peer: call.peer,
      dialed: call.dialed,
      codec: call.codec,
      result: call.result ?? (call.talkingAt ? "answered" : "unanswered"),
      talkSeconds: call.talkingAt ? Math.round((now - call.talkingAt) / 100) / 10 : 0,
    };
    try {
      this.options.store.addCall(record);
    } catch (e) {
      console.error(`call history not saved: ${(e as Error).message}`);
    }
  }

  #publish(): void {
    if (this.#closed) return;
    const status = this.status();
    for (const l of this.#listeners) {
      try {
        l(status);
      } catch (e) {
        console.error(`status listener failed: ${e}`);
      }
    }
  }

  /** Stops the phone, closes the line. The store stays open (its owner closes it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#teardown();
  }
}
