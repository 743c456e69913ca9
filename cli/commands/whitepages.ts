/**
 * `phone lookup NUMBER` and `phone whitepages` (serve a directory file).
 * @module
 */
import type { Command } from "commander";
import {
  DirectoryError,
  LookupError,
  lookupNumber,
  parseDirectory,
  serveWhitePages,
} from "../../runtime/whitepages/mod.ts";
import { loadConfig } from "../config.ts";
import { UsageError } from "../errors.ts";

/** Adds `lookup` and `whitepages` to the program. */
export function registerWhitePages(program: Command): void {
  program
    .command("lookup")
    .description("ask the white pages for a phone number's session URL")
    .argument("<number>", "phone number as you would dial it (digits, * and #)")
    .option("-w, --whitepages <url>", "white pages server (default: the whitepages setting)")
    .addHelpText(
      "after",
      "\nExamples:\n  phone lookup 03-5734-3299 --whitepages http://iphonebook.example/\n" +
        "  PHONE_WHITEPAGES=http://localhost:8080/ phone lookup 3299",
    )
    .action(async (number: string, o: { whitepages?: string }) => {
      const server = o.whitepages ?? (await loadConfig()).whitepages.value;
      if (!server) {
        throw new UsageError("no white pages server: give --whitepages URL or set whitepages");
      }
      try {
        console.log(await lookupNumber(server, number));
      } catch (e) {
        if (e instanceof LookupError) throw new UsageError(e.message);
        throw e;
      }
    });
  program
    .command("whitepages")
    .description("serve a white pages directory file over HTTP (GET /?NUMBER)")
    .requiredOption("-d, --directory <file>", "directory file (see README: White pages)")
    .option("-p, --port <port>", "TCP port", "8080")
    .option("-b, --bind <address>", "address to listen on", "127.0.0.1")
    .addHelpText(
      "after",
      "\nExample:\n  phone whitepages --directory book.txt --port 8080 --bind ::",
    )
    .action(async (o: { directory: string; port: string; bind: string }) => {
      let text: string;
      try {
        text = await Deno.readTextFile(o.directory);
      } catch (e) {
        throw new UsageError(`${o.directory}: ${(e as Error).message}`);
      }
      let directory;
      try {
        directory = parseDirectory(text, o.directory);
      } catch (e) {
        if (e instanceof DirectoryError) throw new UsageError(e.message);
        throw e;
      }
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port must be 0 to 65535, not "${o.port}"`);
      }
      let server;
      try {
        server = await serveWhitePages(directory, { hostname: o.bind, port });
      } catch (e) {
        throw new UsageError(`cannot listen on ${o.bind} port ${port}: ${(e as Error).message}`);
      }
      console.error(
        `white pages: ${directory.numbers.size} numbers, ${directory.routes.length} prefixes, ` +
          `on ${server.url}`,
      );
      await server.finished;
    });
}
