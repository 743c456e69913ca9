/**
 * The white pages HTTP service (draft-fujikawa-iptel-directory): `GET /[path]?NUMBER`
 * answers `200` with `Content-Type: application/x-iphone-url` and the session URL as
 * the body, or `404` when the number has no entry. Answers carry an ETag and
 * `Cache-Control`, `If-None-Match` gets `304`, and HEAD is answered.
 *
 * {@link serveWhitePages} is the server to expose: it times out slow and idle
 * connections and bounds how many it holds. {@link whitePagesHandler} is the same
 * service as a fetch handler, for `Deno.serve` behind a reverse proxy that does that.
 *
 * @example
 * ```ts
 * import { parseDirectory } from "./directory.ts";
 * import { serveWhitePages } from "./server.ts";
 * const directory = parseDirectory(await Deno.readTextFile("book.txt"), "book.txt");
 * const server = await serveWhitePages(directory, { port: 8080 });
 * await server.finished;
 * ```
 * @module
 */
import { answerLookup, type CachePolicy, type DirectoryReader } from "./answer.ts";
import type { WhitePagesStats } from "./answer.ts";
import {
  type HardenedServer,
  listenHardened,
  type ListenOptions,
  writeReply,
} from "./hardened_server.ts";

export { IPHONE_URL_TYPE } from "./answer.ts";
export type { CachePolicy, DirectoryReader, WhitePagesStats } from "./answer.ts";

function emptyStats(): WhitePagesStats {
  return { found: 0, notFound: 0, badRequests: 0, notModified: 0 };
}

/** A fetch-style handler answering number look-ups from `reader`. */
export function whitePagesHandler(
  reader: DirectoryReader,
  stats: WhitePagesStats = emptyStats(),
  policy: CachePolicy = {},
): (request: Request) => Response | Promise<Response> {
  return (request) => {
    const url = request.url;
    const q = url.indexOf("?");
    const search = q < 0 ? "" : url.slice(q);
    const a = answerLookup(
      reader,
      request.method,
      search,
      request.headers.get("if-none-match"),
      policy,
      stats,
    );
    const respond = (x: { status: number; headers: Record<string, string>; body: string }) =>
      new Response(x.status === 304 ? null : x.body, { status: x.status, headers: x.headers });
    return a instanceof Promise ? a.then(respond) : respond(a);
  };
}

/** Options of {@link serveWhitePages}. */
export interface WhitePagesServerOptions extends ListenOptions, CachePolicy {
  /** Counters to update (one is made otherwise). */
  stats?: WhitePagesStats;
}

/** Serves look-ups from `reader` on a hardened listener (loopback unless `hostname` says). */
export function serveWhitePages(
  reader: DirectoryReader,
  options: WhitePagesServerOptions,
): Promise<HardenedServer & { stats: WhitePagesStats }> {
  const stats = options.stats ?? emptyStats();
  return listenHardened((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const raw = req.headers["if-none-match"];
    const a = answerLookup(
      reader,
      req.method ?? "GET",
      q < 0 ? "" : url.slice(q),
      typeof raw === "string" ? raw : null,
      options,
      stats,
    );
    const send = (x: { status: number; headers: Record<string, string>; body: string }) =>
      writeReply(res, x.status, x.headers, x.body);
    if (a instanceof Promise) {
      a.then(send, () => writeReply(res, 503, { "content-type": "text/plain" }, "unavailable\n"));
    } else send(a);
  }, options).then((s) => Object.assign(s, { stats }));
}

/**
 * Serves look-ups on `Deno.serve`, which is faster than the hardened listener but has
 * no header or idle deadlines and no connection bound: only for a server behind a
 * reverse proxy or cache that enforces those (see README, White pages).
 */
export function serveWhitePagesBehindProxy(
  reader: DirectoryReader,
  options: WhitePagesServerOptions,
): Promise<HardenedServer & { stats: WhitePagesStats }> {
  const stats = options.stats ?? emptyStats();
  const hostname = options.hostname ?? "127.0.0.1";
  const server = Deno.serve({
    hostname,
    port: options.port,
    reusePort: options.reusePort,
    onListen: () => {},
    onError: () => new Response("unavailable\n", { status: 503 }),
  }, whitePagesHandler(reader, stats, options));
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return Promise.resolve({
    hostname,
    port: server.addr.port,
    url: `http://${host}:${server.addr.port}/`,
    stats,
    finished: server.finished,
    close: () => server.shutdown(),
  });
}
