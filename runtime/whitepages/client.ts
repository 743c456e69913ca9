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
  base.search = "?" + encodeURIComponent(number).replaceAll("%2B", "+");
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
