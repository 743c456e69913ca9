/**
 * `phone listen -a` as a child process for abuse tests: JSON events on stdout, line
 * commands on stdin, and its descriptor count and resident memory read from /proc.
 *
 * @example
 * ```ts
 * import { startListener } from "./listener_process.ts";
 * const phone = await startListener("127.0.0.1");
 * console.log(phone.port, phone.fds(), phone.rssKb());
 * await phone.stop();
 * ```
 * @module
 */
import { UdpSocket } from "../../runtime/net/udp_socket.ts";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

/** A running listener. */
export interface Listener {
  readonly port: number;
  readonly pid: number;
  /** Every JSON line it printed, parsed. */
  readonly events: Record<string, unknown>[];
  /** Bytes it wrote to stdout and stderr so far. */
  readonly output: { stdout: number; stderr: number };
  send(command: string): Promise<void>;
  /** Open descriptors of the process. */
  fds(): number;
  /** Resident memory of the process, KiB. */
  rssKb(): number;
  /** The `dropped` counters from a `stats` command. */
  dropped(): Promise<Record<string, number>>;
  stop(): Promise<number>;
}

function freePort(address: string): number {
  const s = UdpSocket.bind({ address, port: 0 });
  const port = s.localAddress.port;
  s.close();
  return port;
}

/** Starts `phone listen -a` on `address` (an ephemeral port) and waits until it listens. */
export async function startListener(address: string, extra: string[] = []): Promise<Listener> {
  const port = freePort(address);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "listen",
      "-a",
      "--bind",
      address,
      "--port",
      String(port),
      "--json",
      "--commands",
      "-s",
      "null",
      ...extra,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { DENO_NO_UPDATE_CHECK: "1" },
  }).spawn();
  const events: Record<string, unknown>[] = [];
  const output = { stdout: 0, stderr: 0 };
  const decoder = new TextDecoder();
  const reading = (async () => {
    let pending = "";
    for await (const chunk of child.stdout) {
      output.stdout += chunk.length;
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
    }
  })();
  const draining = (async () => {
    for await (const chunk of child.stderr) output.stderr += chunk.length;
  })();
  const writer = child.stdin.getWriter();
  const send = (command: string) => writer.write(new TextEncoder().encode(command + "\n"));
  const proc = (file: string) => Deno.readTextFileSync(`/proc/${child.pid}/${file}`);
  const listener: Listener = {
    port,
    pid: child.pid,
    events,
    output,
    send,
    fds: () => [...Deno.readDirSync(`/proc/${child.pid}/fd`)].length,
    rssKb: () => Number(/VmRSS:\s+(\d+)/.exec(proc("status"))?.[1] ?? NaN),
    async dropped() {
      const seen = events.length;
      await send("stats");
      const start = Date.now();
      while (Date.now() - start < 5000) {
        const e = events.slice(seen).find((e) =>
          e.type === "note" && /"dropped"/.test(String(e.text))
        );
        if (e) return JSON.parse(String(e.text)).dropped;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error("no stats answer");
    },
    async stop() {
      await send("quit").catch(() => {});
      await writer.close().catch(() => {});
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      const { code } = await child.status;
      clearTimeout(timer);
      await reading.catch(() => {});
      await draining.catch(() => {});
      return code;
    },
  };
  const start = Date.now();
  while (!events.some((e) => e.type === "signaling")) {
    if (Date.now() - start > 20_000) throw new Error("the listener did not start");
    await new Promise((r) => setTimeout(r, 20));
  }
  return listener;
}

/**
 * Waits for a `state` event (one of `states`, about the caller at `peerPort` if given)
 * printed after index `from`; its index.
 */
export async function waitForState(
  l: Listener,
  states: string[],
  from: number,
  ms = 5000,
  peerPort?: number,
): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    for (let i = from; i < l.events.length; i++) {
      const e = l.events[i];
      const peer = e.peer as { port?: number } | undefined;
      if (peerPort !== undefined && peer?.port !== peerPort) continue;
      if (e.type === "state" && states.includes(String(e.state))) return i;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`no ${states} state after event ${from}`);
}
