/**
 * A white pages directory: phone numbers to session URLs, and prefix templates that
 * route numbers not on the Internet to a PSTN gateway with the digits to dial.
 *
 * The directory file, one entry per line, `#` comments:
 *
 * ```text
 * context country=81 area=3 trunk=0 international=010
 * 03-5734-3299  iphone://phone.example.jp:10000/0,5
 * prefix 03     iphone://gw-tokyo.example.jp/m=rtp:10000:0&a=dtmf:{digits}
 * prefix 0      iphone://gw.example.jp/m=rtp:10000:0&a=dtmf:{number}
 * ```
 *
 * Numbers and prefixes are written as dialed in the file's `context` (the first line)
 * and stored in international form. A `#` starts a comment only at the start of a
 * line or after white space, so service codes such as `*100#` can be entries. In a
 * template, `{digits}` is what follows the prefix and `{number}` the whole number.
 *
 * @example
 * ```ts
 * import { parseDirectory } from "./directory.ts";
 * const dir = parseDirectory("context country=81 area=3 trunk=0 international=010\n" +
 *   "prefix 03 iphone://gw.example/m=rtp:10000:0&a=dtmf:{digits}\n", "book");
 * dir.lookup("03-5734-3299"); // "iphone://gw.example/m=rtp:10000:0&a=dtmf:57343299"
 * ```
 * @module
 */
import { canonicalNumber, NumberError, type NumberingContext } from "./numbering.ts";

/** A line of the directory file that cannot be used. */
export class DirectoryError extends Error {
  constructor(readonly where: string, reason: string) {
    super(`${where}: ${reason}`);
    this.name = "DirectoryError";
  }
}

/** A prefix template: numbers starting with `prefix` map to `template`. */
export interface PrefixRoute {
  prefix: string;
  template: string;
}

/** Numbers (international form) to session URLs, with prefix routes. */
export class Directory {
  readonly numbers = new Map<string, string>();
  readonly routes: PrefixRoute[] = [];

  constructor(readonly context: NumberingContext) {}

  /** Adds a number as dialed in this directory's context. */
  addNumber(dialed: string, url: string): void {
    this.numbers.set(canonicalNumber(dialed, this.context), url);
  }

  /** Adds a prefix template; the longest matching prefix wins. */
  addPrefix(dialedPrefix: string, template: string): void {
    const prefix = canonicalNumber(dialedPrefix, this.context, true);
    this.routes.push({ prefix, template });
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /**
   * The session URL for a number as dialed in this directory's context: an exact
   * entry, else the longest prefix template filled in, else `undefined`.
   * Throws {@link NumberError} for something that is not a number.
   */
  lookup(dialed: string): string | undefined {
    return this.resolve(canonicalNumber(dialed, this.context));
  }

  /** The session URL for a number already in international form (see {@link lookup}). */
  resolve(number: string): string | undefined {
    const exact = this.numbers.get(number);
    if (exact !== undefined) return exact;
    const route = this.routes.find((r) => number.startsWith(r.prefix) && number !== r.prefix);
    if (!route) return undefined;
    return route.template
      .replaceAll("{digits}", number.slice(route.prefix.length))
      .replaceAll("{number}", number);
  }
}

const CONTEXT_KEYS: Record<string, keyof NumberingContext> = {
  country: "country",
  area: "area",
  trunk: "trunkPrefix",
  international: "internationalPrefix",
};

function parseContext(words: string[], where: string): NumberingContext {
  const context: Record<string, unknown> = {};
  const pbx: Record<string, unknown> = {};
  for (const word of words) {
    const [key, value = ""] = word.split("=", 2);
    if (!(key in CONTEXT_KEYS) && !["pbx-digits", "pbx-base", "pbx-outside"].includes(key)) {
      throw new DirectoryError(where, `unknown context setting "${key}"`);
    }
    if (!/^\d*$/.test(value)) {
      throw new DirectoryError(where, `${key} must be digits, not "${value}"`);
    }
    if (key in CONTEXT_KEYS) context[CONTEXT_KEYS[key]] = value;
    else if (key === "pbx-digits") pbx.extensionDigits = Number(value);
    else if (key === "pbx-base") pbx.extensionBase = value;
    else pbx.outsideLinePrefix = value;
  }
  if (!context.country) throw new DirectoryError(where, "context needs country=CODE");
  if (Object.keys(pbx).length) {
    if (!pbx.extensionDigits || !pbx.extensionBase) {
      throw new DirectoryError(where, "a PBX needs pbx-digits=N and pbx-base=DIGITS");
    }
    context.pbx = pbx;
  }
  return context as unknown as NumberingContext;
}

function checkUrl(url: string | undefined, where: string): string {
  if (!url || !/^(iphone|sdp):/i.test(url)) {
    throw new DirectoryError(
      where,
      `expected a session URL (iphone:... or sdp:...), got "${url ?? ""}"`,
    );
  }
  return url;
}

/** Parses a directory file; errors name the file and line. */
export function parseDirectory(text: string, file: string): Directory {
  let directory: Directory | undefined;
  text.split("\n").forEach((raw, i) => {
    const where = `${file}:${i + 1}`;
    const words = raw.replace(/(^|\s)#.*$/, "").trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    if (words[0] === "context") {
      if (directory) throw new DirectoryError(where, "the context must come first, once");
      directory = new Directory(parseContext(words.slice(1), where));
      return;
    }
    if (!directory) throw new DirectoryError(where, "the first entry must be a context line");
    try {
      if (words[0] === "prefix") {
        if (words.length !== 3) throw new DirectoryError(where, "expected: prefix DIGITS URL");
        directory.addPrefix(words[1], checkUrl(words[2], where));
      } else {
        if (words.length !== 2) throw new DirectoryError(where, "expected: NUMBER URL");
        directory.addNumber(words[0], checkUrl(words[1], where));
      }
    } catch (e) {
      if (e instanceof NumberError) throw new DirectoryError(where, e.message);
      throw e;
    }
  });
  if (!directory) throw new DirectoryError(file, "empty: no context line");
  return directory;
}
