/**
 * Call set-up time against packet loss: NOTASIP (two real phones) versus SIP (SIPp as UAC,
 * its built-in `uac` scenario, and as UAS, `sip/uas_answer.xml`: 200 OK at once, see that
 * file for why not the built-in `uas`), both over real UDP sockets on loopback through the
 * userspace impairment relay with Bernoulli loss in both directions. Seeds: at loss L the
 * SIP relay (one for all calls: SIPp sends every call from one socket) is seeded
 * 1000·(seed + L), NOTASIP call i goes through a relay of its own seeded 1000·(seed + L) + i
 * (a relay keeps each caller's ports open until closed, and one process can watch only
 * about 32 sockets at once with runtime/net's thread readiness).
 *
 * What is measured, per call:
 * - NOTASIP: from the caller's first packet sent until both ends are established: the
 *   caller has locked onto the callee's reply port (`established`, phone state `connected`)
 *   and the auto-answering callee has had a packet on the call's own port (`talking`,
 *   reason `established`). The phones' clock and the send times are the same process clock.
 * - SIP: from the UAC's first INVITE sent until the UAS receives the first ACK (then both
 *   know the call is up), from SIPp's message traces (`-trace_msg`, microsecond local time).
 *   SIPp retransmits INVITE from T1 = 500 ms doubling, the UAS its 200 OK from 500 ms
 *   doubling up to T2 = 4 s, and the UAC answers each 200 with an ACK.
 * - packets sent by both ends until set-up, and packets delivered to them.
 * A call not set up within the deadline (default 32 s = SIP's Timer B, 64 x T1) fails.
 *
 * Run: `deno task bench setup [--calls 30] [--loss 0,10,20,30,40,50] [--deadline-s 32]
 * [--seed 1] [--only notasip|sip]`. Needs `sipp` (Debian: `apt-get install sip-tester`).
 * @module
 */
import { numberOption, parseBenchArgs, stringOption } from "./options.ts";
import { findCodec } from "../runtime/codecs/mod.ts";
import { openNullLine } from "../runtime/audio/null_line.ts";
import { UdpSocket } from "../runtime/net/mod.ts";
import { ImpairmentRelay, type LossModel } from "../harness/netsim/mod.ts";
import type { Endpoint } from "../runtime/notasip/endpoint.ts";
import type { Transport, TransportFactory } from "../runtime/notasip/transport.ts";
import { Phone, type PhoneEvent } from "../runtime/phone/phone.ts";
import { UdpTransports } from "../runtime/phone/udp_transport.ts";
import { median, percentile, printTable } from "./report.ts";
import { parseSippTrace, sipSetups } from "./sip/sipp_trace.ts";

/** One call's set-up: `ms` undefined when it failed within the deadline. */
export interface Setup {
  readonly ms?: number;
  /** Until the caller alone knew the call was up (NOTASIP lock-on, SIP 200 OK at the UAC). */
  readonly callerMs?: number;
  readonly sent: number;
  readonly delivered: number;
}

interface Options {
  calls: number;
  losses: number[];
  deadlineMs: number;
  seed: number;
  only?: "notasip" | "sip";
}

function parseOptions(args: string[]): Options {
  const v = parseBenchArgs("setup", args, {
    calls: numberOption(30, 1, 1000),
    "deadline-s": numberOption(32, 1, 600, false),
    seed: numberOption(1, 0, 2 ** 31),
    loss: stringOption("0,10,20,30,40,50"),
    only: stringOption("", ["", "notasip", "sip"]),
  });
  const losses = v.loss.split(",").map((l) => Number(l));
  if (losses.some((l) => !(l >= 0 && l < 100))) throw new Error(`--loss: 0..99 %, "${v.loss}"`);
  return {
    calls: v.calls,
    losses,
    deadlineMs: v["deadline-s"] * 1000,
    seed: v.seed,
    only: v.only === "" ? undefined : v.only as "notasip" | "sip",
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nobody uses right now on 127.0.0.1. */
function freePort(): number {
  const socket = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  const port = socket.localAddress.port;
  socket.close();
  return port;
}

function relayFor(loss: number, seed: number, target: Endpoint, sessions: number) {
  const profile = { loss: { kind: "bernoulli", probability: loss / 100 } as LossModel };
  return ImpairmentRelay.start({
    listen: { address: "127.0.0.1" },
    target,
    toTarget: profile,
    toClient: profile,
    seed,
    maxSessions: sessions,
  });
}

/** Sockets that note when each packet was sent and received (performance.now()). */
class TimedTransports implements TransportFactory {
  readonly sent: number[] = [];
  readonly received: number[] = [];
  readonly #inner = new UdpTransports();

  bind(local: Endpoint): Transport {
    const t = this.#inner.bind(local);
    return {
      local: t.local,
      connect: (peer) => t.connect(peer),
      send: (bytes, to) => {
        this.sent.push(performance.now());
        t.send(bytes, to);
      },
      close: () => t.close(),
      onPacket: (handler) =>
        t.onPacket((d) => {
          this.received.push(performance.now());
          handler(d);
        }),
      onIcmp: (handler) => t.onIcmp(handler),
    };
  }

  /** Packets sent and received in [from, to]. */
  between(from: number, to: number): { sent: number; delivered: number } {
    const count = (list: number[]) => list.filter((t) => t >= from && t <= to).length;
    return { sent: count(this.sent), delivered: count(this.received) };
  }
}

async function phoneOn(net: TimedTransports, listenPort?: number): Promise<Phone> {
  return await Phone.create({
    line: openNullLine({ kind: "null", frameMs: 10 }),
    transports: net,
    codecs: [findCodec("pcmu")],
    listen: { address: "127.0.0.1", port: listenPort ?? 10000 },
    autoAnswer: true,
    // Every call comes from the same address, back to back: the per-source limit (5 new
    // calls a second) would time the limiter, not the set-up.
    newCallsPerSourcePerSecond: 1000,
    newCallsPerSecond: 1000,
  });
}

/** When each side last became established, on the phones' clock. */
function watchEstablished(caller: Phone, callee: Phone) {
  const up: { caller?: number; callee?: number } = {};
  const on = (side: "caller" | "callee") => (e: PhoneEvent) => {
    if (e.type !== "signaling" || e.event.type !== "transition") return;
    const t = e.event;
    if (t.machine === side && t.to === (side === "caller" ? "established" : "talking")) {
      if (side === "caller" || t.reason === "established") up[side] = t.at;
    }
  };
  caller.onEvent(on("caller"));
  callee.onEvent(on("callee"));
  return up;
}

/**
 * `calls` NOTASIP calls one after another, each through its own relay (seed `1000·seed + i`)
 * losing `loss` % each way.
 */
export async function notasipSetups(
  loss: number,
  seed: number,
  calls: number,
  deadlineMs: number,
): Promise<Setup[]> {
  const calleeNet = new TimedTransports(), callerNet = new TimedTransports();
  const port = freePort();
  const callee = await phoneOn(calleeNet, port), caller = await phoneOn(callerNet);
  const up = watchEstablished(caller, callee);
  await callee.listen();
  const running = [callee.run(), caller.run()];
  const out: Setup[] = [];
  try {
    for (let i = 0; i < calls; i++) {
      delete up.caller;
      delete up.callee;
      // A relay per call: its sessions and ports live until it is closed.
      await using relay = relayFor(loss, seed * 1000 + i, { address: "127.0.0.1", port }, 2);
      const dialed = performance.now();
      await caller.call(`iphone://127.0.0.1:${relay.address.port}/0`);
      while (!(up.caller && up.callee) && performance.now() - dialed < deadlineMs) await sleep(1);
      const first = callerNet.sent.find((t) => t >= dialed) ?? dialed;
      const done = up.caller && up.callee ? Math.max(up.caller, up.callee) : undefined;
      const counts = callerNet.between(first, done ?? Infinity);
      const theirs = calleeNet.between(first, done ?? Infinity);
      out.push({
        ms: done === undefined ? undefined : done - first,
        callerMs: up.caller === undefined ? undefined : up.caller - first,
        sent: counts.sent + theirs.sent,
        delivered: counts.delivered + theirs.delivered,
      });
      // Hanging up within a millisecond of set-up makes the callee re-bind its well-known
      // port while the suspended socket is still held by its poll thread (EADDRINUSE):
      // talk a little first.
      await sleep(50);
      callee.hangUp();
      caller.hangUp();
      await sleep(40); // let the hang-up settle before the next call
      if (callee.callee.listener !== "open") {
        throw new Error(`the callee stopped listening (${callee.callee.listener}) after call ${i}`);
      }
    }
  } finally {
    await Promise.all([caller.close(), callee.close()]);
    await Promise.all(running);
  }
  return out;
}

function sipp(args: string[]): Deno.ChildProcess {
  try {
    return new Deno.Command("sipp", { args, stdin: "null", stdout: "null", stderr: "piped" })
      .spawn();
  } catch (e) {
    throw new Error(
      `cannot run sipp (Debian: apt-get install -y sip-tester): ${(e as Error).message}`,
    );
  }
}

async function stopProcess(child: Deno.ChildProcess): Promise<string> {
  try {
    child.kill("SIGKILL");
  } catch {
    // already gone
  }
  const out = await child.output().catch(() => undefined);
  const text = out ? new TextDecoder().decode(out.stderr) : "";
  return text.split("\n").filter((l) => l.trim() && !l.startsWith("Resolving remote host"))
    .join("\n");
}

async function readTrace(path: string) {
  try {
    return parseSippTrace(await Deno.readTextFile(path));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
}

/**
 * `calls` SIP calls (SIPp uac to UAS, 20 new calls a second) through one relay (seed
 * `1000·seed`; SIPp sends every call from one socket) losing `loss` % each way.
 */
export async function sipSetupsThroughRelay(
  loss: number,
  seed: number,
  calls: number,
  deadlineMs: number,
): Promise<Setup[]> {
  const dir = await Deno.makeTempDir({ prefix: "bench-setup-sip-" });
  const uasPort = freePort(), uacPort = freePort();
  const relay = relayFor(loss, seed * 1000, { address: "127.0.0.1", port: uasPort }, 4);
  const [uacLog, uasLog] = [`${dir}/uac.log`, `${dir}/uas.log`];
  // RFC 3261 within Timer B: INVITE 7 times (T1 doubling); 200 OK up to 11 times (T2 cap).
  const retrans = ["-max_invite_retrans", "6", "-max_non_invite_retrans", "10", "-T2", "4000"];
  const common = ["-i", "127.0.0.1", "-nostdin", "-trace_msg", ...retrans];
  const scenario = new URL("./sip/uas_answer.xml", import.meta.url).pathname;
  const uas = sipp(["-sf", scenario, "-p", String(uasPort), "-message_file", uasLog, ...common]);
  let uac: Deno.ChildProcess | undefined;
  try {
    await sleep(300); // let the UAS bind
    const pause = String(deadlineMs + 1000); // the UAC keeps re-ACKing 200s meanwhile
    uac = sipp([
      "-sn",
      "uac",
      `127.0.0.1:${relay.address.port}`,
      "-p",
      String(uacPort),
      "-m",
      String(calls),
      "-r",
      "20",
      "-d",
      pause,
      "-message_file",
      uacLog,
      ...common,
    ]);
    const started = Date.now();
    for (;;) {
      await sleep(250);
      const setups = sipSetups(await readTrace(uacLog), await readTrace(uasLog));
      const lastInvite = Math.max(...setups.map((s) => s.inviteAt));
      const allUp = setups.length === calls && setups.every((s) => s.ackAt !== undefined);
      const overdue = setups.length === calls && Date.now() > lastInvite + deadlineMs;
      if (allUp || overdue) break;
      if (Date.now() - started > deadlineMs + 30_000) {
        throw new Error(`SIPp placed ${setups.length} of ${calls} calls; see ${dir}`);
      }
    }
  } finally {
    const errors = [uac && await stopProcess(uac), await stopProcess(uas)].join("").trim();
    await relay.close();
    if (errors) console.error(`sipp said: ${errors.slice(0, 500)}`);
  }
  const setups = sipSetups(await readTrace(uacLog), await readTrace(uasLog));
  await Deno.remove(dir, { recursive: true });
  const within = (at?: number, from = 0) =>
    at !== undefined && at - from <= deadlineMs ? at - from : undefined;
  return setups.map((s) => ({
    ms: within(s.ackAt, s.inviteAt),
    callerMs: within(s.okAt, s.inviteAt),
    sent: s.sent,
    delivered: s.delivered,
  }));
}

/** Median, 95th percentile (failures count as infinitely slow), failed share. */
export function summarize(setups: Setup[]) {
  const times = setups.map((s) => s.ms ?? Infinity);
  const callerTimes = setups.map((s) => s.callerMs ?? Infinity);
  const ok = setups.filter((s) => s.ms !== undefined);
  return {
    median: median(times),
    p95: percentile(times, 95),
    callerMedian: median(callerTimes),
    callerP95: percentile(callerTimes, 95),
    failed: setups.length ? (setups.length - ok.length) / setups.length : 0,
    sent: median(ok.map((s) => s.sent)),
    delivered: median(ok.map((s) => s.delivered)),
  };
}

function ms(value: number, deadlineMs: number): string {
  return Number.isFinite(value) ? value.toFixed(value < 100 ? 1 : 0) : `>${deadlineMs}`;
}

/** `deno task bench setup`: runs both protocols at each loss level and prints the tables. */
export async function run(args: string[]): Promise<void> {
  const o = parseOptions(args);
  const both: (string | number)[][] = [], callerSide: (string | number)[][] = [];
  console.log(
    `call set-up, ${o.calls} calls per loss level and protocol, deadline ${o.deadlineMs} ms, ` +
      `Bernoulli loss both ways, relay seeds 1000·(${o.seed}+loss) (+ call number for NOTASIP)`,
  );
  const cell = (x: number | undefined) => x === undefined ? "-" : ms(x, o.deadlineMs);
  const ratio = (x?: number, y?: number) =>
    x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y)
      ? (x / y).toFixed(1)
      : "-";
  for (const loss of o.losses) {
    const seed = o.seed + loss;
    const n = o.only === "sip" ? undefined : await notasipSetups(loss, seed, o.calls, o.deadlineMs);
    const s = o.only === "notasip"
      ? undefined
      : await sipSetupsThroughRelay(loss, seed, o.calls, o.deadlineMs);
    const a = n && summarize(n), b = s && summarize(s);
    const failed = (x?: { failed: number }) => x ? (x.failed * 100).toFixed(0) : "-";
    const packets = (x?: { sent: number; delivered: number }) =>
      x ? `${x.sent}/${x.delivered}` : "-";
    both.push([
      `${loss}`,
      cell(a?.median),
      cell(a?.p95),
      failed(a),
      packets(a),
      cell(b?.median),
      cell(b?.p95),
      failed(b),
      packets(b),
      ratio(b?.median, a?.median),
      ratio(b?.p95, a?.p95),
    ]);
    callerSide.push([
      `${loss}`,
      cell(a?.callerMedian),
      cell(a?.callerP95),
      cell(b?.callerMedian),
      cell(b?.callerP95),
      ratio(b?.callerMedian, a?.callerMedian),
    ]);
    console.error(`loss ${loss} %: done`);
  }
  console.log(
    "\nBoth ends set up (NOTASIP: caller locked on and callee established; SIP: ACK at UAS)",
  );
  printTable([
    "loss %",
    "NOTASIP median ms",
    "p95 ms",
    "failed %",
    "pkts sent/delivered",
    "SIP median ms",
    "p95 ms",
    "failed %",
    "pkts sent/delivered",
    "SIP/NOTASIP median",
    "p95",
  ], both);
  console.log(
    "\nCaller side up (NOTASIP: first callee packet locks the caller on; SIP: 200 OK at UAC)",
  );
  printTable([
    "loss %",
    "NOTASIP median ms",
    "p95 ms",
    "SIP median ms",
    "p95 ms",
    "SIP/NOTASIP median",
  ], callerSide);
  console.log(
    "\nTimes from the caller's first packet (NOTASIP) or first INVITE (SIP); failures count as\n" +
      "slower than the deadline. pkts: medians over the calls set up, sent and delivered by both\n" +
      "ends until both were up.",
  );
}

if (import.meta.main) await run(Deno.args);
