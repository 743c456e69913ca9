/**
 * Opens lines by backend name, as a spec object: `alsa`, `phonejack`, `file`, `null`.
 * Backends register an opener under their name; the phone and the command line know only
 * this function and the {@link Line} interface.
 *
 * @example
 * ```ts
 * const line = await openLine({ kind: "alsa", device: "default" });
 * const card = await openLine({ kind: "phonejack", index: 0 });
 * const test = await openLine({ kind: "file", input: "in.wav", output: "out.wav", loop: true });
 * const none = await openLine({ kind: "null" });
 * ```
 * @module
 */
import { type AlsaLineSpec, openAlsaLine } from "./alsa/alsa_line.ts";
import { type FileLineSpec, openFileLine } from "./file_line.ts";
import { type Line, LineError } from "./line.ts";
import { type NullLineSpec, openNullLine } from "./null_line.ts";
import { openPhoneJackLine, type PhoneJackLineSpec } from "./phonejack/phonejack_line.ts";

/** How to open any built-in line. */
export type LineSpec = AlsaLineSpec | PhoneJackLineSpec | FileLineSpec | NullLineSpec;

/** Opens a line of one backend from its spec. */
// deno-lint-ignore no-explicit-any
export type LineOpener = (spec: any) => Promise<Line>;

const openers = new Map<string, LineOpener>([
  ["alsa", openAlsaLine],
  ["phonejack", openPhoneJackLine],
  ["file", openFileLine],
  ["null", (spec: NullLineSpec) => Promise.resolve(openNullLine(spec))],
]);

/** Adds (or replaces) the backend `kind`. */
export function registerLineBackend(kind: string, open: LineOpener): void {
  openers.set(kind, open);
}

/** Names of the registered backends, sorted. */
export function lineKinds(): string[] {
  return [...openers.keys()].sort();
}

/**
 * Opens the line `spec` describes. Throws {@link LineError} for an unknown kind, and
 * whatever the backend throws (a LineError naming the device) if it cannot open.
 */
export function openLine(spec: LineSpec | { readonly kind: string }): Promise<Line> {
  const open = openers.get(spec.kind);
  if (!open) {
    return Promise.reject(
      new LineError("line", `unknown kind "${spec.kind}"; known: ${lineKinds().join(", ")}`),
    );
  }
  return open(spec);
}
