/**
 * What the phone shows during a call: on a terminal a small screen redrawn in place;
 * without one (pipes, CI) the same events as plain lines or JSON.
 * @module
 */
import type { PhoneEvent, PhoneStats } from "../../runtime/phone/phone.ts";
import { formatEvent } from "../../runtime/notasip/events.ts";
import type { RtcpFigures } from "../../runtime/rtp/rtcp_session.ts";

/** Controls the user has, shown on the screen. */
export const KEYS_HELP =
  "d dial  a answer  h hang up  0-9*# DTMF  m mute  +/- volume  [/] jitter max (next call)  q quit";

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

/** One line of live figures. */
export function statsLine(stats: PhoneStats): string {
  const m = stats.media;
  if (!m) return "no call";
  const r = m.received;
  const expected = r ? r.expected : 0;
  const lost = r ? Math.max(0, r.cumulativeLost) : 0;
  return [
    `sent ${m.packetsSent}`,
    `received ${r?.received ?? 0}`,
    `lost ${percent(lost, expected)}`,
    `jitter ${(r?.jitterMs ?? 0).toFixed(1)} ms`,
    `buffer ${m.playout.currentDelayMs.toFixed(0)} ms (target ${
      m.playout.targetDelayMs.toFixed(0)
    })`,
    `concealed ${m.playout.concealed}`,
    rtcpText(m.rtcp),
    stats.quality
      ? `MOS ${stats.quality.mos.toFixed(2)} (R ${stats.quality.R.toFixed(0)})`
      : "MOS -",
  ].join("  ");
}

/** The screen's lines, top to bottom. */
export function screenLines(
  stats: PhoneStats,
  controls: Controls,
  log: readonly string[],
  url?: string,
): string[] {
  return [
    `Simple Internet Phone${url ? `  ${url}` : ""}`,
    `state ${stats.state.toUpperCase().padEnd(10)} peer ${endpoint(stats.peer)}  codec ${
      stats.codec ?? "-"
    }`,
    statsLine(stats),
    `mic ${controls.muted ? "MUTED" : "on"}  volume ${
      (controls.volume * 100).toFixed(0)
    }%  jitter max ${controls.jitterMaxMs} ms`,
    "",
    ...log.slice(-8),
    "",
    controls.dialing !== undefined
      ? `dial: ${controls.dialing}_   (Enter calls, Esc cancels)`
      : KEYS_HELP,
  ];
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
      return `busy for a call from ${endpoint(event.peer)} (this phone is calling out)`;
    case "reachability":
      return event.reachable
        ? "peer reachable again"
        : `peer unreachable (${event.kind} from ${event.address}), the call goes on`;
    case "bye":
      return "the other side said goodbye (RTCP BYE)";
    case "dtmf":
      return `dtmf ${event.direction} ${event.digits} (${event.method})`;
  }
}

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
    if (this.#last) this.refresh(this.#last.stats, this.#last.controls);
  }

  note(text: string): void {
    this.#log.push(`${new Date().toISOString().slice(11, 19)} ${text}`);
    if (this.#last) this.refresh(this.#last.stats, this.#last.controls);
  }

  refresh(stats: PhoneStats, controls: Controls): void {
    this.#last = { stats, controls };
    const lines = screenLines(stats, controls, this.#log, this.url);
    this.#write("\x1b[H\x1b[2J" + lines.join("\r\n") + "\r\n");
  }

  close(): void {
    this.#write("\x1b[?25h\r\n");
  }

  #write(text: string) {
    Deno.stdout.writeSync(this.#encoder.encode(text));
  }
}

/** Plain lines (or JSON objects) for pipes and logs: events only, no redraws. */
export class LineView implements View {
  constructor(private readonly json: boolean, private readonly out = console.log) {}

  event(event: PhoneEvent): void {
    const at = new Date().toISOString();
    if (this.json) this.out(JSON.stringify({ at, ...event }));
    else this.out(`${at} ${eventLine(event)}`);
  }

  note(text: string): void {
    const at = new Date().toISOString();
    this.out(this.json ? JSON.stringify({ at, type: "note", text }) : `${at} ${text}`);
  }

  refresh(): void {}

  close(): void {}
}
