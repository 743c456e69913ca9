/**
 * What the phone shows during a call: on a terminal a small screen redrawn in place;
 * without one (pipes, CI) the same events as plain lines or JSON.
 * @module
 */
import type { PhoneEvent, PhoneStats } from "../../runtime/phone/phone.ts";
import { formatEvent } from "../../runtime/notasip/events.ts";
import type { RtcpFigures } from "../../runtime/rtp/rtcp_session.ts";
import { callTime, clipLine, type Field, fitFields, packItems } from "./screen_layout.ts";

/** Controls the user has, shown on the screen (packed by whole items to the width). */
export const KEY_ITEMS = [
  "d dial",
  "a answer",
  "h hang up",
  "0-9*# DTMF",
  "m mute",
  "+/- volume",
  "[/] jitter max (next call)",
  "q quit",
];
/** The key help on one line. */
export const KEYS_HELP = KEY_ITEMS.join("  ");

/** Settings the user can change during a call, shown on the screen. */
export interface Controls {
  muted: boolean;
  volume: number;
  jitterMaxMs: number;
  /** What is typed after `d` (a URL, host or number), until Enter; undefined otherwise. */
  dialing?: string;
}

function endpoint(p?: { address: string; port: number }): string {
  if (!p) return "-";
  return p.address.includes(":") ? `[${p.address}]:${p.port}` : `${p.address}:${p.port}`;
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "0.0%";
}

// What the peer's RTCP reports say: round trip, and our stream as the peer receives it.
function rtcpText(rtcp: RtcpFigures | undefined): string {
  if (!rtcp || rtcp.reportsReceived === 0) return "RTT -";
  const rtt = rtcp.rttMs === undefined ? "-" : `${rtcp.rttMs.toFixed(1)} ms`;
  const loss = rtcp.remoteFractionLost === undefined
    ? "-"
    : `${(100 * rtcp.remoteFractionLost).toFixed(1)}%`;
  const jitter = rtcp.remoteJitterMs === undefined ? "-" : `${rtcp.remoteJitterMs.toFixed(1)} ms`;
  return `RTT ${rtt}  remote loss ${loss} jitter ${jitter}`;
}

/** The live figures with their importance (0 is kept longest on a narrow terminal). */
export function statsFields(stats: PhoneStats): Field[] {
  const m = stats.media;
  if (!m) return [["no call", 0]];
  const r = m.received;
  const expected = r ? r.expected : 0;
  const lost = r ? Math.max(0, r.cumulativeLost) : 0;
  return [
    [`sent ${m.packetsSent}`, 5],
    [`received ${r?.received ?? 0}`, 4],
    [`lost ${percent(lost, expected)}`, 0],
    [`jitter ${(r?.jitterMs ?? 0).toFixed(1)} ms`, 2],
    [
      `buffer ${m.playout.currentDelayMs.toFixed(0)} ms (target ${
        m.playout.targetDelayMs.toFixed(0)
      })`,
      1,
    ],
    [
      stats.quality
        ? `late ${stats.quality.latePercent.toFixed(1)}%  concealed ${
          stats.quality.concealedPercent.toFixed(1)
        }%`
        : `concealed ${m.playout.concealed}`,
      1,
    ],
    [rtcpText(m.rtcp), 2],
    [
      stats.quality
        ? `MOS ${stats.quality.mos.toFixed(2)} (R ${stats.quality.R.toFixed(0)})`
        : "MOS -",
      0,
    ],
  ];
}

/** One line of live figures. */
export function statsLine(stats: PhoneStats): string {
  return statsFields(stats).map(([text]) => text).join("  ");
}

/** The one line shown when a call ends: peer, duration, codec, loss, MOS. */
export function callSummary(stats: PhoneStats | undefined, seconds: number): string {
  const m = stats?.media?.received;
  const lost = m ? percent(Math.max(0, m.cumulativeLost), m.expected) : "-";
  const q = stats?.quality;
  const mos = q ? q.mos.toFixed(2) : "-";
  const heard = q
    ? `, late ${q.latePercent.toFixed(1)}%, concealed ${q.concealedPercent.toFixed(1)}%`
    : "";
  return `call with ${endpoint(stats?.peer)} ended after ${callTime(seconds)}: ` +
    `${stats?.codec ?? "no codec"}, lost ${lost}${heard}, MOS ${mos}`;
}

/** Layout of the screen: terminal width and the running call's time, if any. */
export interface ScreenLayout {
  width?: number;
  callSeconds?: number;
}

/**
 * The screen's lines, top to bottom, each at most `layout.width` (default 80) columns:
 * fields are dropped by importance, never wrapped mid-word.
 */
export function screenLines(
  stats: PhoneStats,
  controls: Controls,
  log: readonly string[],
  url?: string,
  layout: ScreenLayout = {},
): string[] {
  const width = Math.max(20, layout.width ?? 80);
  const time = layout.callSeconds === undefined ? "" : `time ${callTime(layout.callSeconds)}`;
  return [
    fitFields([["Simple Internet Phone", 1], [url ?? "", 0]], width),
    fitFields([
      [`state ${shownState(stats).toUpperCase()}`, 0],
      [`peer ${endpoint(stats.peer)}`, 1],
      [`codec ${stats.codec ?? "-"}`, 2],
      [time, 0],
    ], width),
    fitFields(statsFields(stats), width),
    fitFields([
      [`mic ${controls.muted ? "MUTED" : "on"}`, 0],
      [`volume ${(controls.volume * 100).toFixed(0)}%`, 1],
      [`jitter max ${controls.jitterMaxMs} ms`, 2],
    ], width),
    "",
    ...log.slice(-8).map((line) => clipLine(line, width)),
    "",
    ...(controls.dialing !== undefined
      ? [clipLine(`dial: ${controls.dialing}_   (Enter calls, Esc cancels)`, width)]
      : packItems(KEY_ITEMS, width)),
  ];
}

/**
 * The state a person cares about: a placed call that is connected shows what the caller
 * hears, `ringing` (ring-back) or `talking` (answered), once the phone could tell.
 */
export function shownState(stats: Pick<PhoneStats, "state" | "progress">): string {
  return stats.state === "connected" && stats.progress ? stats.progress : stats.state;
}

/**
 * Times the call from its answer (the callee's `talking` state, or the caller's `talking`
 * progress) to its end, and says how it went when it ends.
 */
export class CallClock {
  #start?: number;

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds since the call connected, or undefined between calls. */
  seconds(): number | undefined {
    return this.#start === undefined ? undefined : (this.now() - this.#start) / 1000;
  }

  /** Follows an event; returns the summary line when a call has just ended. */
  follow(event: PhoneEvent, last?: PhoneStats): string | undefined {
    if (event.type === "progress") return this.state(event.progress, last);
    return event.type === "state" ? this.state(event.state, last) : undefined;
  }

  /** Follows a state change (`talking` starts the clock); the summary when a call ended. */
  state(state: string, last?: PhoneStats): string | undefined {
    if (state === "talking" && this.#start === undefined) {
      this.#start = this.now();
    } else if (["ended", "busy", "idle"].includes(state) && this.#start !== undefined) {
      const summary = callSummary(last, this.seconds()!);
      this.#start = undefined;
      return summary;
    }
    return undefined;
  }
}

/** A phone event as one log line (timestamps are the caller's business). */
export function eventLine(event: PhoneEvent): string {
  switch (event.type) {
    case "state":
      return `${event.state}${event.peer ? ` ${endpoint(event.peer)}` : ""}` +
        `${event.codec ? ` ${event.codec}` : ""}${event.reason ? ` (${event.reason})` : ""}`;
    case "signaling":
      return formatEvent(event.event);
    case "error":
      return `error: ${event.message}`;
    case "refused":
      return `call from ${endpoint(event.peer)} refused: busy (${REFUSED_BECAUSE[event.because]})`;
    case "refusals":
      return `${event.count} more ${
        event.count === 1 ? "call" : "calls"
      } refused: busy, from ${event.callers} ${event.callers === 1 ? "address" : "addresses"} in ${
        Math.round(event.ms / 1000)
      } s`;
    case "reachability":
      return event.reachable
        ? "peer reachable again"
        : `peer unreachable (${event.kind} from ${event.address}), the call goes on`;
    case "bye":
      return "the other side said goodbye (RTCP BYE)";
    case "dtmf":
      return `dtmf ${event.direction} ${event.digits} (${event.method})`;
    case "progress":
      return event.progress === "ringing"
        ? "ringing (ring-back heard)"
        : `talking (answered: ${ANSWER_CAUSES[event.cause]})`;
  }
}

const REFUSED_BECAUSE: Record<string, string> = {
  "calling-out": "this phone is calling out",
  "in-a-call": "in a call",
  "off-hook": "the handset is off hook",
};

const ANSWER_CAUSES: Record<string, string> = {
  voice: "voice heard",
  "ringback-cut": "ring-back cut short",
  "ringback-stopped": "ring-back stopped",
  "no-ringback": "no ring-back",
  ringback: "ring-back",
  undetectable: "cannot be heard on this line or codec, timed from connection",
};

/** Where a session's output goes. */
export interface View {
  event(event: PhoneEvent): void;
  /** A message from the session itself (what is being called, a fallback taken). */
  note(text: string): void;
  refresh(stats: PhoneStats, controls: Controls): void;
  close(): void;
}

/** Redraws the screen in place on a terminal. */
export class TerminalView implements View {
  readonly #log: string[] = [];
  readonly #encoder = new TextEncoder();
  readonly #clock = new CallClock();
  #last?: { stats: PhoneStats; controls: Controls };

  constructor(private readonly url?: string) {
    this.#write("\x1b[?25l"); // hide the cursor while drawing
  }

  event(event: PhoneEvent): void {
    if (
      event.type === "signaling" && event.event.type === "transition" &&
      event.event.machine === "listener"
    ) return;
    this.#log.push(`${new Date().toISOString().slice(11, 19)} ${eventLine(event)}`);
    const summary = this.#clock.follow(event, this.#last?.stats);
    if (summary) this.#log.push(`${new Date().toISOString().slice(11, 19)} ${summary}`);
    if (this.#last) this.refresh(this.#last.stats, this.#last.controls);
  }

  note(text: string): void {
    this.#log.push(`${new Date().toISOString().slice(11, 19)} ${text}`);
    if (this.#last) this.refresh(this.#last.stats, this.#last.controls);
  }

  refresh(stats: PhoneStats, controls: Controls): void {
    this.#last = { stats, controls };
    const lines = screenLines(stats, controls, this.#log, this.url, {
      width: terminalWidth(),
      callSeconds: this.#clock.seconds(),
    });
    this.#write("\x1b[H\x1b[2J" + lines.join("\r\n") + "\r\n");
  }

  close(): void {
    this.#write("\x1b[?25h\r\n");
  }

  #write(text: string) {
    Deno.stdout.writeSync(this.#encoder.encode(text));
  }
}

function terminalWidth(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

/** Plain lines (or JSON objects) for pipes and logs: events only, no redraws. */
export class LineView implements View {
  readonly #clock = new CallClock();
  #last?: PhoneStats;

  constructor(private readonly json: boolean, private readonly out = console.log) {}

  event(event: PhoneEvent): void {
    const at = new Date().toISOString();
    if (this.json) this.out(JSON.stringify({ at, ...event }));
    else this.out(`${at} ${eventLine(event)}`);
    const summary = this.#clock.follow(event, this.#last);
    if (!summary) return;
    if (this.json) this.out(JSON.stringify({ at, type: "summary", text: summary }));
    else this.out(`${at} ${summary}`);
  }

  note(text: string): void {
    const at = new Date().toISOString();
    this.out(this.json ? JSON.stringify({ at, type: "note", text }) : `${at} ${text}`);
  }

  refresh(stats: PhoneStats): void {
    this.#last = stats;
  }

  close(): void {}
}
