/**
 * The white pages HTTP service (draft-fujikawa-iptel-directory): `GET /[path]?NUMBER`
 * answers `200` with `Content-Type: application/x-iphone-url` and the session URL as
 * the body, or `404` when the number has no entry.
 *
 * @example
 * ```ts
 * import { parseDirectory } from "./directory.ts";
 * import { whitePagesHandler } from "./server.ts";
 * const directory = parseDirectory(await Deno.readTextFile("book.txt"), "book.txt");
 * Deno.serve({ port: 8080 }, whitePagesHandler(directory));
 * ```
 * @module
 */
import type { Directory } from "./directory.ts";
import { NumberError } from "./numbering.ts";

/** The media type of a session URL answer. */
export const IPHONE_URL_TYPE = "application/x-iphone-url";

/** Counts of what the server answered, for monitoring. */
export interface WhitePagesStats {
  found: number;
  notFound: number;
  badRequests: number;
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body + "\n", {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

/** A request handler answering number look-ups from `directory`. */
export function whitePagesHandler(
  directory: Directory,
  stats: WhitePagesStats = { found: 0, notFound: 0, badRequests: 0 },
): (request: Request) => Response {
  return (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      stats.badRequests++;
      return text(405, "only GET", { allow: "GET, HEAD" });
    }
    const query = new URL(request.url).search.slice(1);
    if (!query) {
      stats.badRequests++;
      return text(400, "ask for a number: GET /?NUMBER");
    }
    let url: string | undefined;
    try {
      url = directory.lookup(decodeURIComponent(query));
    } catch (e) {
      stats.badRequests++;
      if (e instanceof NumberError || e instanceof URIError) return text(400, e.message);
      throw e;
    }
    if (url === undefined) {
      stats.notFound++;
      return text(404, `no entry for ${decodeURIComponent(query)}`);
    }
    stats.found++;
    return new Response(url + "\r\n", {
      headers: { "content-type": IPHONE_URL_TYPE, "cache-control": "max-age=300" },
    });
  };
}
