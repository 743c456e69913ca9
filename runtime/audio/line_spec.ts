/**
 * Line specs from text, for the command line: what ohphone users type (`-s DEVICE` for the
 * sound device, `-q N` for a Quicknet card) and a `kind:details` form for the rest.
 *
 * | text | spec |
 * | --- | --- |
 * | `null` | `{ kind: "null" }` |
 * | `alsa`, `alsa:NAME`, or any other name (`default`, `hw:0,0`) | ALSA device NAME |
 * | `phonejack`, `phonejack:N`, `/dev/phoneN` | Quicknet card N (LINEAR16: the phone's codecs) |
 * | `phonejack:N,g723_63` (or `g723_53`, `ulaw`, `alaw`) | card N coding itself: frames pass to RTP as they are |
 * | `file:IN[,OUT][,loop][,fast]`, `file:in=IN,out=OUT` | files (`fast`: no pacing) |
 *
 * @example
 * ```ts
 * parseLineSpec("hw:0,0");               // { kind: "alsa", device: "hw:0,0" }
 * parseLineSpec("/dev/phone1");          // { kind: "phonejack", index: 1 }
 * parseLineSpec("file:mic.wav,call.wav,loop");
 * lineSpecFromOhphone({ quicknet: 0 }); // { kind: "phonejack", index: 0 }
 * ```
 * @module
 */
import type { FileLineSpec } from "./file_line.ts";
import { LineError } from "./line.ts";
import type { LineSpec } from "./registry.ts";

function cardIndex(text: string, source: string): number {
  if (!/^\d+$/.test(text)) {
    throw new LineError("line", `"${source}": card number must be 0, 1, 2 ..., not "${text}"`);
  }
  return Number(text);
}

const CARD_CODECS = ["LINEAR16", "ULAW", "ALAW", "G723_63", "G723_53"] as const;

function parsePhoneJackSpec(details: string, source: string): LineSpec {
  const [index, codec, ...rest] = details.split(",");
  if (rest.length) {
    throw new LineError("line", `"${source}": give a card number and at most a codec`);
  }
  const spec = { kind: "phonejack" as const, index: cardIndex(index, source) };
  if (codec === undefined) return spec;
  const name = codec.toUpperCase() as (typeof CARD_CODECS)[number];
  if (!CARD_CODECS.includes(name)) {
    throw new LineError(
      "line",
      `"${source}": card codec must be one of ${
        CARD_CODECS.join(", ").toLowerCase()
      }, not "${codec}"`,
    );
  }
  return { ...spec, codec: name };
}

function parseFileSpec(details: string, source: string): FileLineSpec {
  let input: string | undefined;
  let output: string | undefined;
  let loop = false;
  let fast = false;
  const bare: string[] = [];
  for (const part of details.split(",")) {
    if (part === "loop") loop = true;
    else if (part === "fast") fast = true;
    else if (part.startsWith("in=")) input = part.slice(3);
    else if (part.startsWith("out=")) output = part.slice(4);
    else bare.push(part);
  }
  if (bare.length > 2) {
    throw new LineError("line", `"${source}": give at most an input and an output file`);
  }
  input ??= bare[0] || undefined;
  output ??= bare[1] || undefined;
  return { kind: "file", input, output, loop, pacing: fast ? "none" : "clock" };
}

/** The spec a text names (see the table above). Throws {@link LineError} if malformed. */
export function parseLineSpec(text: string): LineSpec {
  const source = text;
  if (text === "") throw new LineError("line", "empty device name");
  if (text === "null") return { kind: "null" };
  if (text === "alsa") return { kind: "alsa" };
  if (text === "phonejack") return { kind: "phonejack", index: 0 };
  const phone = /^\/dev\/phone(\d+)$/.exec(text);
  if (phone) return { kind: "phonejack", index: Number(phone[1]) };
  const colon = text.indexOf(":");
  const kind = colon < 0 ? "" : text.slice(0, colon);
  const details = text.slice(colon + 1);
  if (kind === "alsa") return { kind: "alsa", device: details || "default" };
  if (kind === "phonejack") return parsePhoneJackSpec(details, source);
  if (kind === "file") return parseFileSpec(details, source);
  if (kind === "null") throw new LineError("line", `"${source}": null takes no details`);
  return { kind: "alsa", device: text }; // an ALSA name such as hw:0,0 or plughw:1
}

/** ohphone's device options. */
export interface OhphoneDeviceOptions {
  /** `-s DEVICE`: the sound device. */
  readonly sound?: string;
  /** `-q N`: the Quicknet card number. */
  readonly quicknet?: number;
}

/** The spec ohphone's `-q N` or `-s DEVICE` select (`-q` wins); ALSA `default` otherwise. */
export function lineSpecFromOhphone(options: OhphoneDeviceOptions): LineSpec {
  if (options.quicknet !== undefined) {
    return {
      kind: "phonejack",
      index: cardIndex(String(options.quicknet), `-q ${options.quicknet}`),
    };
  }
  if (options.sound !== undefined) return parseLineSpec(options.sound);
  return { kind: "alsa", device: "default" };
}
