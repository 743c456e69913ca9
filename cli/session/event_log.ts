/**
 * How much the phone says: `--log-level error|warn|info|debug` (default info: state
 * changes, DTMF, notes and the call summary; debug adds every signaling transition), and
 * `--log-file PATH`, which appends the same lines with timestamps whatever the screen shows.
 *
 * @example
 * ```ts
 * import { eventLevel, parseLogLevel, shows } from "./event_log.ts";
 * const level = parseLogLevel("warn");
 * shows(level, eventLevel({ type: "error", message: "x" })); // true
 * ```
 * @module
 */
import type { PhoneEvent, PhoneStats } from "../../runtime/phone/phone.ts";
import { UsageError } from "../errors.ts";
import { CallClock, type Controls, eventLine, type View } from "./status_view.ts";

/** Levels, least to most verbose. */
export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number];

/** The level named by `text`, or a usage error listing the levels. */
export function parseLogLevel(text: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === text.toLowerCase());
  if (!level) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, not "${text}"`);
  }
  return level;
}

/** How important an event is. */
export function eventLevel(event: PhoneEvent): LogLevel {
  switch (event.type) {
    case "error":
      return "error";
    case "refused":
    case "refusals":
      return "warn";
    case "reachability":
      return event.reachable ? "info" : "warn";
    case "signaling":
      // That the phone listens (and where) is what a person needs; the rest is detail.
      return event.event.type === "transition" && event.event.machine === "listener" &&
          event.event.to === "open"
        ? "info"
        : "debug";
    default:
      return "info";
  }
}

/** True when a `level` message is shown at `threshold`. */
export function shows(threshold: LogLevel, level: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}

/** A view that passes on only what `threshold` shows (notes are info). */
export class LevelFilter implements View {
  constructor(private readonly inner: View, private readonly threshold: LogLevel) {}

  event(event: PhoneEvent): void {
    if (shows(this.threshold, eventLevel(event))) this.inner.event(event);
  }
  note(text: string): void {
    if (shows(this.threshold, "info")) this.inner.note(text);
  }
  refresh(stats: PhoneStats, controls: Controls): void {
    this.inner.refresh(stats, controls);
  }
  close(): void {
    this.inner.close();
  }
}

/** Appends events and notes as timestamped lines to a file. */
export class FileLog implements View {
  readonly #file: Deno.FsFile;
  readonly #encoder = new TextEncoder();
  readonly #clock = new CallClock();
  #last?: PhoneStats;

  constructor(path: string, private readonly threshold: LogLevel) {
    try {
      this.#file = Deno.openSync(path, { append: true, create: true });
    } catch (e) {
      throw new UsageError(`--log-file ${path}: ${(e as Error).message}`);
    }
  }

  event(event: PhoneEvent): void {
    const level = eventLevel(event);
    if (shows(this.threshold, level)) this.#line(level, eventLine(event));
    const summary = this.#clock.follow(event, this.#last);
    if (summary) this.note(summary);
  }
  note(text: string): void {
    if (shows(this.threshold, "info")) this.#line("info", text);
  }
  refresh(stats: PhoneStats): void {
    this.#last = stats;
  }
  close(): void {
    this.#file.close();
  }

  #line(level: LogLevel, text: string): void {
    const line = `${new Date().toISOString()} ${level.padEnd(5)} ${text}\n`;
    const bytes = this.#encoder.encode(line);
    let done = 0;
    while (done < bytes.length) done += this.#file.writeSync(bytes.subarray(done));
  }
}

/** Every view gets everything. */
export class Tee implements View {
  constructor(private readonly views: readonly View[]) {}
  event(event: PhoneEvent): void {
    for (const v of this.views) v.event(event);
  }
  note(text: string): void {
    for (const v of this.views) v.note(text);
  }
  refresh(stats: PhoneStats, controls: Controls): void {
    for (const v of this.views) v.refresh(stats, controls);
  }
  close(): void {
    for (const v of this.views) v.close();
  }
}
