/**
 * Asking a white pages server for a number's session URL. The whole look-up has a
 * deadline and the answer a size limit, so a slow or endless server costs at most
 * that time and that memory.
 *
 * @example
 * ```ts
 * import { lookupNumber } from "./client.ts";
 * const url = await lookupNumber("http://iphonebook.example/", "03-5734-3299");
 * ```
 * @module
 */
import { IPHONE_URL_TYPE } from "./answer.ts";
import { canonicalNumber, dialedDigits, NumberError, type NumberingContext } from "./numbering.ts";

/** Why a look-up gave no session URL. */
export class LookupError extends Error {
  constructor(readonly number: string, readonly status: number | undefined, reason: string) {
    super(`${number}: ${reason}`);
    this.name = "LookupError";
  }
}

/** Limits of one look-up. */
export interface LookupOptions {
  /** Deadline for the whole look-up, answer included, ms (default 5000). */
  timeoutMs?: number;
  /** Largest answer read, bytes (default 16384; a session URL is far shorter). */
  maxBytes?: number;
  /** Where the number was dialed: applied before the query (see {@link queryDigits}). */
  context?: NumberingContext;
}

/**
 * What the query carries for a dialed number: only digits, `*` and `#`, as the directory
 * draft allows. Separators go. In a numbering context with an international prefix the
 * number is made international and written with that prefix ("03-5734-3299" in Tokyo is
 * "01081357343299"), so a server reads it the same whatever its own area; a `+` number
 * needs such a context. Service codes (with `*` or `#`) go as dialed. Throws
 * {@link LookupError} for what cannot be written so.
 *
 * @example
 * ```ts
 * queryDigits("(03) 5734-3299"); // "0357343299"
 * queryDigits("+81 3 5734 3299", { country: "81", internationalPrefix: "010" }); // "01081357343299"
 * ```
 */
export function queryDigits(number: string, context?: NumberingContext): string {
  try {
    const digits = dialedDigits(number);
    if (/[*#]/.test(digits)) return digits;
    const prefix = context?.internationalPrefix;
    if (context && prefix) return prefix + canonicalNumber(number, context);
    if (digits.startsWith("+")) {
      throw new LookupError(
        number,
        undefined,
        "a number with + needs a numbering context with an international prefix " +
          "(the directory protocol carries digits, * and # only)",
      );
    }
    return digits;
  } catch (e) {
    if (e instanceof NumberError) throw new LookupError(number, undefined, e.reason);
    throw e;
  }
}

/** Largest answer a look-up reads by default. */
export const DEFAULT_MAX_ANSWER_BYTES = 16384;

/**
 * Reads at most `maxBytes` of `response`'s body as text; `undefined` when it is longer
 * (the rest is not read).
 */
export async function readLimited(
  response: Response,
  maxBytes: number,
): Promise<string | undefined> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

function reasonOf(e: unknown, timeoutMs: number): string {
  const err = e as Error;
  if (err?.name === "TimeoutError" || err?.name === "AbortError") {
    return `no complete answer within ${timeoutMs} ms`;
  }
  // fetch wraps the system error ("fetch failed"); the cause says what happened.
  const cause = (err?.cause as Error | undefined)?.message;
  return String(cause ?? err?.message ?? e).split("\n")[0];
}

/**
 * The session URL the server at `server` has for `number`. Throws
 * {@link LookupError} when the number is unknown (status 404), the server is
 * unreachable, slow or answers too much, or the answer is not a session URL.
 */
export async function lookupNumber(
  server: string,
  number: string,
  options: LookupOptions = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new LookupError(number, undefined, `white pages server "${server}" is not a URL`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new LookupError(number, undefined, `white pages server "${server}" is not http(s)`);
  }
  // Digits, * and # only; # must be escaped in a query.
  base.search = "?" + queryDigits(number, options.context).replaceAll("#", "%23");
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let body: string | undefined;
  try {
    response = await fetch(base, { signal, redirect: "error" });
    body = await readLimited(response, maxBytes);
  } catch (e) {
    throw new LookupError(
      number,
      undefined,
      `white pages at ${base.origin}: ${reasonOf(e, timeoutMs)}`,
    );
  }
  if (body === undefined) {
    throw new LookupError(
      number,
      response.status,
      `white pages at ${base.origin} answered more than ${maxBytes} bytes`,
    );
  }
  body = body.trim();
  if (response.status === 404) {
    throw new LookupError(number, 404, `not in the white pages at ${base.origin}`);
  }
  if (!response.ok) {
    throw new LookupError(
      number,
      response.status,
      `white pages answered ${response.status}: ${body.split("\n")[0].slice(0, 200)}`,
    );
  }
  const type = response.headers.get("content-type")?.split(";")[0].trim();
  if (type !== IPHONE_URL_TYPE) {
    throw new LookupError(
      number,
      response.status,
      `answer is ${type ?? "untyped"}, not ${IPHONE_URL_TYPE}`,
    );
  }
  return body;
}
