/**
 * What the white pages answer to one look-up, independent of the HTTP server that
 * carries it: status, headers and body, with an ETag and a cache lifetime so that
 * phones, proxies and caches can keep answers. Error bodies never repeat the
 * request.
 *
 * @example
 * ```ts
 * import { parseDirectory } from "./directory.ts";
 * import { answerLookup } from "./answer.ts";
 * const book = parseDirectory("context country=81 area=3 trunk=0 international=010\n" +
 *   "03-5734-3299 iphone://phone.example.jp/0\n", "book");
 * const a = await answerLookup(book, "GET", "?5734-3299", null);
 * a.status; // 200
 * ```
 * @module
 */
import { canonicalNumber, NumberError, type NumberingContext } from "./numbering.ts";

/** The media type of a session URL answer. */
export const IPHONE_URL_TYPE = "application/x-iphone-url";

/** Where look-ups are answered from: an in-memory directory or a database store. */
export interface DirectoryReader {
  /** The numbering context numbers are read in. */
  readonly context: NumberingContext;
  /** The session URL for an international number (exact entry, else prefix template). */
  resolve(number: string): string | undefined | Promise<string | undefined>;
}

/** Counts of what the server answered, for monitoring. */
export interface WhitePagesStats {
  found: number;
  notFound: number;
  badRequests: number;
  notModified?: number;
}

/** Cache lifetimes of answers, in seconds. */
export interface CachePolicy {
  /** `Cache-Control: max-age` of a found number (default 300). */
  maxAge?: number;
  /** `max-age` of a 404, kept short so that a new registration shows soon (default 30). */
  notFoundMaxAge?: number;
}

/** An HTTP answer. `body` is empty for 304; for HEAD the server sends the headers only. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Longest query accepted (a number is at most 32 digits; separators and escapes add some). */
export const MAX_QUERY_LENGTH = 256;

const BASE_HEADERS = { "x-content-type-options": "nosniff" };

function plain(status: number, body: string, extra: Record<string, string> = {}): Answer {
  return {
    status,
    headers: { ...BASE_HEADERS, "content-type": "text/plain; charset=utf-8", ...extra },
    body: body + "\n",
  };
}

/** FNV-1a over UTF-16 units: a cheap, stable validator for one short URL. */
export function entityTag(body: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) {
    h ^= body.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `"${(h >>> 0).toString(16).padStart(8, "0")}-${body.length.toString(16)}"`;
}

function matches(ifNoneMatch: string | null, tag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === tag);
}

function bad(stats: WhitePagesStats | undefined, status: number, body: string, extra = {}) {
  if (stats) stats.badRequests++;
  return plain(status, body, extra);
}

/**
 * Answers `METHOD /?NUMBER` (`search` is the URL's query with its `?`). GET and HEAD
 * only; a number that is not one is 400 (the reason, never the number), an unknown
 * number 404, a found one 200 (or 304 when `ifNoneMatch` names its ETag).
 */
export function answerLookup(
  reader: DirectoryReader,
  method: string,
  search: string,
  ifNoneMatch: string | null,
  policy: CachePolicy = {},
  stats?: WhitePagesStats,
): Answer | Promise<Answer> {
  if (method !== "GET" && method !== "HEAD") {
    return bad(stats, 405, "only GET and HEAD", { allow: "GET, HEAD" });
  }
  const query = search.startsWith("?") ? search.slice(1) : search;
  if (!query) return bad(stats, 400, "ask for a number: GET /?NUMBER");
  if (query.length > MAX_QUERY_LENGTH) {
    return bad(stats, 414, `the query is longer than ${MAX_QUERY_LENGTH} characters`);
  }
  let number: string;
  try {
    number = canonicalNumber(decodeURIComponent(query), reader.context);
  } catch (e) {
    if (e instanceof NumberError) return bad(stats, 400, `not a phone number: ${e.reason}`);
    if (e instanceof URIError) return bad(stats, 400, "not a phone number: bad %-escape");
    throw e;
  }
  const found = reader.resolve(number);
  const finish = (url: string | undefined): Answer => {
    if (url === undefined) {
      if (stats) stats.notFound++;
      const a = plain(404, "no entry for this number", {
        "cache-control": `max-age=${policy.notFoundMaxAge ?? 30}`,
      });
      return a;
    }
    const body = url + "\r\n";
    const tag = entityTag(body);
    const headers = {
      ...BASE_HEADERS,
      "content-type": IPHONE_URL_TYPE,
      "cache-control": `max-age=${policy.maxAge ?? 300}`,
      etag: tag,
    };
    if (matches(ifNoneMatch, tag)) {
      if (stats) stats.notModified = (stats.notModified ?? 0) + 1;
      return { status: 304, headers, body: "" };
    }
    if (stats) stats.found++;
    return { status: 200, headers, body };
  };
  return found instanceof Promise ? found.then(finish) : finish(found);
}
