/**
 * A throwaway PostgreSQL cluster for tests and benches: `initdb` in a temp dir, a
 * server reachable only through a unix socket in that dir (no TCP port on the host),
 * stopped and removed by `stop()`. PostgreSQL refuses to run as root, so under root
 * the cluster is owned by and run as the `postgres` user.
 *
 * @example
 * ```ts
 * import { startPostgres } from "./postgres.ts";
 * const pg = await startPostgres();
 * console.log(pg.socketPath);
 * await pg.stop();
 * ```
 * @module
 */

/** A running throwaway cluster. */
export interface TestPostgres {
  /** The socket file, `DIR/.s.PGSQL.PORT`. */
  readonly socketPath: string;
  /** Database and user to connect as. */
  readonly database: string;
  readonly user: string;
  /** A `postgres://` URL naming the socket (`?host=DIR&port=PORT`). */
  readonly url: string;
  stop(): Promise<void>;
}

const decoder = new TextDecoder();

async function binDir(): Promise<string> {
  const versions: number[] = [];
  for await (const e of Deno.readDir("/usr/lib/postgresql")) {
    if (/^\d+$/.test(e.name)) versions.push(Number(e.name));
  }
  if (!versions.length) throw new Error("PostgreSQL is not installed (Debian: postgresql)");
  return `/usr/lib/postgresql/${Math.max(...versions)}/bin`;
}

async function run(argv: string[], asPostgres: boolean): Promise<void> {
  const [cmd, args] = asPostgres
    ? ["runuser", ["-u", "postgres", "--", ...argv]]
    : [argv[0], argv.slice(1)];
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(
      `${argv.join(" ")} failed: ${decoder.decode(out.stderr)}${decoder.decode(out.stdout)}`,
    );
  }
}

/** Starts a cluster; rejects with the tool's output when that fails. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = await binDir();
  const root = Deno.uid() === 0;
  const dir = await Deno.makeTempDir({ prefix: "phone-pg-" });
  if (root) {
    const id = decoder.decode(
      (await new Deno.Command("id", { args: ["-u", "postgres"], stdout: "piped" }).output()).stdout,
    ).trim();
    const gid = decoder.decode(
      (await new Deno.Command("id", { args: ["-g", "postgres"], stdout: "piped" }).output()).stdout,
    ).trim();
    await Deno.chown(dir, Number(id), Number(gid));
  }
  // The port only names the socket file: listen_addresses is empty, so no TCP.
  const port = 20000 + Math.floor(Math.random() * 40000);
  const data = `${dir}/data`;
  const user = "postgres";
  try {
    await run([
      `${bin}/initdb`,
      "-D",
      data,
      "-U",
      user,
      "--auth=trust",
      "-E",
      "UTF8",
      "--no-sync",
      "--no-instructions",
    ], root);
    await run([
      `${bin}/pg_ctl`,
      "-D",
      data,
      "-l",
      `${dir}/log`,
      "-w",
      "-t",
      "60",
      "-o",
      `-c listen_addresses= -k ${dir} -p ${port} -c fsync=off -c synchronous_commit=off ` +
      `-c full_page_writes=off -c max_connections=200`,
      "start",
    ], root);
  } catch (e) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw e;
  }
  let stopped = false;
  return {
    socketPath: `${dir}/.s.PGSQL.${port}`,
    database: "postgres",
    user,
    url: `postgres://${user}@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run([`${bin}/pg_ctl`, "-D", data, "-m", "immediate", "-w", "stop"], root)
        .catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
