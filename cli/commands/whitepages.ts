/**
 * `phone lookup NUMBER`, `phone whitepages` (serve a directory: a text file in memory,
 * or a SQLite or PostgreSQL store) and `phone directory` (a store's administration:
 * import, export, clients, audit).
 * @module
 */
import type { Command } from "commander";
import type { DirectoryReader } from "../../runtime/whitepages/answer.ts";
import { DirectoryError, parseDirectory } from "../../runtime/whitepages/directory.ts";
import type { HardenedServer } from "../../runtime/whitepages/hardened_server.ts";
import { LookupError, lookupNumber } from "../../runtime/whitepages/client.ts";
import {
  canonicalKey,
  type DirectoryStore,
  hashToken,
  newToken,
  StoreError,
} from "../../runtime/whitepages/store.ts";
import {
  exportDirectory,
  importDirectory,
  parseContextSettings,
} from "../../runtime/whitepages/transfer.ts";
import { loadConfig } from "../config.ts";
import { UsageError } from "../errors.ts";
import { looksLikeNumber, numberingContext } from "../target.ts";
import { isWebUrl } from "../../runtime/yellowpages/fetch_page.ts";
import { lookupName, lookupPage } from "./yellowpages.ts";

// Servers (node:http) and stores (node:sqlite, postgres) are loaded when a command needs
// them: any `node:` module loaded at start-up makes every `phone` command start slower.
const lazy = {
  server: () => import("../../runtime/whitepages/server.ts"),
  serveAdmin: async () => (await import("../../runtime/whitepages/admin.ts")).serveAdmin,
  openStore: async () => (await import("../../runtime/whitepages/open_store.ts")).openStore,
};

/** Parses a TCP port option. */
export function parsePort(text: string, flag = "--port"): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new UsageError(`${flag} must be 0 to 65535, not "${text}"`);
  }
  return port;
}

function parseSeconds(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be whole seconds, not "${text}"`);
  return Number(text);
}

/** Opens a store for the command line: errors become one-line usage errors. */
export async function openStoreForCli(spec: string, context?: string): Promise<DirectoryStore> {
  let parsed;
  try {
    parsed = context ? parseContextSettings(context) : undefined;
  } catch (e) {
    if (e instanceof DirectoryError) throw new UsageError(`--context: ${e.message}`);
    throw e;
  }
  try {
    return await (await lazy.openStore())(spec, { context: parsed });
  } catch (e) {
    if (e instanceof StoreError) throw new UsageError(e.message);
    throw new UsageError(`${redact(spec)}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** A store spec without a password, for messages. */
function redact(spec: string): string {
  return spec.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

async function readDirectoryFile(file: string) {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  return text;
}

/** Adds `lookup`, `whitepages` and `directory` to the program. */
export function registerWhitePages(program: Command): void {
  program
    .command("lookup")
    .description(
      "look up a phone number (white pages), a name (yellow pages), or a web page's phone links",
    )
    .argument("<what>", "a number as you would dial it, a name, or an http(s) URL of a page")
    .option("-w, --whitepages <url>", "white pages server (default: the whitepages setting)")
    .option("-y, --yellowpages <url>", "yellow pages service (default: the yellowpages setting)")
    .option("--json", "one JSON object (names and pages)")
    .addHelpText(
      "after",
      "\nExamples:\n  phone lookup 03-5734-3299 --whitepages http://iphonebook.example/\n" +
        "  PHONE_WHITEPAGES=http://localhost:8080/ phone lookup 3299\n" +
        "  phone lookup http://www.cs.example.edu/people.html\n" +
        "  phone lookup 'alice liddell' --yellowpages http://127.0.0.1:8090/",
    )
    .action(
      async (what: string, o: { whitepages?: string; yellowpages?: string; json?: boolean }) => {
        const config = await loadConfig();
        if (isWebUrl(what)) return await lookupPage(what, o.json ?? false);
        if (!looksLikeNumber(what)) {
          const yp = o.yellowpages ?? config.yellowpages.value;
          if (!yp) {
            throw new UsageError(
              `"${what}" is not a number: give --yellowpages URL (or set yellowpages) to look up a name`,
            );
          }
          return await lookupName(yp, what, o.json ?? false);
        }
        const server = o.whitepages ?? config.whitepages.value;
        const context = numberingContext(config.numbering.value);
        if (!server) {
          throw new UsageError("no white pages server: give --whitepages URL or set whitepages");
        }
        try {
          console.log(await lookupNumber(server, what, { context }));
        } catch (e) {
          if (e instanceof LookupError) throw new UsageError(e.message);
          throw e;
        }
      },
    );
  program
    .command("whitepages")
    .description("serve a white pages directory over HTTP (GET /?NUMBER)")
    .option("-d, --directory <file>", "a directory file, served from memory (see README)")
    .option("-S, --store <db>", "a store: a SQLite file, or a postgres:// URL")
    .option("--context <settings>", 'numbering context of a new store, e.g. "country=81 area=3"')
    .option("-p, --port <port>", "TCP port", "8080")
    .option("-b, --bind <address>", "address to listen on", "127.0.0.1")
    .option("--max-age <seconds>", "Cache-Control max-age of found numbers", "300")
    .option("--max-connections <n>", "connections served at once", "1024")
    .option(
      "--behind-proxy",
      "serve on Deno.serve (faster, but no deadlines or connection bound: a proxy must do that)",
    )
    .option("--reuse-port", "share the port with other white pages processes (SO_REUSEPORT)")
    .option("--admin-port <port>", "also serve the registration API (a store only) on this port")
    .option("--admin-bind <address>", "address of the registration API", "127.0.0.1")
    .addHelpText(
      "after",
      "\nExamples:\n  phone whitepages --directory book.txt --port 8080 --bind ::\n" +
        "  phone whitepages --store book.db --port 8080\n" +
        "  phone whitepages --store 'postgres://wp@db.example/whitepages' --bind ::",
    )
    .action(async (o: {
      directory?: string;
      store?: string;
      context?: string;
      port: string;
      bind: string;
      maxAge: string;
      maxConnections: string;
      adminPort?: string;
      adminBind: string;
      reusePort?: boolean;
      behindProxy?: boolean;
    }) => {
      if (!o.directory === !o.store) {
        throw new UsageError("give either --directory FILE or --store DB");
      }
      if (o.adminPort !== undefined && !o.store) {
        throw new UsageError("--admin-port needs --store (a directory file cannot be changed)");
      }
      const adminPort = o.adminPort === undefined
        ? undefined
        : parsePort(o.adminPort, "--admin-port");
      const port = parsePort(o.port);
      const maxAge = parseSeconds(o.maxAge, "--max-age");
      const maxConnections = Number(o.maxConnections);
      if (!Number.isInteger(maxConnections) || maxConnections < 1) {
        throw new UsageError(
          `--max-connections must be a positive number, not "${o.maxConnections}"`,
        );
      }
      let reader: DirectoryReader;
      let summary: string;
      let store: DirectoryStore | undefined;
      if (o.directory) {
        let directory;
        try {
          directory = parseDirectory(await readDirectoryFile(o.directory), o.directory);
        } catch (e) {
          if (e instanceof DirectoryError) throw new UsageError(e.message);
          throw e;
        }
        reader = directory;
        summary = `${directory.numbers.size} numbers, ${directory.routes.length} prefixes`;
      } else {
        store = await openStoreForCli(o.store!, o.context);
        reader = store;
        summary = `${store.kind} store ${redact(o.store!)}`;
      }
      let server;
      try {
        const servers = await lazy.server();
        const serve = o.behindProxy ? servers.serveWhitePagesBehindProxy : servers.serveWhitePages;
        server = await serve(reader, {
          hostname: o.bind,
          port,
          maxAge,
          maxConnections,
          reusePort: o.reusePort,
        });
      } catch (e) {
        await store?.close();
        const why = (e as Error).message.includes("--unstable-net")
          ? "--reuse-port with --behind-proxy needs deno run --unstable-net"
          : (e as Error).message;
        throw new UsageError(`cannot listen on ${o.bind} port ${port}: ${why}`);
      }
      console.error(`white pages: ${summary}, on ${server.url}`);
      let admin: HardenedServer | undefined;
      if (adminPort !== undefined) {
        try {
          admin = await (await lazy.serveAdmin())(store!, {
            hostname: o.adminBind,
            port: adminPort,
          });
        } catch (e) {
          await server.close();
          await store?.close();
          throw new UsageError(
            `cannot listen on ${o.adminBind} port ${adminPort}: ${(e as Error).message}`,
          );
        }
        console.error(`white pages registration API on ${admin.url}`);
      }
      const stop = () => {
        server.close();
        admin?.close();
      };
      Deno.addSignalListener("SIGINT", stop);
      Deno.addSignalListener("SIGTERM", stop);
      await server.finished;
      Deno.removeSignalListener("SIGINT", stop);
      Deno.removeSignalListener("SIGTERM", stop);
      await store?.close();
    });
  registerDirectory(program);
}

function registerDirectory(program: Command): void {
  const dir = program
    .command("directory")
    .description("administer a white pages store: import, export, clients, audit trail");
  const withStore = async (
    o: { store: string; context?: string },
    f: (s: DirectoryStore) => Promise<void>,
  ) => {
    const store = await openStoreForCli(o.store, o.context);
    try {
      await f(store);
    } catch (e) {
      if (e instanceof StoreError || e instanceof DirectoryError) throw new UsageError(e.message);
      throw e;
    } finally {
      await store.close();
    }
  };
  dir.command("import")
    .description(
      "add a directory file's entries to a store (all or none); a new store takes its context",
    )
    .argument("<file>", "directory file")
    .requiredOption("-S, --store <db>", "SQLite file or postgres:// URL")
    .action(async (file: string, o: { store: string }) => {
      const text = await readDirectoryFile(file);
      let context;
      try {
        context = parseDirectory(text, file).context;
      } catch (e) {
        if (e instanceof DirectoryError) throw new UsageError(e.message);
        throw e;
      }
      const store = await (await lazy.openStore())(o.store, { context }).catch((e) => {
        throw new UsageError(`${redact(o.store)}: ${(e as Error).message.split("\n")[0]}`);
      });
      try {
        const applied = await importDirectory(store, text, file, `import:${file}`);
        console.error(`${file}: ${applied.length} entries imported`);
      } catch (e) {
        if (e instanceof DirectoryError || e instanceof StoreError) throw new UsageError(e.message);
        throw e;
      } finally {
        await store.close();
      }
    });
  dir.command("export")
    .description("write a store's entries as a directory file (to stdout)")
    .requiredOption("-S, --store <db>", "SQLite file or postgres:// URL")
    .action((o: { store: string }) =>
      withStore(o, async (s) => {
        await Deno.stdout.write(new TextEncoder().encode(await exportDirectory(s)));
      })
    );
  const client = dir.command("client").description("clients allowed to change the store");
  client.command("add")
    .description("add a client and print its token (shown only once; the store keeps its hash)")
    .argument("<name>", "who the client is; audit records name it")
    .requiredOption("-S, --store <db>", "SQLite file or postgres:// URL")
    .option("--operator", "may change every number and prefix template")
    .option(
      "-n, --number <number...>",
      "a number this user may change (as dialed; PREFIX* for a block)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  phone directory client add ops --operator -S book.db\n" +
        "  phone directory client add alice -n 03-5734-3299 -S book.db",
    )
    .action((name: string, o: { store: string; operator?: boolean; number?: string[] }) =>
      withStore(o, async (s) => {
        if (!o.operator && !o.number?.length) {
          throw new UsageError("give --operator, or the --number(s) the client may change");
        }
        const scope = (o.number ?? []).map((n) => {
          const block = n.endsWith("*");
          const key = canonicalKey(
            { kind: block ? "prefix" : "number", key: block ? n.slice(0, -1) : n, value: null },
            s.context,
          );
          return block ? key + "*" : key;
        });
        const token = newToken();
        await s.addClient(
          { name, role: o.operator ? "operator" : "user", scope },
          await hashToken(token),
        );
        console.log(token);
        console.error(`client ${name} added; give it the token above (it is not stored)`);
      })
    );
  client.command("list")
    .description("the clients, their roles and scopes")
    .requiredOption("-S, --store <db>", "SQLite file or postgres:// URL")
    .action((o: { store: string }) =>
      withStore(o, async (s) => {
        for (const c of await s.clients()) {
          console.log([c.name, c.role, c.scope.join(",") || "-"].join("\t"));
        }
      })
    );
  client.command("remove")
    .description("remove a client: its token stops working")
    .argument("<name>", "the client")
    .requiredOption("-S, --store <db>", "SQLite file or postgres:// URL")
    .action((name: string, o: { store: string }) =>
      withStore(o, async (s) => {
        if (!(await s.removeClient(name))) throw new UsageError(`no client named ${name}`);
      })
    );
  dir.command("audit")
    .description("the store's latest changes: when, who, what, old and new")
    .requiredOption("-S, --store <db>", "SQLite file or postgres:// URL")
    .option("-n, --limit <n>", "how many", "50")
    .action((o: { store: string; limit: string }) =>
      withStore(o, async (s) => {
        for (const r of await s.audit(Number(o.limit) || 50)) {
          console.log([r.at, r.who, r.kind, r.key, r.old ?? "-", r.new ?? "-"].join("\t"));
        }
      })
    );
}
