/**
 * A real FreeRADIUS (Debian's `freeradius` 3.x) for tests and benches: a generated
 * configuration in a temporary directory, on loopback ephemeral ports, with one client (the
 * gateway) and its secret, calling-card users (ID + PIN), trusted-address authorisation
 * (Service-Type = Call-Check with the caller's address as Calling-Station-Id), and accounting
 * written to a detail file. Every Access reply carries Message-Authenticator, as servers fixed
 * for Blast-RADIUS do. Not part of the product.
 *
 * @example
 * ```ts
 * import { startFreeRadius } from "./freeradius.ts";
 * await using server = await startFreeRadius({
 *   secret: "testing123",
 *   users: [{ id: "4711", pin: "1234" }],
 *   trusted: [{ pattern: "^127\\.", sessionTimeout: 300 }],
 * });
 * console.log(server.authPort, server.acctPort, await server.detailRecords());
 * ```
 * @module
 */

import { UdpSocket } from "../../runtime/net/udp_socket.ts";

/** A calling-card account. */
export interface CardUser {
  readonly id: string;
  readonly pin: string;
  /** Session-Timeout in the Accept, seconds (none if omitted). */
  readonly sessionTimeout?: number;
}

/** Callers accepted by source address. */
export interface TrustedSource {
  /** A POSIX extended regular expression the Calling-Station-Id must match. */
  readonly pattern: string;
  readonly sessionTimeout?: number;
}

/** What to generate. */
export interface FreeRadiusOptions {
  readonly secret: string;
  readonly users?: readonly CardUser[];
  readonly trusted?: readonly TrustedSource[];
  /** Address the server listens on and accepts its client from (default 127.0.0.1). */
  readonly address?: string;
  /** Fixed ports (default: ephemeral ones the kernel hands out). */
  readonly authPort?: number;
  readonly acctPort?: number;
  /** Run with `-X` and keep the log (slow; for debugging). */
  readonly debug?: boolean;
}

/** One record of the detail file: its time line and its attributes as text. */
export interface DetailRecord {
  readonly time: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A running server. */
export interface FreeRadius extends AsyncDisposable {
  readonly address: string;
  readonly authPort: number;
  readonly acctPort: number;
  readonly directory: string;
  /** The accounting records written so far. */
  detailRecords(): Promise<DetailRecord[]>;
  /** What the server printed (with `debug`, the whole trace). */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL) and removes the directory. */
  stop(): Promise<void>;
}

/** Starts FreeRADIUS; throws with its output if it does not come up. */
export async function startFreeRadius(options: FreeRadiusOptions): Promise<FreeRadius> {
  let lastError = "";
  for (let attempt = 0; attempt < 4; attempt++) {
    const [freeAuth, freeAcct] = await freeUdpPorts(options.address ?? "127.0.0.1", 2);
    const authPort = options.authPort ?? freeAuth;
    const acctPort = options.acctPort ?? freeAcct;
    try {
      return await launch(options, authPort, acctPort);
    } catch (e) {
      lastError = (e as Error).message;
      if (!/bind|in use/i.test(lastError)) break; // only a lost port race is worth retrying
    }
  }
  throw new Error(`FreeRADIUS did not start: ${lastError}`);
}

async function launch(
  options: FreeRadiusOptions,
  authPort: number,
  acctPort: number,
): Promise<FreeRadius> {
  const address = options.address ?? "127.0.0.1";
  const dir = await Deno.makeTempDir({ prefix: "sip-freeradius-" });
  for (const sub of ["log", "run", "acct"]) await Deno.mkdir(`${dir}/${sub}`);
  await Deno.writeTextFile(
    `${dir}/radiusd.conf`,
    radiusdConf(dir, address, options.secret, authPort, acctPort),
  );
  await Deno.writeTextFile(`${dir}/users`, usersFile(options));
  const args = ["-f", "-d", dir, ...(options.debug ? ["-X"] : ["-l", "stdout"])];
  const child = new Deno.Command("freeradius", {
    args,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const decoder = new TextDecoder();
  let ready!: () => void;
  const isReady = new Promise<void>((r) => ready = r);
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      if (output.includes("Ready to process requests")) ready();
      if (output.length > 4_000_000) output = output.slice(-1_000_000);
    }
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const exited = child.status;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([
    isReady.then(() => "ready" as const),
    exited.then(() => "exited" as const),
    new Promise<"timeout">((r) => timer = setTimeout(() => r("timeout"), 30_000)),
  ]);
  clearTimeout(timer);
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    const killer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, 3000);
    await exited;
    clearTimeout(killer);
    await pumps.catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  if (outcome !== "ready") {
    await stop();
    throw new Error(`${outcome}: ${output.slice(-3000)}`);
  }
  return {
    address,
    authPort,
    acctPort,
    directory: dir,
    detailRecords: async () => parseDetail(await readIfThere(`${dir}/acct/detail`)),
    log: () => output,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function radiusdConf(
  dir: string,
  address: string,
  secret: string,
  authPort: number,
  acctPort: number,
): string {
  return `# generated for a test
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = ${dir}/log
raddbdir = ${dir}
radacctdir = ${dir}/acct
name = freeradius
confdir = ${dir}
modconfdir = ${dir}
run_dir = ${dir}/run
db_dir = ${dir}
libdir = /usr/lib/freeradius
pidfile = ${dir}/run/radiusd.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no
log {
  destination = stdout
  auth = yes
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = yes
}
thread pool {
  start_servers = 2
  max_servers = 4
  min_spare_servers = 1
  max_spare_servers = 3
  max_requests_per_server = 0
}
client gateway {
  ipaddr = ${address}
  secret = ${JSON.stringify(secret)}
  require_message_authenticator = yes
}
modules {
  pap {
  }
  files {
    filename = ${dir}/users
  }
  detail {
    filename = ${dir}/acct/detail
    permissions = 0600
    header = "%t"
  }
}
server gateway {
  listen {
    type = auth
    ipaddr = ${address}
    port = ${authPort}
  }
  listen {
    type = acct
    ipaddr = ${address}
    port = ${acctPort}
  }
  authorize {
    files
    pap
  }
  authenticate {
    Auth-Type PAP {
      pap
    }
  }
  post-auth {
    update reply {
      &Message-Authenticator := 0x00
    }
    Post-Auth-Type REJECT {
      update reply {
        &Message-Authenticator := 0x00
      }
    }
  }
  preacct {
  }
  accounting {
    detail
  }
}
`;
}

function usersFile(options: FreeRadiusOptions): string {
  const lines: string[] = [];
  for (const t of options.trusted ?? []) {
    lines.push(
      `DEFAULT Service-Type == Call-Check, Calling-Station-Id =~ "${
        t.pattern.replaceAll('"', '\\"')
      }", ` +
        `Auth-Type := Accept`,
    );
    lines.push(t.sessionTimeout ? `\tSession-Timeout = ${t.sessionTimeout}` : "");
  }
  // Call-Check from anywhere else is refused outright.
  lines.push("DEFAULT Service-Type == Call-Check, Auth-Type := Reject", "");
  for (const u of options.users ?? []) {
    lines.push(`${JSON.stringify(u.id)} Cleartext-Password := ${JSON.stringify(u.pin)}`);
    lines.push(u.sessionTimeout ? `\tSession-Timeout = ${u.sessionTimeout}` : "");
  }
  return lines.join("\n") + "\n";
}

/** Parses FreeRADIUS detail records: a time line, then `\tName = value` lines, then a blank. */
export function parseDetail(text: string): DetailRecord[] {
  const records: DetailRecord[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split("\n").filter((l) => l.trim() !== "");
    if (lines.length === 0) continue;
    const attributes: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const m = /^\s+([\w-]+) = (.*)$/.exec(line);
      if (m) attributes[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
    }
    records.push({ time: lines[0], attributes });
  }
  return records;
}

/** Ports the kernel just gave out on `address` and took back (a tiny race; callers retry). */
export async function freeUdpPorts(address: string, count: number): Promise<number[]> {
  const sockets = Array.from({ length: count }, () => UdpSocket.bind({ address }));
  const ports = sockets.map((s) => s.localAddress.port);
  for (const s of sockets) s.close();
  await Promise.all(sockets.map((s) => s.closed));
  return ports;
}

async function readIfThere(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
}
