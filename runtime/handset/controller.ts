/**
 * Puts a {@link Handset} between a line with a hook and keypad (a Quicknet POTS port, or a
 * sound card with the keyboard as keypad) and a {@link Phone}: hook changes, digits and
 * flashes go into the machine; its tones, ringer and call commands go to the line and the
 * phone; the phone's call progress comes back. Dialed numbers are resolved through the
 * phone book and the white pages ({@link resolveDialed}).
 *
 * @example
 * ```ts
 * import { HandsetController } from "./controller.ts";
 * import { HandsetTones } from "./handset_tones.ts";
 * import { PhoneBook } from "./phone_book.ts";
 * import { Phone, UdpTransports } from "../phone/mod.ts";
 * import { openLine } from "../audio/registry.ts";
 * const line = await openLine({ kind: "phonejack", index: 0 });
 * const phone = await Phone.create({ line, transports: new UdpTransports() });
 * const ta = new HandsetController({
 *   phone, line, tones: await HandsetTones.create("us"),
 *   resolver: () => ({ book: new PhoneBook([], { country: "1" }) }),
 * });
 * ta.start();
 * await phone.listen();
 * await phone.run();
 * ```
 * @module
 */
import type { Line, LineEvent } from "../audio/line.ts";
import type { Phone, PhoneEvent } from "../phone/phone.ts";
import { tonePlan } from "../dsp/tone_plans.ts";
import {
  type CallProgress,
  Handset,
  type HandsetEffect,
  type HandsetOptions,
  type HandsetState,
  type HandsetTone,
} from "./handset.ts";
import { type HandsetTones, ringCadenceBits } from "./handset_tones.ts";
import { type DialResolver, resolveDialed } from "./resolve_dialed.ts";

/** What the controller reports, for a status page and for tests. */
export type HandsetEvent =
  | { readonly type: "handset"; readonly state: HandsetState; readonly reason?: string }
  | { readonly type: "dialed"; readonly digits: string; readonly url?: string }
  | { readonly type: "notice"; readonly message: string };

/** What a controller is built from. */
export interface HandsetControllerOptions {
  readonly phone: Phone;
  readonly line: Line;
  /** Software tones in the tone country; also decides whether the card's own tones fit. */
  readonly tones: HandsetTones;
  /** Where dialed numbers are looked up; asked at every dial (settings may change). */
  readonly resolver: () => DialResolver;
  readonly handset?: HandsetOptions;
  /** Milliseconds, monotonic; default `performance.now`. */
  readonly clock?: () => number;
}

/** A line with a bell whose cadence can be set (a Quicknet card). */
interface CadencedRinger {
  setRingCadence(bits: number): void;
}

// The card's built-in tones are the North American ones (ixj's defaults).
const CARD_TONES: ReadonlySet<string> = new Set(["dial", "ringback", "busy"]);
const TICK_MS = 50;

/** Runs one handset. */
export class HandsetController {
  readonly handset: Handset;
  #handlers: ((e: HandsetEvent) => void)[] = [];
  #events?: AsyncIterableIterator<LineEvent>;
  #timer?: ReturnType<typeof setInterval>;
  #attempt = 0; // which dial a resolution belongs to
  readonly #clock: () => number;

  constructor(readonly options: HandsetControllerOptions) {
    this.handset = new Handset(options.handset);
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** Calls `handler` with every event from now on. */
  onEvent(handler: (e: HandsetEvent) => void): void {
    this.#handlers.push(handler);
  }

  /** Starts following the line's hook and keypad and the phone's calls. */
  start(): void {
    const { line, phone } = this.options;
    if ("setRingCadence" in line) {
      try {
        (line as unknown as CadencedRinger).setRingCadence(
          ringCadenceBits(tonePlan(this.options.tones.country, "ringback")),
        );
      } catch (e) {
        this.#notice(`ring cadence not set: ${(e as Error).message}`);
      }
    }
    phone.onEvent((e) => this.#phoneEvent(e));
    this.#events = line.events();
    this.#follow(this.#events);
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** Stops following (the line and phone stay open). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#events?.return?.();
  }

  /** The handset was lifted (`true`) or put down: for lines without a hook switch. */
  hook(offHook: boolean): void {
    this.#apply(this.handset.hook(this.#clock(), offHook));
  }

  /** A key was pressed: for lines without a keypad. */
  press(digit: string): void {
    this.#apply(this.handset.digit(this.#clock(), digit));
  }

  /** Hook flash: for lines without a hook switch. */
  flash(): void {
    this.#apply(this.handset.flash(this.#clock()));
  }

  async #follow(events: AsyncIterableIterator<LineEvent>): Promise<void> {
    for await (const e of events) {
      if (e.type === "offhook") this.hook(true);
      else if (e.type === "onhook") this.hook(false);
      else if (e.type === "digit") this.press(e.digit);
      else if (e.type === "flash") this.flash();
    }
  }

  #tick(): void {
    const deadline = this.handset.nextDeadline;
    const now = this.#clock();
    if (deadline !== undefined && now >= deadline) this.#apply(this.handset.tick(now));
  }

  #phoneEvent(e: PhoneEvent): void {
    if (e.type !== "state") return;
    const now = this.#clock();
    const progress = (p: CallProgress) => this.#apply(this.handset.callProgress(now, p, e.reason));
    switch (e.state) {
      case "ringing": {
        if (this.handset.state === "ringing" || this.handset.state === "connected") return;
        const { accepted, effects } = this.handset.incoming(now);
        this.#apply(effects);
        // Lifted just as the call came in (before the line was held): let it go.
        if (!accepted) this.options.phone.hangUp();
        return;
      }
      case "calling":
        return progress("calling");
      case "connected":
        return progress("connected");
      case "busy":
        return progress("busy");
      case "ended":
        if (this.handset.state === "ringing") this.#apply(this.handset.incomingGone(now));
        else progress("ended");
        return;
    }
  }

  #apply(effects: HandsetEffect[]): void {
    const { phone } = this.options;
    for (const e of effects) {
      switch (e.kind) {
        case "state":
          // A lifted handset holds the line: callers get busy (ICMP), not a ring.
          phone.setEngaged(this.handset.offHook);
          this.#emit({ type: "handset", state: e.to, reason: e.reason });
          // Back on hook: the phone leaves any finished call and listens again.
          if (e.to === "idle" && phone.state !== "idle") phone.hangUp();
          break;
        case "tone":
          this.#tone(e.tone);
          break;
        case "ring":
          this.#ring(e.on);
          break;
        case "dial":
          this.#dial(e.digits, e.target);
          break;
        case "answer":
          phone.answer();
          break;
        case "hangup":
          this.#attempt++;
          phone.hangUp();
          break;
        case "dtmf":
          try {
            phone.sendDtmf(e.digit);
          } catch (err) {
            this.#notice((err as Error).message);
          }
          break;
        case "flash":
          this.#notice("hook flash: call waiting is not supported by this phone");
          break;
      }
    }
  }

  #dial(digits: string, target: Parameters<typeof resolveDialed>[0]): void {
    const attempt = ++this.#attempt;
    const fail = (message: string) => {
      if (attempt !== this.#attempt) return;
      this.#emit({ type: "dialed", digits });
      this.#apply(this.handset.callProgress(this.#clock(), "failed", message));
    };
    resolveDialed(target, this.options.resolver()).then(async (url) => {
      if (attempt !== this.#attempt) return;
      this.#emit({ type: "dialed", digits, url });
      try {
        await this.options.phone.call(url);
        if (attempt === this.#attempt) {
          this.#apply(this.handset.callProgress(this.#clock(), "calling"));
        }
      } catch (e) {
        fail(`${url}: ${(e as Error).message}`);
      }
    }, (e) => fail((e as Error).message));
  }

  #tone(tone: HandsetTone | null): void {
    const { line, phone, tones } = this.options;
    line.stopTone();
    phone.setLocalTone(undefined);
    if (tone === null) return;
    const cardFits = line.info.hasTones && tones.country === "us" && CARD_TONES.has(tone);
    if (cardFits && line.playTone(tone as "dial" | "ringback" | "busy")) return;
    phone.setLocalTone(tones.source(tone));
  }

  #ring(on: boolean): void {
    const { line, phone, tones } = this.options;
    if (line.info.hasRinger && line.ring(on)) return;
    phone.setLocalTone(on ? tones.source("ringer") : undefined);
  }

  #notice(message: string): void {
    this.#emit({ type: "notice", message });
  }

  #emit(e: HandsetEvent): void {
    for (const h of this.#handlers) {
      try {
        h(e);
      } catch (err) {
        console.error(`handset event handler failed: ${err}`);
      }
    }
  }
}
