/**
 * `deno task bench calls [--codec pcmu,g726-32,g723] [--calls 50,100,...] [--seconds S]
 * [--slots K] [--only both|c|deno]`: N concurrent calls between two processes over
 * loopback, every call sending and playing 50 packets/s each way, stepped up in N, side by
 * side with a minimal C loop (`native/calls_native.c`: recv + spandsp G.711 + speexdsp
 * jitter buffer + spandsp PLC per call) in the same run.
 *
 * Per N and implementation: CPU per call-second (per process, ms of CPU per second of one
 * call), its ratio to C, ticks started more than 20 ms late, loss, concealment, jitter-buffer
 * late packets, RSS growth per call, and how much of the time the main threads waited on the
 * run queue (other work on the machine); then the largest N held in real time (no late tick,
 * no loss) per core. The machine is shared, so absolute numbers are noisy: read the ratios.
 * @module
 */
import { buildNative } from "./native.ts";
import { printTable } from "./report.ts";
import { numberOption, parseBenchArgs, stringOption } from "./options.ts";
import type { PeerResult } from "./calls_peer.ts";

const root = new URL("../", import.meta.url);

interface Options {
  codecs: string[];
  calls: number[];
  seconds: number;
  slots: number;
  native: boolean;
  deno: boolean;
}

function parse(args: string[]): Options {
  const o = parseBenchArgs("calls", args, {
    codec: stringOption("pcmu,g726-32,g723"),
    calls: stringOption("50,100,200,400,700,1000,1500"),
    seconds: numberOption(8, 1, 600),
    slots: numberOption(8, 1, 100),
    only: stringOption("both", ["both", "c", "deno"]),
  });
  const calls = o.calls.split(",").map(Number);
  if (calls.some((n) => !(Number.isInteger(n) && n > 0 && n <= 20000))) {
    throw new Error(`--calls ${o.calls}: a comma-separated list of whole numbers 1..20000`);
  }
  return {
    codecs: o.codec.split(","),
    calls,
    seconds: o.seconds,
    slots: o.slots,
    native: o.only !== "deno",
    deno: o.only !== "c",
  };
}

/** A running side: its ports, and a way to send it lines. */
class Side {
  readonly #process: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reader: ReadableStreamDefaultReader<string>;
  #text = "";

  constructor(command: string, args: string[]) {
    this.#process = new Deno.Command(command, {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
      env: { DENO_NO_UPDATE_CHECK: "1" },
    }).spawn();
    this.#writer = this.#process.stdin.getWriter();
    this.#reader = this.#process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  }

  async line(): Promise<string> {
    while (!this.#text.includes("\n")) {
      const { value, done } = await this.#reader.read();
      if (done) throw new Error("a bench process ended early (see its error above)");
      this.#text += value;
    }
    const at = this.#text.indexOf("\n");
    const line = this.#text.slice(0, at);
    this.#text = this.#text.slice(at + 1);
    return line;
  }

  send(line: string): Promise<void> {
    return this.#writer.write(new TextEncoder().encode(line + "\n"));
  }

  async finish(): Promise<void> {
    await this.#writer.close().catch(() => {});
    this.#reader.releaseLock();
    await this.#process.stdout.cancel().catch(() => {});
    await this.#process.status;
  }
}

/** Runs one pair of processes with `calls` calls; returns both sides' reports. */
export async function runPair(command: string, args: string[]): Promise<[PeerResult, PeerResult]> {
  const a = new Side(command, args), b = new Side(command, args);
  try {
    const [pa, pb] = await Promise.all([a.line(), b.line()]);
    const ports = (line: string) => {
      if (!line.startsWith("PORTS ")) throw new Error(`unexpected "${line.slice(0, 60)}"`);
      return line.slice(6);
    };
    await Promise.all([a.send(`PEERS ${ports(pb)}`), b.send(`PEERS ${ports(pa)}`)]);
    await Promise.all([a.send("GO"), b.send("GO")]);
    for (const line of await Promise.all([a.line(), b.line()])) {
      if (line !== "STOPPED") throw new Error(`expected STOPPED, got "${line.slice(0, 60)}"`);
    }
    await new Promise((r) => setTimeout(r, 200)); // the last packets reach the sockets
    await Promise.all([a.send("REPORT"), b.send("REPORT")]);
    const [ra, rb] = await Promise.all([a.line(), b.line()]);
    return [JSON.parse(ra), JSON.parse(rb)];
  } finally {
    await Promise.all([a.finish(), b.finish()]);
  }
}

interface Row {
  codec: string;
  impl: string;
  calls: number;
  /** ms of CPU per call-second, averaged over both processes. */
  cpuPerCallSecond: number;
  /** Share of a core one process uses. */
  core: number;
  /** Share of the time the processes' main threads waited for a CPU. */
  waiting: number;
  lateTicks: number;
  ticks: number;
  loss: number;
  concealed: number;
  jitterLate: number;
  rssPerCallKb: number;
  held: boolean;
}

function summarize(codec: string, impl: string, [a, b]: [PeerResult, PeerResult]): Row {
  const n = a.calls;
  const cps = (r: PeerResult) => r.cpuMs / (n * (r.activeMs / 1000));
  // Loss over the whole run (a window's edges would count packets in flight as lost).
  const lost = Math.max(0, a.allSent - b.allReceived) + Math.max(0, b.allSent - a.allReceived);
  const playedOrConcealed = a.played + b.played + a.concealed + b.concealed;
  const row: Row = {
    codec,
    impl,
    calls: n,
    cpuPerCallSecond: (cps(a) + cps(b)) / 2,
    core: (a.cpuMs / a.activeMs + b.cpuMs / b.activeMs) / 2,
    waiting: (a.runQueueMs / a.activeMs + b.runQueueMs / b.activeMs) / 2,
    lateTicks: a.lateTicks + b.lateTicks,
    ticks: a.ticks + b.ticks,
    loss: lost / Math.max(1, a.allSent + b.allSent),
    concealed: (a.concealed + b.concealed) / Math.max(1, playedOrConcealed),
    jitterLate: ((a.jitterLate ?? 0) + (b.jitterLate ?? 0)) / Math.max(1, a.received + b.received),
    rssPerCallKb: ((a.rssKb - a.rssBeforeKb) + (b.rssKb - b.rssBeforeKb)) / 2 / n,
    held: false,
  };
  const skipped = (a.skipped ?? 0) + (b.skipped ?? 0);
  row.held = row.lateTicks === 0 && skipped === 0 && lost === 0 &&
    a.sendFailed + b.sendFailed === 0;
  return row;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

const HEADER = [
  "codec",
  "impl",
  "calls",
  "CPU ms/call-s",
  "vs C",
  "core/process",
  "waiting for CPU",
  "late ticks",
  "loss",
  "concealed",
  "JB late",
  "kB/call",
  "real time",
];

function toCells(r: Row, c: Row | undefined): string[] {
  return [
    r.codec,
    r.impl,
    String(r.calls),
    r.cpuPerCallSecond.toFixed(3),
    c ? (r.cpuPerCallSecond / c.cpuPerCallSecond).toFixed(2) + "x" : "-",
    r.core.toFixed(2),
    pct(r.waiting),
    `${r.lateTicks}/${r.ticks}`,
    pct(r.loss),
    pct(r.concealed),
    r.impl === "C" ? "-" : pct(r.jitterLate),
    r.rssPerCallKb.toFixed(1),
    r.held ? "yes" : "no",
  ];
}

/** Entry point. */
export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const native = o.native ? await buildNative("calls_native", ["spandsp", "speexdsp"]) : "";
  const deno = Deno.execPath();
  const peer = new URL("bench/calls_peer.ts", root).pathname;
  console.log(
    `calls between two processes over loopback, ${o.seconds} s per step, 20 ms ticks, ` +
      `${o.slots} engine slots; measured on a shared machine under load from other work: ` +
      `compare the ratios, not the absolute numbers`,
  );
  for (const codec of o.codecs) {
    const rows: Row[] = [];
    const heldMax: Record<string, number> = {};
    const broken: Record<string, boolean> = {};
    const table: string[][] = [];
    for (const n of o.calls) {
      const step: Row[] = [];
      if (o.native && codec === "pcmu" && !broken.C) {
        step.push(summarize("pcmu", "C", await runPair(native, [String(n), String(o.seconds)])));
      }
      if (o.deno && !broken.Deno) {
        const args = [
          "run",
          "-A",
          "--v8-flags=--expose-gc",
          peer,
          String(n),
          String(o.seconds),
          codec,
          String(o.slots),
        ];
        step.push(summarize(codec, "Deno", await runPair(deno, args)));
      }
      const c = step.find((r) => r.impl === "C");
      for (const r of step) {
        rows.push(r);
        if (r.held) heldMax[r.impl] = Math.max(heldMax[r.impl] ?? 0, n);
        // Two steps far past the breaking point (a tenth of the ticks late, or loss) tell nothing
        // more; on a loaded machine a few late ticks come from other work, so those go on.
        const far = (x: Row) => x.lateTicks > 0.1 * x.ticks || x.loss > 0.01;
        if (rows.filter((x) => x.impl === r.impl && far(x)).length >= 2) broken[r.impl] = true;
      }
      for (const r of step) {
        const cells = toCells(r, c);
        table.push(cells);
        console.error(HEADER.map((h, i) => `${h}=${cells[i]}`).join(" "));
      }
      if (Object.keys(broken).length === step.length && step.length > 0) break;
    }
    printTable(HEADER, table);
    for (const [impl, n] of Object.entries(heldMax)) {
      const core = rows.find((r) => r.impl === impl && r.calls === n)!.core;
      console.log(
        `${codec} ${impl}: held ${n} calls in real time at ${core.toFixed(2)} core per process ` +
          `(~${Math.round(n / Math.max(core, 0.01))} calls per core at that cost)`,
      );
    }
  }
}
