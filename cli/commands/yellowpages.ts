/**
 * `phone yellowpages PAGE...`: the yellow pages search service over the phone links
 * of the given web pages (URLs or files), fetched again on a schedule; and the
 * yellow pages half of `phone lookup` (a web page's links, or a name).
 * @module
 */
import type { Command } from "commander";
import { fetchPage, PageError } from "../../runtime/yellowpages/fetch_page.ts";
import { SearchError, searchYellowPages } from "../../runtime/yellowpages/client.ts";
import type { RefreshReport, YellowPages } from "../../runtime/yellowpages/service.ts";
import { UsageError } from "../errors.ts";
import { parsePort } from "./whitepages.ts";

/** Prints the phone links of the web page at `source` (`NAME<TAB>URL` per line). */
export async function lookupPage(source: string, json: boolean): Promise<void> {
  let html: string;
  try {
    html = (await fetchPage(source)).html;
  } catch (e) {
    if (e instanceof PageError) throw new UsageError(e.message);
    throw e;
  }
  // The HTML parser and the service (node:http, node:sqlite) load only when used.
  const { extractPhoneLinks } = await import("../../runtime/yellowpages/extract.ts");
  const { title, links, invalid } = extractPhoneLinks(html);
  if (json) {
    console.log(JSON.stringify({ page: source, title, links, invalid }));
    return;
  }
  for (const l of links) console.log(`${l.name}\t${l.url}`);
  if (invalid) console.error(`${source}: ${invalid} phone links with a bad session URL left out`);
  if (!links.length) {
    throw new UsageError(`${source}: no phone links (iphone: or sdp:) on the page`);
  }
}

/** Prints the yellow pages' matches for `name` (`NAME<TAB>URL<TAB>PAGE` per line). */
export async function lookupName(server: string, name: string, json: boolean): Promise<void> {
  let hits;
  try {
    hits = await searchYellowPages(server, name);
  } catch (e) {
    if (e instanceof SearchError) throw new UsageError(e.message);
    throw e;
  }
  if (json) {
    console.log(JSON.stringify({ query: name, results: hits }));
    return;
  }
  for (const h of hits) console.log(`${h.name}\t${h.url}\t${h.page}`);
  if (!hits.length) throw new UsageError(`no one named "${name}" in the yellow pages`);
}

function report(reports: RefreshReport[]): void {
  for (const r of reports) {
    console.error(
      r.error ? `yellow pages: ${r.error}` : `yellow pages: ${r.page}: ${r.links} phone links`,
    );
  }
}

/** Adds `yellowpages` to the program. */
export function registerYellowPages(program: Command): void {
  program
    .command("yellowpages")
    .description("search service over the phone links of web pages (GET /search?q=NAME)")
    .argument("<pages...>", "web pages to index: http(s) URLs or files")
    .option("-p, --port <port>", "TCP port", "8090")
    .option("-b, --bind <address>", "address to listen on", "127.0.0.1")
    .option("--every <seconds>", "fetch the pages again this often", "3600")
    .option("--db <file>", "keep the index in this SQLite file (default: memory)")
    .addHelpText(
      "after",
      "\nExamples:\n  phone yellowpages http://www.cs.example.edu/people.html staff.html\n" +
        "  phone lookup 'alice liddell' --yellowpages http://127.0.0.1:8090/",
    )
    .action(async (pages: string[], o: {
      port: string;
      bind: string;
      every: string;
      db?: string;
    }) => {
      const port = parsePort(o.port);
      const every = Number(o.every);
      if (!/^\d+$/.test(o.every) || every < 10) {
        throw new UsageError(`--every must be at least 10 seconds, not "${o.every}"`);
      }
      let yp: YellowPages;
      try {
        const { YellowPages } = await import("../../runtime/yellowpages/service.ts");
        yp = new YellowPages({ sources: pages, database: o.db });
      } catch (e) {
        throw new UsageError(`${o.db}: ${(e as Error).message}`);
      }
      report(await yp.refresh());
      let server;
      try {
        server = await yp.serve({ hostname: o.bind, port });
      } catch (e) {
        await yp.close();
        throw new UsageError(`cannot listen on ${o.bind} port ${port}: ${(e as Error).message}`);
      }
      console.error(`yellow pages: ${pages.length} pages, every ${every} s, on ${server.url}`);
      yp.schedule(every, report);
      const stop = () => server.close();
      Deno.addSignalListener("SIGINT", stop);
      Deno.addSignalListener("SIGTERM", stop);
      await server.finished;
      Deno.removeSignalListener("SIGINT", stop);
      Deno.removeSignalListener("SIGTERM", stop);
      await yp.close();
    });
}
