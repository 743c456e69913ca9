/**
 * `deno task bench whitepages [--numbers N] [--duration S] [--rounds N]
 * [--connections 16,64,128] [--stores sqlite,postgres]`: the white pages server under `wrk`, per store, beside a
 * bare `Deno.serve` returning a constant (and a bare `node:http` one, the engine the
 * hardened server runs on) in the same run. Requests are random registered numbers
 * (3 in 4) and numbers that only a prefix template answers (1 in 4).
 *
 * The directory is bulk-loaded with SQL (the registration path is measured by the
 * tests, not here); PostgreSQL is a throwaway cluster on a unix socket, measured with
 * one server process and with two sharing the port (SO_REUSEPORT).
 * @module
 */
import { startPostgres, type TestPostgres } from "../harness/services/postgres.ts";
import { numberOption, parseBenchArgs, stringOption } from "./options.ts";
import { openSqliteStore } from "../runtime/whitepages/sqlite_store.ts";
import { openPostgresStore } from "../runtime/whitepages/postgres_store.ts";

const TOKYO = { country: "81", area: "3", trunkPrefix: "0", internationalPrefix: "010" };
const MAIN = new URL("../cli/main.ts", import.meta.url).pathname;
const decoder = new TextDecoder();

interface Options {
  numbers: number;
  duration: number;
  rounds: number;
  connections: number[];
  stores: string[];
}

function parseOptions(args: string[]): Options {
  const o = parseBenchArgs("whitepages", args, {
    numbers: numberOption(100_000, 1, 1e8),
    duration: numberOption(3, 1, 600),
    rounds: numberOption(3, 1, 100),
    connections: stringOption("16,64,128"),
    stores: stringOption("sqlite,postgres"),
  });
  const connections = o.connections.split(",").map(Number);
  if (connections.some((c) => !Number.isInteger(c) || c < 1 || c > 10000)) {
    throw new Error(`--connections: a list of 1 to 10000, not "${o.connections}"`);
  }
  const stores = o.stores.split(",");
  const unknown = stores.find((x) => x !== "sqlite" && x !== "postgres");
  if (unknown) throw new Error(`--stores: sqlite and/or postgres, not "${unknown}"`);
  return { ...o, connections, stores };
}

const number = (i: number) => `813${String(i).padStart(8, "0")}`;

async function loadSqlite(path: string, n: number): Promise<number> {
  const t0 = performance.now();
  const store = await openSqliteStore(path, { context: TOKYO });
  store.db.exec("BEGIN");
  const put = store.db.prepare("INSERT INTO numbers VALUES (?, ?, '2026-01-01')");
  for (let i = 0; i < n; i++) put.run(number(i), `iphone://h${i}.example/0`);
  store.db.prepare("INSERT INTO prefixes VALUES ('816', ?, '2026-01-01')")
    .run("iphone://gw-osaka.example/m=rtp:10000:0&a=dtmf:{digits}");
  store.db.exec("COMMIT");
  await store.close();
  return performance.now() - t0;
}

async function loadPostgres(url: string, n: number): Promise<number> {
  const t0 = performance.now();
  const store = await openPostgresStore(url, { context: TOKYO });
  await store.sql`INSERT INTO numbers
    SELECT '813' || lpad(i::text, 8, '0'), 'iphone://h' || i || '.example/0', now()
    FROM generate_series(0, ${n - 1}) AS i`;
  await store.sql`INSERT INTO prefixes VALUES ('816',
    'iphone://gw-osaka.example/m=rtp:10000:0&a=dtmf:{digits}', now())`;
  await store.sql`ANALYZE numbers`;
  await store.close();
  return performance.now() - t0;
}

function luaScript(n: number): string {
  return `
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  local path
  if math.random(4) == 1 then
    path = string.format("/?010816%08d", math.random(0, 99999999))
  else
    path = string.format("/?010813%08d", math.random(0, ${n - 1}))
  end
  return wrk.format("GET", path)
end
`;
}

const BARE_DENO = `
const s = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} },
  () => new Response("iphone://h1.example/0\\r\\n", { headers: { "content-type": "application/x-iphone-url" } }));
console.error("bare on http://127.0.0.1:" + s.addr.port + "/");
`;
const BARE_NODE = `
import http from "node:http";
const s = http.createServer((_q, r) => { r.writeHead(200, { "content-type": "application/x-iphone-url" }); r.end("iphone://h1.example/0\\r\\n"); });
s.listen(0, "127.0.0.1", () => console.error("bare on http://127.0.0.1:" + s.address().port + "/"));
`;

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function spawn(args: string[]): Promise<Server> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env: { DENO_NO_UPDATE_CHECK: "1", PHONE_CONFIG: "/nonexistent" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  const reader = child.stderr.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`server exited: ${text}`);
    text += decoder.decode(value);
    const m = /on (http:\/\/\S+)/.exec(text);
    if (m) {
      // Keep draining stderr so that the child never blocks on it.
      (async () => {
        while (!(await reader.read().catch(() => ({ done: true }))).done) { /* drain */ }
      })();
      return {
        url: m[1],
        async stop() {
          child.kill("SIGTERM");
          await child.status;
        },
      };
    }
  }
}

async function spawnGroup(args: string[], count: number): Promise<Server> {
  const first = await spawn([...args, "-p", "0", "--reuse-port"]);
  const port = new URL(first.url).port;
  const rest: Server[] = [];
  for (let i = 1; i < count; i++) rest.push(await spawn([...args, "-p", port, "--reuse-port"]));
  return {
    url: first.url,
    async stop() {
      for (const s of [first, ...rest]) await s.stop();
    },
  };
}

interface Result {
  rps: number;
  p99ms: number;
  errors: number;
}

function ms(value: string, unit: string): number {
  const v = Number(value);
  return unit === "us" ? v / 1000 : unit === "s" ? v * 1000 : unit === "m" ? v * 60000 : v;
}

async function wrk(url: string, connections: number, seconds: number, script: string) {
  const out = await new Deno.Command("wrk", {
    args: [
      "-t2",
      `-c${connections}`,
      `-d${seconds}s`,
      "--latency",
      "-s",
      script,
      url,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = decoder.decode(out.stdout);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const p99 = /99%\s+([\d.]+)(us|ms|s|m)/.exec(text);
  if (!rps || !p99) throw new Error(`wrk: ${text}${decoder.decode(out.stderr)}`);
  const errs = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const errors = Number(errs?.[1] ?? 0) +
    (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps: Number(rps[1]), p99ms: ms(p99[1], p99[2]), errors } satisfies Result;
}

function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
}

/** Runs the benchmark and prints the table. */
export async function run(args: string[]): Promise<void> {
  const o = parseOptions(args);
  const dir = await Deno.makeTempDir({ prefix: "phone-bench-wp-" });
  let pg: TestPostgres | undefined;
  const running: Server[] = [];
  try {
    const script = `${dir}/mix.lua`;
    await Deno.writeTextFile(script, luaScript(o.numbers));
    await Deno.writeTextFile(`${dir}/bare_deno.ts`, BARE_DENO);
    await Deno.writeTextFile(`${dir}/bare_node.ts`, BARE_NODE);
    const servers: [string, () => Promise<Server>][] = [
      ["bare Deno.serve (constant)", () => spawn(["run", "-A", `${dir}/bare_deno.ts`])],
      ["bare node:http (constant)", () => spawn(["run", "-A", `${dir}/bare_node.ts`])],
    ];
    // --unstable-net: Deno.serve (--behind-proxy) needs it for SO_REUSEPORT.
    const wp = ["run", "-A", "--unstable-net", MAIN, "whitepages", "--max-connections", "4096"];
    if (o.stores.includes("sqlite")) {
      const db = `${dir}/book.db`;
      const t = await loadSqlite(db, o.numbers);
      console.log(`SQLite: ${o.numbers} numbers loaded in ${(t / 1000).toFixed(1)} s`);
      servers.push(["white pages, SQLite", () => spawn([...wp, "-S", db, "-p", "0"])]);
      servers.push([
        "white pages, SQLite, --behind-proxy",
        () => spawn([...wp, "-S", db, "-p", "0", "--behind-proxy"]),
      ]);
    }
    if (o.stores.includes("postgres")) {
      pg = await startPostgres();
      const t = await loadPostgres(pg.url, o.numbers);
      console.log(`PostgreSQL: ${o.numbers} numbers loaded in ${(t / 1000).toFixed(1)} s`);
      const url = pg.url;
      for (const proxy of [[], ["--behind-proxy"]]) {
        const tag = proxy.length ? ", --behind-proxy" : "";
        servers.push([
          `white pages, PostgreSQL, 1 process${tag}`,
          () => spawn([...wp, "-S", url, "-p", "0", ...proxy]),
        ]);
        servers.push([
          `white pages, PostgreSQL, 2 processes${tag}`,
          () => spawnGroup([...wp, "-S", url, ...proxy], 2),
        ]);
      }
    }
    // All servers run at once and are measured in turn, round after round: the load
    // from other work on the machine changes by the second, so each ratio compares
    // cells of the same round, and the table gives medians over the rounds.
    const urls: string[] = [];
    for (const [, start] of servers) {
      const s = await start();
      running.push(s);
      urls.push(s.url);
      await wrk(s.url, 16, 1, script); // warm-up
    }
    const cells = new Map<
      string,
      { rps: number[]; p99: number[]; ratio: number[]; errors: number }
    >();
    for (const c of o.connections) {
      for (let round = 0; round < o.rounds; round++) {
        const rps: number[] = [];
        for (let i = 0; i < servers.length; i++) {
          const r = await wrk(urls[i], c, o.duration, script);
          rps.push(r.rps);
          const key = `${servers[i][0]}|${c}`;
          const cell = cells.get(key) ?? { rps: [], p99: [], ratio: [], errors: 0 };
          cell.rps.push(r.rps);
          cell.p99.push(r.p99ms);
          cell.errors += r.errors;
          cells.set(key, cell);
        }
        for (let i = 0; i < servers.length; i++) {
          const cell = cells.get(`${servers[i][0]}|${c}`)!;
          cell.ratio.push(rps[i] / rps[0]);
          const one = servers.findIndex(([n]) =>
            n === servers[i][0].replace("2 processes", "1 process")
          );
          if (servers[i][0].includes("2 processes")) {
            const two = cells.get(`${servers[i][0]}|${c}|x1`) ??
              { rps: [], p99: [], ratio: [], errors: 0 };
            two.ratio.push(rps[i] / rps[one]);
            cells.set(`${servers[i][0]}|${c}|x1`, two);
          }
        }
        console.log(`  ${c} connections, round ${round + 1}: ${rps.map(Math.round).join(" ")}`);
      }
    }
    console.log(
      `\nwhite pages, ${o.numbers} numbers, wrk -t2 ${o.duration} s per cell, ${o.rounds} rounds, ` +
        `3/4 registered numbers, 1/4 prefix hits; medians over rounds; ratios within a round ` +
        `(measured under load from other work on this machine)\n`,
    );
    console.log("| server | connections | req/s | x bare Deno.serve | p99 ms | errors |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const c of o.connections) {
      for (const [name] of servers) {
        const cell = cells.get(`${name}|${c}`)!;
        let ratio = median(cell.ratio).toFixed(2);
        const two = cells.get(`${name}|${c}|x1`);
        if (two) ratio += ` (x${median(two.ratio).toFixed(2)} one process)`;
        console.log(
          `| ${name} | ${c} | ${Math.round(median(cell.rps))} | ${ratio} | ${
            median(cell.p99).toFixed(2)
          } | ${cell.errors} |`,
        );
      }
    }
  } finally {
    for (const s of running) await s.stop();
    await pg?.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
