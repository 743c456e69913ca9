/**
 * Two network namespaces joined by a veth pair, for tests that need a real link (ICMP from
 * another host, addresses that are not loopback) without touching the machine's own network.
 *
 * Each pair gets unique namespace names (`sipt-<pid>-<n><random>-a` / `-b`: test files run
 * as workers of one process, each with its own counter); inside, both ends are
 * `veth0` with `10.99.0.1/24` + `fd00:99::1/64` (end a) and `10.99.0.2/24` + `fd00:99::2/64`
 * (end b), IPv6 added with `nodad` so it is usable at once, and `lo` up. Everything is removed
 * afterwards, also when the test fails; namespaces left by a killed test process (its pid is
 * gone) are removed on the next creation.
 *
 * Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2's `ip`. Without them,
 * {@link createNetnsPair} throws a clear error: tests fail, they are never skipped silently.
 *
 * @example
 * ```ts
 * import { withNetnsPair } from "./netns.ts";
 * await withNetnsPair(async (pair) => {
 *   const echo = pair.a.spawnDeno("harness/hosts/udp_echo.ts", ["10.99.0.1:7000"]);
 *   // ... reach 10.99.0.1:7000 from pair.b ...
 * }); // namespaces, veths and processes are gone here
 * ```
 * @module
 */

const PREFIX = "sipt-";
let counter = 0;

/** One end of the pair: a namespace with a `veth0` and its addresses. */
export interface NamespaceEnd {
  /** The namespace name, for `ip netns exec`. */
  readonly name: string;
  /** The veth interface inside the namespace. */
  readonly interfaceName: string;
  readonly ipv4: string;
  readonly ipv6: string;
  /** Runs a command in this namespace; the process is killed when the pair is removed. */
  spawn(command: string, args: string[], options?: SpawnOptions): Deno.ChildProcess;
  /** Runs `deno run -A <script> <args>` in this namespace (same deno binary as the test). */
  spawnDeno(script: string, args: string[], options?: SpawnOptions): Deno.ChildProcess;
  /** Runs a command to completion in this namespace and returns its output. */
  run(command: string, args: string[]): Promise<CommandResult>;
}

/** Two namespaces joined by a veth pair. */
export interface NetnsPair extends AsyncDisposable {
  readonly a: NamespaceEnd;
  readonly b: NamespaceEnd;
  /** Kills the processes started here and deletes both namespaces (idempotent). */
  remove(): Promise<void>;
}

/** Where the child's output goes; default both piped. */
export interface SpawnOptions {
  readonly stdout?: "piped" | "inherit" | "null";
  readonly stderr?: "piped" | "inherit" | "null";
}

/** What a finished command returned. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Throws unless the process can create namespaces: root, and `ip` on the path. The message
 * says what is missing and that CI runs as root.
 */
export async function requireNetnsSupport(): Promise<void> {
  if (Deno.uid() !== 0) {
    throw new Error(
      `network namespace tests need root (uid 0), this process runs as uid ${Deno.uid()}; ` +
        "run them as root (CI does) or with sudo",
    );
  }
  try {
    await ip(["-V"]);
  } catch (cause) {
    throw new Error(`network namespace tests need iproute2's "ip": ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Creates a fresh pair; on any failure, whatever was created is removed before throwing. */
export async function createNetnsPair(): Promise<NetnsPair> {
  await requireNetnsSupport();
  await removeStaleNamespaces();
  const tag = crypto.getRandomValues(new Uint8Array(2)).reduce(
    (t, b) => t + b.toString(16).padStart(2, "0"),
    "",
  );
  const base = `${PREFIX}${Deno.pid}-${counter++}${tag}`;
  const children: Deno.ChildProcess[] = [];
  const a = makeEnd(`${base}-a`, "10.99.0.1", "fd00:99::1", children);
  const b = makeEnd(`${base}-b`, "10.99.0.2", "fd00:99::2", children);
  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    await killAll(children);
    await deleteNamespace(a.name);
    await deleteNamespace(b.name);
  };
  try {
    await ip(["netns", "add", a.name]);
    await ip(["netns", "add", b.name]);
    await ip([
      "link",
      "add",
      "veth0",
      "netns",
      a.name,
      "type",
      "veth",
      "peer",
      "name",
      "veth0",
      "netns",
      b.name,
    ]);
    for (const end of [a, b]) {
      await ip(["-n", end.name, "link", "set", "lo", "up"]);
      await ip(["-n", end.name, "addr", "add", `${end.ipv4}/24`, "dev", "veth0"]);
      await ip(["-n", end.name, "-6", "addr", "add", `${end.ipv6}/64`, "dev", "veth0", "nodad"]);
      await ip(["-n", end.name, "link", "set", "veth0", "up"]);
    }
    await waitForLinkLocal([a.name, b.name]);
  } catch (err) {
    await remove();
    throw err;
  }
  return { a, b, remove, [Symbol.asyncDispose]: remove };
}

/**
 * Waits until IPv6 is up on both veths (a link-local address exists): a new veth takes
 * up to a second, and until then the first neighbour solicitation, and so the first IPv6
 * packet, is dropped.
 */
async function waitForLinkLocal(namespaces: string[], timeoutMs = 5000): Promise<void> {
  const start = performance.now();
  for (;;) {
    const shown = await Promise.all(
      namespaces.map((ns) => ip(["-n", ns, "-6", "addr", "show", "dev", "veth0", "scope", "link"])),
    );
    if (shown.every((text) => text.includes("fe80"))) return;
    if (performance.now() - start > timeoutMs) {
      throw new Error(`IPv6 not up on the veth pair after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `fn` with a fresh pair and always removes the pair afterwards. */
export async function withNetnsPair<T>(fn: (pair: NetnsPair) => Promise<T>): Promise<T> {
  const pair = await createNetnsPair();
  try {
    return await fn(pair);
  } finally {
    await pair.remove();
  }
}

/** Names of the namespaces this module created that still exist (any process). */
export async function listTestNamespaces(): Promise<string[]> {
  const out = await ip(["netns", "list"]);
  return out.split("\n").map((line) => line.split(" ")[0]).filter((n) => n.startsWith(PREFIX));
}

/** Deletes test namespaces whose creating process no longer exists. */
export async function removeStaleNamespaces(): Promise<string[]> {
  const stale = (await listTestNamespaces()).filter((name) => {
    const pid = Number(name.slice(PREFIX.length).split("-")[0]);
    return pid !== Deno.pid && !processExists(pid);
  });
  for (const name of stale) await deleteNamespace(name);
  return stale;
}

function makeEnd(
  name: string,
  ipv4: string,
  ipv6: string,
  children: Deno.ChildProcess[],
): NamespaceEnd {
  const spawn = (command: string, args: string[], options: SpawnOptions = {}) => {
    const child = new Deno.Command("ip", {
      args: ["netns", "exec", name, command, ...args],
      stdin: "null",
      stdout: options.stdout ?? "piped",
      stderr: options.stderr ?? "piped",
    }).spawn();
    children.push(child);
    return child;
  };
  return {
    name,
    interfaceName: "veth0",
    ipv4,
    ipv6,
    spawn,
    spawnDeno: (script, args, options) =>
      spawn(Deno.execPath(), ["run", "-A", "--no-prompt", script, ...args], options),
    run: async (command, args) => {
      const out = await new Deno.Command("ip", {
        args: ["netns", "exec", name, command, ...args],
        stdin: "null",
      }).output();
      const decode = (b: Uint8Array) => new TextDecoder().decode(b);
      return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
    },
  };
}

/**
 * Reads the first line a child writes to stdout (within `timeoutMs`), then releases the stream
 * so the rest can be discarded when the pair is removed.
 */
export async function readFirstLine(child: Deno.ChildProcess, timeoutMs = 10_000): Promise<string> {
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no line from the child within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    while (!text.includes("\n")) {
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`the child closed stdout after ${JSON.stringify(text)}`);
      text += decoder.decode(value, { stream: true });
    }
    return text.slice(0, text.indexOf("\n"));
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}

async function killAll(children: Deno.ChildProcess[]): Promise<void> {
  for (const child of children.splice(0)) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
    await child.status;
    // Piped output left unread keeps resources open; cancel it.
    await child.stdout?.cancel().catch(() => {});
    await child.stderr?.cancel().catch(() => {});
  }
}

async function deleteNamespace(name: string): Promise<void> {
  try {
    await ip(["netns", "del", name]);
  } catch {
    // never created, or already gone
  }
}

function processExists(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/** Runs `ip` with `args`; throws with its stderr when it fails. */
async function ip(args: string[]): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("ip", { args, stdin: "null" }).output();
  } catch (cause) {
    throw new Error(`cannot run "ip" (install iproute2): ${(cause as Error).message}`, { cause });
  }
  const text = new TextDecoder();
  if (out.code !== 0) {
    throw new Error(`ip ${args.join(" ")} failed (${out.code}): ${text.decode(out.stderr).trim()}`);
  }
  return text.decode(out.stdout);
}
