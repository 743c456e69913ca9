/**
 * The phone's settings: defaults, then the config file, then environment variables,
 * then command-line flags; each value remembers where it came from.
 *
 * The file is `$XDG_CONFIG_HOME/simple-internet-phone/config` (default
 * `~/.config/simple-internet-phone/config`), or `$PHONE_CONFIG`: one `key = value` per
 * line, `#` comments. Environment variables are `PHONE_` + the key in upper case with
 * `-` as `_` (`PHONE_JITTER_MAX=200`).
 * @module
 */
import { UsageError } from "./errors.ts";

type Kind = "int" | "bool" | "string" | "list";

interface Setting {
  kind: Kind;
  default: string;
  help: string;
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** What a string value must match, and how to say so. */
  pattern?: { readonly re: RegExp; readonly what: string };
  /** Shown as `***` by `phone config`. */
  secret?: boolean;
}

/** Every setting, with its default and meaning. */
export const SETTINGS = {
  "port": {
    kind: "int",
    default: "10000",
    min: 1,
    max: 65535,
    help: "well-known port to listen on and call",
  },
  "bind": { kind: "string", default: "", help: "local address to bind (empty: all)" },
  "family": {
    kind: "string",
    default: "any",
    choices: ["any", "4", "6"],
    help: "IP version for names: any, 4 or 6",
  },
  "tos": {
    kind: "int",
    default: "184",
    min: 0,
    max: 255,
    help: "IP TOS / traffic class of voice (184 = EF)",
  },
  "codecs": { kind: "list", default: "pcmu,pcma,dvi4", help: "codec preference list" },
  "ptime": { kind: "int", default: "20", min: 10, max: 120, help: "packetization in ms" },
  "jitter-min": {
    kind: "int",
    default: "20",
    min: 0,
    max: 1000,
    help: "jitter buffer lower bound, ms",
  },
  "jitter-max": {
    kind: "int",
    default: "200",
    min: 10,
    max: 5000,
    help: "jitter buffer upper bound, ms",
  },
  "sound": { kind: "string", default: "default", help: "ALSA device name" },
  "phonejack": {
    kind: "int",
    default: "-1",
    min: -1,
    max: 63,
    help: "Quicknet card number, -1 for none",
  },
  "auto-answer": { kind: "bool", default: "false", help: "answer incoming calls at once" },
  "call-waiting": {
    kind: "bool",
    default: "false",
    help: "accept a second call while in one (not yet: the phone says so and keeps it off)",
  },
  "idle-timeout": {
    kind: "int",
    default: "30",
    min: 5,
    max: 600,
    help: "seconds without a valid packet that end a call",
  },
  "ring-silence": {
    kind: "int",
    default: "1000",
    min: 100,
    max: 30000,
    help: "ms of caller silence after which an unanswered call stops ringing",
  },
  "whitepages": {
    kind: "string",
    default: "",
    help: "white pages URL for phone numbers (http://host/)",
  },
  "whitepages-admin": {
    kind: "string",
    default: "",
    help: "white pages registration API (http://127.0.0.1:8081/) for phone register",
  },
  "whitepages-token": {
    kind: "string",
    default: "",
    help: "client token for the registration API (better in PHONE_WHITEPAGES_TOKEN)",
  },
  "yellowpages": {
    kind: "string",
    default: "",
    help: "yellow pages search service (http://host/) for names in phone call and lookup",
  },
  "url": {
    kind: "string",
    default: "",
    help:
      "this phone's published session URL, if set: its dynamic payload types decide how calls are decoded",
  },
  "numbering": {
    kind: "string",
    default: "",
    help:
      'where numbers are dialed, for white pages look-ups: "country=81 area=3 trunk=0 international=010"',
  },
  "record": { kind: "string", default: "", help: "WAV file to record calls to" },
  "dtmf": {
    kind: "string",
    default: "inband",
    choices: ["inband", "rfc4733"],
    help: "how DTMF is sent: inband (tones in the voice) or rfc4733 (telephone events)",
  },
  "telephone-event": {
    kind: "int",
    default: "101",
    min: 96,
    max: 127,
    help: "RTP payload type of RFC 4733 telephone events, sent and received",
  },
  "user-number": {
    kind: "string",
    default: "",
    pattern: { re: /^[0-9*#]*$/, what: "digits, * and #" },
    help: "user (account) number sent for 'u' in a URL's dial digits",
  },
  "pin": {
    kind: "string",
    default: "",
    pattern: { re: /^[0-9*#]*$/, what: "digits, * and #" },
    secret: true,
    help: "PIN sent for 'p' in a URL's dial digits",
  },
  "tones": {
    kind: "string",
    default: "us",
    choices: ["us", "jp", "uk", "cept"],
    help: "country of the ring-back and busy tones: us, jp, uk, cept",
  },
} as const satisfies Record<string, Setting>;

/** A setting's name. */
export type Key = keyof typeof SETTINGS;

/** A value and where it came from: `default`, `file:LINE`, `env NAME` or `flag`. */
export interface Sourced<T> {
  value: T;
  source: string;
}

/** Effective settings, each with its origin. */
export type Config = { [K in Key]: Sourced<string> };

/** Where the config file is looked for. */
export function configPath(env: (name: string) => string | undefined = Deno.env.get): string {
  const explicit = env("PHONE_CONFIG");
  if (explicit) return explicit;
  const base = env("XDG_CONFIG_HOME") || `${env("HOME") ?? "."}/.config`;
  return `${base}/simple-internet-phone/config`;
}

function check(key: Key, raw: string, where: string): string {
  const spec: Setting = SETTINGS[key];
  const value = raw.trim();
  if (spec.kind === "int") {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < (spec.min ?? -Infinity) || n > (spec.max ?? Infinity)) {
      throw new UsageError(
        `${where}: ${key} must be a whole number from ${spec.min} to ${spec.max}, not "${value}"`,
      );
    }
  } else if (spec.kind === "bool" && !["true", "false", "yes", "no", "1", "0"].includes(value)) {
    throw new UsageError(`${where}: ${key} must be true or false, not "${value}"`);
  } else if (spec.pattern && !spec.pattern.re.test(value)) {
    throw new UsageError(`${where}: ${key} must be ${spec.pattern.what}`);
  } else if (spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(
      `${where}: ${key} must be one of ${spec.choices.join(", ")}, not "${value}"`,
    );
  }
  return value;
}

function isKey(name: string): name is Key {
  return Object.hasOwn(SETTINGS, name);
}

/** Parses config file text; errors name the file and line. */
export function parseConfigFile(text: string, file: string): Partial<Config> {
  const out: Partial<Config> = {};
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) return;
    const where = `${file}:${i + 1}`;
    const eq = line.indexOf("=");
    if (eq < 0) throw new UsageError(`${where}: expected "key = value", got "${line}"`);
    const key = line.slice(0, eq).trim();
    if (!isKey(key)) {
      throw new UsageError(
        `${where}: unknown setting "${key}" (known: ${Object.keys(SETTINGS).join(", ")})`,
      );
    }
    out[key] = { value: check(key, line.slice(eq + 1), where), source: where };
  });
  return out;
}

/** Environment variable name of a setting. */
export function envName(key: Key): string {
  return `PHONE_${key.toUpperCase().replaceAll("-", "_")}`;
}

/** Defaults < file < environment < flags. `flags` holds only what was given. */
export async function loadConfig(
  flags: Partial<Record<Key, string>> = {},
  env: (name: string) => string | undefined = Deno.env.get,
): Promise<Config> {
  const config = Object.fromEntries(
    Object.entries(SETTINGS).map(([k, s]) => [k, { value: s.default, source: "default" }]),
  ) as Config;
  const path = configPath(env);
  let text: string | undefined;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new UsageError(`${path}: ${(e as Error).message}`);
    }
  }
  if (text !== undefined) Object.assign(config, parseConfigFile(text, path));
  for (const key of Object.keys(SETTINGS) as Key[]) {
    const name = envName(key);
    const value = env(name);
    if (value !== undefined) {
      config[key] = { value: check(key, value, name), source: `env ${name}` };
    }
  }
  for (const [key, value] of Object.entries(flags) as [Key, string][]) {
    if (value !== undefined) config[key] = { value: check(key, value, `--${key}`), source: "flag" };
  }
  return config;
}

/** Typed reads of a loaded config. */
export function asInt(c: Config, key: Key): number {
  return Number(c[key].value);
}

export function asBool(c: Config, key: Key): boolean {
  return ["true", "yes", "1"].includes(c[key].value);
}

export function asList(c: Config, key: Key): string[] {
  return c[key].value.split(",").map((s) => s.trim()).filter(Boolean);
}
