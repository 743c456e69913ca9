/**
 * A Deno script running inside a network namespace, spoken to through stdin lines and
 * heard through JSON lines on stdout: what the end-to-end tests use to drive phones and
 * relays on two hosts. {@link Hosts} keeps every process of a test so that all of them are
 * killed, and the namespaces removed, however the test ends.
 *
 * @example
 * ```ts
 * import { withHosts } from "./namespace_process.ts";
 * await withHosts(async (hosts) => {
 *   const phone = hosts.spawn(hosts.pair.b, "phone_process.ts", ["--port", "10000"]);
 *   await phone.waitFor((r) => r.type === "ready");
 *   phone.send("stats");
 *   const stats = await phone.waitFor((r) => r.type === "stats");
 * }); // processes killed, namespaces gone
 * ```
 * @module
 */
import { createNetnsPair, type NamespaceEnd, type NetnsPair } from "../hosts/netns.ts";

/** One JSON line a process printed (`type` and `at` by convention). */
export type Report = Record<string, unknown> & { readonly type: string; readonly at?: number };

interface Waiter {
  readonly match: (r: Report) => boolean;
  readonly resolve: (r: Report) => void;
}

/** A child process in a namespace, with its output parsed as it arrives. */
export class NamespaceProcess {
  /** Every JSON line so far, in order. */
  readonly reports: Report[] = [];
  /** Lines that were not JSON, and stderr: for failure messages. */
  readonly noise: string[] = [];
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #waiters = new Set<Waiter>();
  readonly #reading: Promise<void>;
  #exited = false;

  constructor(readonly name: string, end: NamespaceEnd, script: string, args: string[]) {
    // `ip netns exec` execs the command itself, so the child's pid is the script's.
    this.#child = new Deno.Command("ip", {
      args: [
        "netns",
        "exec",
        end.name,
        Deno.execPath(),
        "run",
        "-A",
        "--no-prompt",
        script,
        ...args,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#reading = Promise.all([
      this.#readLines(this.#child.stdout, (line) => this.#onLine(line)),
      this.#readLines(this.#child.stderr, (line) => this.noise.push(line)),
    ]).then(() => {});
    this.#child.status.then(() => this.#exited = true);
  }

  /** The process id (of the script itself). */
  get pid(): number {
    return this.#child.pid;
  }

  /** Resolves with the exit status. */
  get status(): Promise<Deno.CommandStatus> {
    return this.#child.status;
  }

  /** Sends one command line; ignored once the process has gone. */
  async send(command: string): Promise<void> {
    if (this.#exited) return;
    await this.#writer.write(new TextEncoder().encode(command + "\n")).catch(() => {});
  }

  /**
   * The first report (already received or still to come) that `match` accepts; rejects
   * after `timeoutMs` with the reports so far in the message.
   */
  waitFor(
    match: (r: Report) => boolean,
    timeoutMs = 5000,
    what = "report",
    fromIndex = 0,
  ): Promise<Report> {
    const found = this.reports.slice(fromIndex).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms; got\n${this.#log()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /** Sends `command` and waits for the next report of type `type` (e.g. `stats`). */
  async ask(command: string, type: string, timeoutMs = 5000): Promise<Report> {
    const from = this.reports.length;
    await this.send(command);
    return await this.waitFor((r) => r.type === type, timeoutMs, `"${type}"`, from);
  }

  /** The first `state` report with this state. */
  waitForState(state: string, timeoutMs = 5000): Promise<Report> {
    return this.waitFor((r) => r.type === "state" && r.state === state, timeoutMs, `"${state}"`);
  }

  /** The states reported so far, in order. */
  get states(): string[] {
    return this.reports.filter((r) => r.type === "state").map((r) => String(r.state));
  }

  /** Sends a signal (e.g. SIGKILL to make a host vanish, SIGSTOP to freeze it). */
  kill(signal: Deno.Signal): void {
    if (this.#exited) return;
    try {
      this.#child.kill(signal);
    } catch {
      // it exited in the meantime
    }
  }

  /** Asks the process to exit, then kills it if it has not within `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    await this.send("exit");
    await this.#writer.close().catch(() => {});
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    await this.#child.status;
    clearTimeout(timer);
    await this.#reading;
  }

  /** Kills the process at once and waits until its output is read. */
  async destroy(): Promise<void> {
    this.kill("SIGKILL");
    await this.#writer.close().catch(() => {});
    await this.#child.status;
    await this.#reading;
  }

  #log(): string {
    return [...this.reports.map((r) => JSON.stringify(r)), ...this.noise].join("\n");
  }

  #onLine(line: string): void {
    let report: Report;
    try {
      report = JSON.parse(line);
    } catch {
      this.noise.push(line);
      return;
    }
    this.reports.push(report);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(report)) {
        this.#waiters.delete(waiter);
        waiter.resolve(report);
      }
    }
  }

  async #readLines(stream: ReadableStream<Uint8Array>, onLine: (l: string) => void) {
    let rest = "";
    const decoder = new TextDecoder();
    for await (const bytes of stream) {
      rest += decoder.decode(bytes, { stream: true });
      let newline;
      while ((newline = rest.indexOf("\n")) >= 0) {
        onLine(rest.slice(0, newline));
        rest = rest.slice(newline + 1);
      }
    }
    if (rest) onLine(rest);
  }
}

/** Two namespaces and the processes a test started in them. */
export class Hosts {
  readonly #processes: NamespaceProcess[] = [];
  constructor(readonly pair: NetnsPair, readonly dir: string) {}

  /** Starts `script` (a file beside this module, or a path) in namespace `end`. */
  spawn(end: NamespaceEnd, script: string, args: string[], name = script): NamespaceProcess {
    const path = script.includes("/") ? script : new URL(script, import.meta.url).pathname;
    const process = new NamespaceProcess(name, end, path, args);
    this.#processes.push(process);
    return process;
  }

  /** Kills every process still running, then removes the namespaces. */
  async remove(): Promise<void> {
    await Promise.all(this.#processes.map((p) => p.destroy()));
    await this.pair.remove();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}

/** Runs `fn` with a fresh namespace pair and a temporary folder; always cleans up. */
export async function withHosts<T>(fn: (hosts: Hosts) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "phone-e2e-" });
  let pair: NetnsPair;
  try {
    pair = await createNetnsPair();
  } catch (e) {
    await Deno.remove(dir, { recursive: true });
    throw e;
  }
  const hosts = new Hosts(pair, dir);
  try {
    return await fn(hosts);
  } finally {
    await hosts.remove();
  }
}
