/**
 * Asking a white pages server for a number's session URL.
 *
 * @example
 * ```ts
 * import { lookupNumber } from "./client.ts";
 * const url = await lookupNumber("http://iphonebook.example/", "03-5734-3299");
 * ```
 * @module
 */
import { IPHONE_URL_TYPE } from "./server.ts";

/** Why a look-up gave no session URL. */
export class LookupError extends Error {
  constructor(readonly number: string, readonly status: number | undefined, reason: string) {
    super(`${number}: ${reason}`);
    this.name = "LookupError";
  }
}

/**
 * The session URL the server at `server` has for `number`. Throws
 * {@link LookupError} when the number is unknown (status 404), the server is
 * unreachable or slow, or the answer is not a session URL.
 */
export async function lookupNumber(
  server: string,
  number: string,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new LookupError(number, undefined, `white pages server "${server}" is not a URL`);
  }
  base.search = "?" + encodeURIComponent(number).replaceAll("%2B", "+");
  let response: Response;
  try {
    response = await fetch(base, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
  } catch (e) {
    throw new LookupError(
      number,
      undefined,
      `white pages ${base.origin} unreachable: ${(e as Error).message}`,
    );
  }
  const body = (await response.text()).trim();
  if (response.status === 404) {
    throw new LookupError(number, 404, `not in the white pages at ${base.origin}`);
  }
  if (!response.ok) {
    throw new LookupError(
      number,
      response.status,
      `white pages answered ${response.status}: ${body}`,
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
