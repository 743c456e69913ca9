/**
 * A small yellow pages search service: it is given web pages (URLs or files),
 * indexes their phone links, fetches them again on a schedule, and answers
 * `GET /search?q=WORDS` as JSON (`Accept: application/json` or `format=json`) or as
 * a plain HTML page. `GET /` is a search form, `GET /pages` the pages and their state.
 *
 * @example
 * ```ts
 * import { YellowPages } from "./service.ts";
 * const yp = new YellowPages({ sources: ["http://www.example.edu/staff.html"] });
 * await yp.refresh();
 * const server = await yp.serve({ port: 8090 });
 * ```
 * @module
 */
import type http from "node:http";
import {
  type HardenedServer,
  listenHardened,
  type ListenOptions,
} from "../whitepages/hardened_server.ts";
import { extractPhoneLinks } from "./extract.ts";
import { type FetchOptions, fetchPage } from "./fetch_page.ts";
import { type SearchHit, YellowPagesIndex } from "./index.ts";

/** Options of a {@link YellowPages} service. */
export interface YellowPagesOptions extends FetchOptions {
  /** Pages to index: http(s) URLs or files. */
  sources: string[];
  /** Index database (default in memory). */
  database?: string;
}

/** What one refresh did, per page. */
export interface RefreshReport {
  page: string;
  links?: number;
  invalid?: number;
  error?: string;
}

const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  "referrer-policy": "no-referrer",
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}li{margin:.6em 0}` +
    `small{color:#555}</style></head><body><h1>${escapeHtml(title)}</h1>` +
    `<form action="/search"><input name="q" size="40" autofocus> <button>Search</button></form>` +
    `${body}</body></html>\n`;
}

/** The HTML results page for `q`. */
export function resultsPage(q: string, hits: SearchHit[]): string {
  const items = hits.map((h) =>
    `<li><a href="${escapeHtml(h.url)}">${escapeHtml(h.name)}</a> <code>${
      escapeHtml(h.url)
    }</code>` +
    `<br><small>${escapeHtml(h.context)} — <a href="${escapeHtml(h.page)}">${
      escapeHtml(h.pageTitle || h.page)
    }</a></small></li>`
  ).join("");
  return page(
    `Yellow pages: ${q}`,
    hits.length ? `<ol>${items}</ol>` : "<p>No phone links match.</p>",
  );
}

/** The yellow pages: sources, their index, the refresh schedule and the HTTP service. */
export class YellowPages {
  readonly index: YellowPagesIndex;
  #timer: ReturnType<typeof setInterval> | undefined;
  #refreshing: Promise<RefreshReport[]> | undefined;

  constructor(readonly options: YellowPagesOptions) {
    this.index = new YellowPagesIndex(options.database ?? ":memory:");
  }

  /** Fetches every source once; a page that fails keeps its old links. */
  refresh(): Promise<RefreshReport[]> {
    // One refresh at a time: a slow page never stacks fetches up.
    this.#refreshing ??= (async () => {
      const reports: RefreshReport[] = [];
      for (const source of this.options.sources) {
        try {
          const { html } = await fetchPage(source, this.options);
          const { title, links, invalid } = extractPhoneLinks(html);
          this.index.replacePage(source, title, links);
          reports.push({ page: source, links: links.length, invalid });
        } catch (e) {
          const error = (e as Error).message;
          this.index.pageFailed(source, error);
          reports.push({ page: source, error });
        }
      }
      return reports;
    })().finally(() => this.#refreshing = undefined);
    return this.#refreshing;
  }

  /** Refreshes every `seconds` (and `onReport` hears each round). */
  schedule(seconds: number, onReport: (r: RefreshReport[]) => void = () => {}): void {
    this.stopSchedule();
    this.#timer = setInterval(() => this.refresh().then(onReport), seconds * 1000);
  }

  stopSchedule(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Answers one HTTP request. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://yellowpages");
    const send = (status: number, headers: Record<string, string>, body: string) => {
      res.writeHead(status, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const json = (status: number, value: unknown) =>
      send(status, {
        "content-type": "application/json",
        "x-content-type-options": "nosniff",
        "cache-control": "max-age=60",
      }, JSON.stringify(value) + "\n");
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(405, { ...HTML_HEADERS, allow: "GET, HEAD" }, page("Only GET", ""));
    }
    const wantsJson = url.searchParams.get("format") === "json" ||
      /application\/json/.test(String(req.headers.accept ?? ""));
    if (url.pathname === "/") return send(200, HTML_HEADERS, page("Yellow pages", ""));
    if (url.pathname === "/pages") return json(200, { pages: this.index.pages() });
    if (url.pathname !== "/search") {
      return wantsJson
        ? json(404, { error: "no such page (try /search?q=NAME)" })
        : send(404, HTML_HEADERS, page("Not found", "<p>Try a search.</p>"));
    }
    const q = (url.searchParams.get("q") ?? "").slice(0, 200);
    if (!q.trim()) {
      return wantsJson
        ? json(400, { error: "give q=WORDS" })
        : send(400, HTML_HEADERS, page("Yellow pages", "<p>Type a name.</p>"));
    }
    const limit = Number(url.searchParams.get("limit") ?? 20) || 20;
    const hits = this.index.search(q, limit);
    if (wantsJson) return json(200, { query: q, results: hits });
    send(200, { ...HTML_HEADERS, "cache-control": "max-age=60" }, resultsPage(q, hits));
  }

  /** Serves the search on a hardened listener (loopback unless `hostname` says). */
  serve(options: ListenOptions): Promise<HardenedServer> {
    return listenHardened((req, res) => this.handle(req, res), options);
  }

  /** Stops the schedule, lets a running refresh finish, closes the index. */
  async close(): Promise<void> {
    this.stopSchedule();
    await this.#refreshing?.catch(() => {});
    this.index.close();
  }
}
