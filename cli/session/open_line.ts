/**
 * The line a phone session uses, by the first choice that applies: `--file`/`--record`
 * files, `-q N` (Quicknet card), `-s DEVICE` (any line spec), else the `sound` setting
 * (ALSA `default`). When that last one does not open (no sound card), the session says
 * so and goes on with a line without audio instead of failing.
 * @module
 */
import type { Line } from "../../runtime/audio/line.ts";
import { type LineSpec, openLine } from "../../runtime/audio/registry.ts";
import { parseLineSpec } from "../../runtime/audio/line_spec.ts";
import { UsageError } from "../errors.ts";
import { LINE_FRAME_MS } from "./line_frame.ts";

/** Device choices from the command line and settings. */
export interface DeviceChoice {
  /** `-s DEVICE` from the command line. */
  readonly soundFlag?: string;
  /** The `sound` setting (file, environment or default). */
  readonly soundSetting: string;
  /** `-q N` or the `phonejack` setting; negative for none. */
  readonly quicknet?: number;
  /** Microphone from a file (WAV or raw); `loop` replays it. */
  readonly file?: string;
  readonly loop?: boolean;
  /** Record what the speaker plays to this file. */
  readonly record?: string;
}

export { LINE_FRAME_MS };

/** The spec the choices name, and whether failing to open it may fall back. */
export function lineSpecOf(choice: DeviceChoice): { spec: LineSpec; mayFallBack: boolean } {
  const frameMs = LINE_FRAME_MS;
  if (choice.file !== undefined || choice.record !== undefined) {
    const spec = {
      kind: "file",
      input: choice.file,
      output: choice.record,
      loop: choice.loop,
      frameMs,
    };
    return { spec: spec as LineSpec, mayFallBack: false };
  }
  if (choice.quicknet !== undefined && choice.quicknet >= 0) {
    return { spec: { kind: "phonejack", index: choice.quicknet } as LineSpec, mayFallBack: false };
  }
  const text = choice.soundFlag ?? choice.soundSetting;
  let spec: LineSpec;
  try {
    spec = parseLineSpec(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (spec.kind !== "phonejack") spec = { ...spec, frameMs } as LineSpec;
  return { spec, mayFallBack: choice.soundFlag === undefined };
}

/**
 * Why ALSA's default device cannot work here, if that can be told without opening it:
 * no card in /proc/asound and no ALSA configuration that could name another device.
 * (Opening it anyway makes libasound print its own errors.)
 */
export function noSoundCard(
  read: (path: string) => string | undefined = readText,
  home = Deno.env.get("HOME") ?? "/",
): string | undefined {
  if (read(`${home}/.asoundrc`) !== undefined || read("/etc/asound.conf") !== undefined) return;
  const cards = read("/proc/asound/cards");
  if (cards === undefined) return "no /proc/asound: this kernel or container has no sound";
  if (/no soundcards/.test(cards)) return "/proc/asound/cards lists no sound card";
}

function readText(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}

function withoutAudio(why: string, note: (text: string) => void): Promise<Line> {
  note(
    `no sound card (${why}); going on without audio. ` +
      `Choose one with -s DEVICE, -q N, or --file IN.wav --record OUT.wav.`,
  );
  return openLine({ kind: "null", frameMs: LINE_FRAME_MS });
}

/** Opens the chosen line; see the module description for the fallback. */
export async function openSessionLine(
  choice: DeviceChoice,
  note: (text: string) => void,
): Promise<Line> {
  const { spec, mayFallBack } = lineSpecOf(choice);
  const absent = mayFallBack && spec.kind === "alsa" ? noSoundCard() : undefined;
  if (absent) return withoutAudio(absent, note);
  try {
    return await openLine(spec);
  } catch (e) {
    if (!mayFallBack) throw new UsageError((e as Error).message);
    return withoutAudio((e as Error).message, note);
  }
}
