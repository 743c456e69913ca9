/**
 * Fetching a web page for the yellow pages: http(s) URLs with a deadline, a size
 * limit and HTML only; or a local file.
 *
 * @example
 * ```ts
 * import { fetchPage } from "./fetch_page.ts";
 * const page = await fetchPage("http://www.example.edu/~alice/");
 * console.log(page.html.length);
 * ```
 * @module
 */
import { readLimited } from "../whitepages/client.ts";

/** A page that could not be read. */
export class PageError extends Error {
  constructor(readonly source: string, reason: string) {
    super(`${source}: ${reason}`);
    this.name = "PageError";
  }
}

/** Limits of one fetch. */
export interface FetchOptions {
  /** Deadline for the whole page, ms (default 10000). */
  timeoutMs?: number;
  /** Largest page read, bytes (default 2 MiB). */
  maxBytes?: number;
}

/** True when `source` is an http(s) URL rather than a file. */
export function isWebUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** Reads `source` (an http(s) URL or a file path); throws {@link PageError}. */
export async function fetchPage(
  source: string,
  options: FetchOptions = {},
): Promise<{ source: string; html: string }> {
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 10000;
  if (!isWebUrl(source)) {
    let info;
    try {
      info = await Deno.stat(source);
    } catch (e) {
      throw new PageError(source, (e as Error).message.split("\n")[0]);
    }
    if (!info.isFile) throw new PageError(source, "not a file");
    if (info.size > maxBytes) throw new PageError(source, `larger than ${maxBytes} bytes`);
    return { source, html: new TextDecoder().decode(await Deno.readFile(source)) };
  }
  let response: Response;
  let html: string | undefined;
  try {
    response = await fetch(source, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "text/html, application/xhtml+xml;q=0.9" },
    });
    const type = response.headers.get("content-type")?.split(";")[0].trim().toLowerCase() ?? "";
    if (!response.ok) {
      await response.body?.cancel();
      throw new PageError(source, `the server answered ${response.status}`);
    }
    if (type && type !== "text/html" && type !== "application/xhtml+xml") {
      await response.body?.cancel();
      throw new PageError(source, `not a web page (${type.slice(0, 60)})`);
    }
    html = await readLimited(response, maxBytes);
  } catch (e) {
    if (e instanceof PageError) throw e;
    const err = e as Error & { cause?: Error };
    const why = err.name === "TimeoutError"
      ? `no complete page within ${timeoutMs} ms`
      : (err.cause?.message ?? err.message).split("\n")[0];
    throw new PageError(source, why);
  }
  if (html === undefined) throw new PageError(source, `larger than ${maxBytes} bytes`);
  return { source, html };
}
