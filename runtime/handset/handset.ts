/**
 * A telephone handset as a pure state machine: hook switch and keypad in, tones, ringer
 * and call commands out. Time comes with every input (milliseconds, any monotonic origin);
 * nothing here sleeps, reads a device or opens a socket, so tests drive it with a fake clock
 * and the {@link HandsetController} drives it with a real line and phone.
 *
 * | state       | the person hears        | leaves on                                              |
 * | ----------- | ----------------------- | ------------------------------------------------------ |
 * | `idle`      | nothing (on hook)       | off-hook → `dialtone`; incoming call → `ringing`       |
 * | `ringing`   | the bell                | off-hook → `connected` (answer); caller gives up       |
 * | `dialtone`  | dial tone               | first digit → `dialing`; no digit in time → `failed`   |
 * | `dialing`   | nothing                 | `#` or the inter-digit timeout → `resolving`           |
 * | `resolving` | nothing                 | call placed → `calling`; unknown number → `failed`     |
 * | `calling`   | ring-back (local)       | the callee's stream → `connected`; busy → `busy`       |
 * | `connected` | the call                | the other side hangs up → `released`                   |
 * | `busy`      | busy tone               | on-hook                                                |
 * | `failed`    | intercept (SIT) tone    | on-hook                                                |
 * | `released`  | busy tone               | on-hook                                                |
 *
 * On-hook from any state hangs up and returns to `idle`. A hook flash (a short on-hook,
 * reported by the card or timed here) while dialing or after a failure gives a fresh dial
 * tone; during a call it is passed on (call waiting). Rotary phones: with a hook guard,
 * breaks shorter than `pulseBreakMaxMs` are dial pulses, counted into digits.
 *
 * @example
 * ```ts
 * import { Handset } from "./handset.ts";
 * const h = new Handset();
 * h.hook(0, true);          // [{ kind: "state", ... }, { kind: "tone", tone: "dial" }]
 * h.digit(1000, "7");       // dial tone stops
 * h.digit(1500, "#");       // [..., { kind: "dial", target: { kind: "quick", key: "7" }, digits: "7#" }]
 * h.callProgress(1600, "calling");
 * ```
 * @module
 */
import { dialComplete, type DialTarget, interpretDialed } from "./dial_plan.ts";

/** Where the handset is; see the module table. */
export type HandsetState =
  | "idle"
  | "ringing"
  | "dialtone"
  | "dialing"
  | "resolving"
  | "calling"
  | "connected"
  | "busy"
  | "failed"
  | "released";

/** Tones the handset asks to hear (local, on the earpiece). */
export type HandsetTone = "dial" | "ringback" | "busy" | "congestion" | "intercept";

/** What the handset asks its surroundings to do. */
export type HandsetEffect =
  | {
    readonly kind: "state";
    readonly from: HandsetState;
    readonly to: HandsetState;
    readonly reason?: string;
  }
  /** Play `tone` on the earpiece, or stop any tone (`null`). */
  | { readonly kind: "tone"; readonly tone: HandsetTone | null }
  /** Ring the bell (with the country's cadence), or stop. */
  | { readonly kind: "ring"; readonly on: boolean }
  /** Resolve and call what was dialed; answer with {@link Handset.callProgress}. */
  | { readonly kind: "dial"; readonly target: DialTarget; readonly digits: string }
  /** Answer the ringing call. */
  | { readonly kind: "answer" }
  /** Hang up (or abandon) the call, whatever stage it is in. */
  | { readonly kind: "hangup" }
  /** Send a DTMF digit in the call. */
  | { readonly kind: "dtmf"; readonly digit: string }
  /** Hook flash during a call (call waiting, where the phone has it). */
  | { readonly kind: "flash" };

/** How an outgoing call is doing, as the phone reports it. */
export type CallProgress = "calling" | "connected" | "busy" | "ended" | "failed";

/** Timings; every one has a default. */
export interface HandsetOptions {
  /** Dial tone with no digit for this long: give up (default 15000 ms). */
  readonly firstDigitMs?: number;
  /** No further digit for this long ends dialing (default 4000 ms). */
  readonly interDigitMs?: number;
  /**
   * An on-hook is only believed after this long (default 0: at once). With a guard,
   * shorter breaks are flashes or dial pulses. Cards with a rotary phone want ~800 ms.
   */
  readonly hookGuardMs?: number;
  /** Breaks up to this long are dial pulses (default 120 ms; needs a hook guard). */
  readonly pulseBreakMaxMs?: number;
  /** A pause this long after a pulse ends the pulse digit (default 300 ms). */
  readonly pulseDigitGapMs?: number;
}

const DEFAULTS = {
  firstDigitMs: 15000,
  interDigitMs: 4000,
  hookGuardMs: 0,
  pulseBreakMaxMs: 120,
  pulseDigitGapMs: 300,
};

const OFF_HOOK: ReadonlySet<HandsetState> = new Set([
  "dialtone",
  "dialing",
  "resolving",
  "calling",
  "connected",
  "busy",
  "failed",
  "released",
]);

/** One handset. Every method returns what to do now, in order. */
export class Handset {
  #state: HandsetState = "idle";
  #digits = "";
  #deadline?: number; // dial tone or inter-digit timeout
  #breakAt?: number; // on-hook seen, not yet believed (hook guard)
  #pulses = 0;
  #lastPulseAt = 0;
  #reason?: string;
  #out: HandsetEffect[] = [];
  readonly #o: Required<HandsetOptions>;

  constructor(options: HandsetOptions = {}) {
    this.#o = { ...DEFAULTS, ...options };
  }

  /** Current state. */
  get state(): HandsetState {
    return this.#state;
  }

  /** Digits dialed so far (this attempt). */
  get digits(): string {
    return this.#digits;
  }

  /** Why the handset is in `failed`, `busy` or `released`. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** True while the handset is lifted (as the machine believes it). */
  get offHook(): boolean {
    return OFF_HOOK.has(this.#state);
  }

  /** When {@link tick} next has something to do, if ever. */
  get nextDeadline(): number | undefined {
    const times = [
      this.#deadline,
      this.#breakAt !== undefined ? this.#breakAt + this.#o.hookGuardMs : undefined,
      this.#pulses ? this.#lastPulseAt + this.#o.pulseDigitGapMs : undefined,
    ].filter((t): t is number => t !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }

  /** The hook switch changed: `offHook` true when lifted. */
  hook(now: number, offHook: boolean): HandsetEffect[] {
    this.#expire(now);
    if (offHook) {
      if (this.#breakAt !== undefined) this.#endBreak(now);
      else if (this.#state === "idle") this.#lift(now);
      else if (this.#state === "ringing") this.#answer();
    } else if (this.offHook && this.#breakAt === undefined) {
      if (this.#o.hookGuardMs > 0) this.#breakAt = now;
      else this.#hangUp();
    }
    return this.#flush();
  }

  /** A key was pressed (`0-9 * # A-D`). */
  digit(now: number, digit: string): HandsetEffect[] {
    this.#expire(now);
    this.#key(now, digit);
    return this.#flush();
  }

  /** The card reported a hook flash. */
  flash(now: number): HandsetEffect[] {
    this.#expire(now);
    this.#flash(now);
    return this.#flush();
  }

  /** A call came in: ring if on hook. Returns `accepted: false` when off hook (busy). */
  incoming(now: number): { accepted: boolean; effects: HandsetEffect[] } {
    this.#expire(now);
    if (this.#state !== "idle") return { accepted: false, effects: this.#flush() };
    this.#set("ringing");
    this.#emit({ kind: "ring", on: true });
    return { accepted: true, effects: this.#flush() };
  }

  /** The incoming call went away before it was answered. */
  incomingGone(now: number): HandsetEffect[] {
    this.#expire(now);
    if (this.#state === "ringing") {
      this.#emit({ kind: "ring", on: false });
      this.#set("idle", "caller gave up");
    }
    return this.#flush();
  }

  /** The call (placed or answered) moved on; `reason` for failures and endings. */
  callProgress(now: number, progress: CallProgress, reason?: string): HandsetEffect[] {
    this.#expire(now);
    const s = this.#state;
    if (progress === "calling" && s === "resolving") {
      this.#set("calling");
      this.#tone("ringback");
    } else if (progress === "connected" && (s === "calling" || s === "resolving")) {
      this.#tone(null); // from here the earpiece hears the call (ring-back from the callee)
      this.#set("connected");
    } else if (progress === "busy" && (s === "calling" || s === "resolving" || s === "connected")) {
      this.#set("busy", reason ?? "busy");
      this.#tone("busy");
    } else if (progress === "failed" && (s === "resolving" || s === "calling")) {
      this.#set("failed", reason ?? "call failed");
      this.#tone("intercept");
    } else if (progress === "ended" && (s === "calling" || s === "connected")) {
      this.#set("released", reason ?? "the other side hung up");
      this.#tone("busy");
    }
    return this.#flush();
  }

  /** Time passed: timeouts, believed on-hooks, finished pulse digits. */
  tick(now: number): HandsetEffect[] {
    this.#expire(now);
    return this.#flush();
  }

  #expire(now: number): void {
    if (this.#breakAt !== undefined && now - this.#breakAt >= this.#o.hookGuardMs) {
      this.#breakAt = undefined;
      this.#pulses = 0;
      this.#hangUp();
    }
    if (this.#pulses && this.#breakAt === undefined) {
      if (now - this.#lastPulseAt >= this.#o.pulseDigitGapMs) {
        const digit = this.#pulses === 10 ? "0" : String(this.#pulses);
        this.#pulses = 0;
        this.#key(this.#lastPulseAt, digit);
      }
    }
    if (this.#deadline !== undefined && now >= this.#deadline) {
      this.#deadline = undefined;
      if (this.#state === "dialtone") {
        this.#set("failed", "nothing dialed");
        this.#tone("congestion");
      } else if (this.#state === "dialing") this.#dial();
    }
  }

  #lift(now: number): void {
    this.#digits = "";
    this.#set("dialtone");
    this.#tone("dial");
    this.#deadline = now + this.#o.firstDigitMs;
  }

  #answer(): void {
    this.#emit({ kind: "ring", on: false });
    this.#emit({ kind: "answer" });
    this.#set("connected", "answered");
  }

  #hangUp(): void {
    const s = this.#state;
    this.#deadline = undefined;
    if (s === "resolving" || s === "calling" || s === "connected") this.#emit({ kind: "hangup" });
    this.#tone(null);
    this.#set("idle", "on hook");
  }

  // A break ended: a dial pulse, a flash, or (longer than the guard, handled in #expire) on-hook.
  #endBreak(now: number): void {
    const length = now - (this.#breakAt ?? now);
    this.#breakAt = undefined;
    const dialing = this.#state === "dialtone" || this.#state === "dialing" ||
      this.#state === "connected";
    if (length <= this.#o.pulseBreakMaxMs && dialing) {
      this.#pulses = Math.min(this.#pulses + 1, 10);
      this.#lastPulseAt = now;
    } else {
      this.#flash(now);
    }
  }

  #flash(now: number): void {
    const s = this.#state;
    if (s === "connected") this.#emit({ kind: "flash" });
    else if (["dialtone", "dialing", "busy", "failed", "released"].includes(s)) {
      this.#lift(now); // start over with a fresh dial tone
    }
  }

  #key(now: number, digit: string): void {
    if (!/^[0-9*#A-D]$/.test(digit)) return;
    const s = this.#state;
    if (s === "connected") {
      this.#emit({ kind: "dtmf", digit });
      return;
    }
    if (s !== "dialtone" && s !== "dialing") return;
    if (s === "dialtone") {
      this.#tone(null); // dial tone stops at the first digit
      this.#set("dialing");
    }
    this.#digits += digit;
    this.#deadline = now + this.#o.interDigitMs;
    if (dialComplete(this.#digits)) this.#dial();
  }

  #dial(): void {
    this.#deadline = undefined;
    const target = interpretDialed(this.#digits);
    if (target.kind === "invalid") {
      this.#set("failed", target.reason);
      this.#tone("intercept");
      return;
    }
    this.#set("resolving");
    this.#emit({ kind: "dial", target, digits: this.#digits });
  }

  #tone(tone: HandsetTone | null): void {
    this.#emit({ kind: "tone", tone });
  }

  #set(to: HandsetState, reason?: string): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#reason = reason;
    this.#emit({ kind: "state", from, to, ...(reason ? { reason } : {}) });
  }

  #emit(e: HandsetEffect): void {
    this.#out.push(e);
  }

  #flush(): HandsetEffect[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }
}
