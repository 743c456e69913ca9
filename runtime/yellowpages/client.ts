/**
 * Asking a yellow pages service (see `service.ts`) for a name.
 *
 * @example
 * ```ts
 * import { searchYellowPages } from "./client.ts";
 * const hits = await searchYellowPages("http://127.0.0.1:8090/", "alice liddell");
 * ```
 * @module
 */
import { readLimited } from "../whitepages/client.ts";
import type { SearchHit } from "./index.ts";

/** A search that could not be answered. */
export class SearchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SearchError";
  }
}

/** The hits of `server` for `query`; throws {@link SearchError}. */
export async function searchYellowPages(
  server: string,
  query: string,
  options: { timeoutMs?: number; maxBytes?: number; limit?: number } = {},
): Promise<SearchHit[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let url: URL;
  try {
    url = new URL("search", server.endsWith("/") ? server : server + "/");
  } catch {
    throw new SearchError(`yellow pages "${server}" is not a URL`);
  }
  url.searchParams.set("q", query);
  url.searchParams.set("format", "json");
  url.searchParams.set("limit", String(options.limit ?? 20));
  let response: Response;
  let text: string | undefined;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await readLimited(response, options.maxBytes ?? 1 << 20);
  } catch (e) {
    const err = e as Error & { cause?: Error };
    const why = err.name === "TimeoutError"
      ? `no answer within ${timeoutMs} ms`
      : (err.cause?.message ?? err.message).split("\n")[0];
    throw new SearchError(`yellow pages at ${url.origin}: ${why}`);
  }
  if (text === undefined) throw new SearchError(`yellow pages at ${url.origin}: answer too large`);
  let value: { results?: unknown; error?: string };
  try {
    value = JSON.parse(text);
  } catch {
    throw new SearchError(`yellow pages at ${url.origin} answered ${response.status}, not JSON`);
  }
  if (!response.ok) throw new SearchError(`yellow pages: ${value.error ?? response.status}`);
  if (!Array.isArray(value.results)) throw new SearchError("yellow pages: no results list");
  return value.results.filter((h): h is SearchHit =>
    typeof h?.url === "string" && typeof h?.name === "string" && /^(iphone|sdp):/i.test(h.url)
  ).map((h) => ({
    url: h.url,
    name: String(h.name),
    context: String(h.context ?? ""),
    page: String(h.page ?? ""),
    pageTitle: String(h.pageTitle ?? ""),
  }));
}
