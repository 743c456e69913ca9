// End-to-end: a caller and a callee, each behind its driver, over the in-memory network,
// with a fake clock, loss, reordering and ICMP.
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { Callee, type CalleeOptions } from "./callee.ts";
import { Caller } from "./caller.ts";
import { type Content, type MediaPort, NotasipDriver } from "./driver.ts";
import type { Endpoint } from "./endpoint.ts";
import { type Effect, type NotasipEvent, type TransitionEvent } from "./events.ts";
import {
  type InFlight,
  type MemoryHost,
  MemoryNetwork,
  type MemoryNetworkOptions,
} from "../../harness/notasip/memory_network.ts";
import { PortQuarantine } from "./port_quarantine.ts";
import { seededRandom } from "../../harness/notasip/seeded_random.ts";

const CALLER_IP = "198.51.100.2";
const CALLEE_IP = "192.0.2.1";
const CALLEE_IP2 = "192.0.2.77"; // a second address of the callee host
const FRAME_MS = 20;

/** One phone: a machine, its driver, and what it heard, did and reported. */
class Phone<M extends Caller | Callee> {
  readonly heard: { call: string; content: Content; at: number }[] = [];
  readonly effects: Effect[] = [];
  readonly events: NotasipEvent[] = [];
  readonly driver: NotasipDriver<M>;

  constructor(readonly machine: M, net: MemoryNetwork, host: string[] | MemoryHost) {
    const media: MediaPort = {
      isValid: (bytes) => bytes[0] !== 0xff,
      packet: (_call, content) => new Uint8Array([content === "voice" ? 1 : 2]),
      received: (call, bytes) =>
        this.heard.push({ call, content: bytes[0] === 1 ? "voice" : "ringback", at: net.now }),
    };
    this.driver = new NotasipDriver(machine, {
      transports: Array.isArray(host) ? net.host(...host) : host,
      clock: () => net.now,
      media,
      onEvent: (e) => this.events.push(e),
      onEffect: (e) => this.effects.push(e),
    });
  }

  transitions(): string[] {
    return this.events.filter((e): e is TransitionEvent => e.type === "transition")
      .map((t) =>
        `${t.machine === "listener" ? "listener" : t.call}: ${t.from}->${t.to} ${t.reason}`
      );
  }

  firstAt(to: string): number | undefined {
    return this.events.find((e) => e.type === "transition" && e.to === to)?.at;
  }
}

function world(options: MemoryNetworkOptions = {}, calleeOptions: CalleeOptions = {}) {
  const net = new MemoryNetwork({ latencyMs: 15, trace: true, ...options });
  const a = new Phone(new Caller({ random: seededRandom(11) }), net, [CALLER_IP]);
  const b = new Phone(
    new Callee({ random: seededRandom(12), ...calleeOptions }),
    net,
    [CALLEE_IP, CALLEE_IP2],
  );
  b.driver.act((now) => b.machine.listen(now));
  const phones: Phone<Caller | Callee>[] = [a, b];
  /** Advances the world frame by frame: deliver, send one frame each, tick. */
  const run = (ms: number) => {
    const end = net.now + ms;
    while (net.now < end) {
      net.runUntil(Math.min(end, net.now + FRAME_MS));
      for (const p of phones) p.driver.pump();
      for (const p of phones) p.driver.tick();
    }
  };
  const addCaller = (ip: string, seed: number) => {
    const p = new Phone(new Caller({ random: seededRandom(seed) }), net, [ip]);
    phones.push(p);
    return p;
  };
  return { net, a, b, run, addCaller };
}

const dial = (p: Phone<Caller>, address = CALLEE_IP) =>
  p.driver.act((now) => p.machine.dial({ address }, now));

Deno.test("a call: ring-back, answer, voice both ways; a third caller hears busy", () => {
  const { a, b, run, addCaller, net } = world();
  dial(a);
  run(200);
  assertEquals(a.machine.state, "established");
  assertEquals(b.machine.calls.map((c) => c.state), ["ringing"]);
  assertEquals(b.machine.listener, "open"); // open, to tell the user of other callers
  ok(a.heard.length > 0 && a.heard.every((h) => h.content === "ringback"));
  ok(b.effects.some((e) => e.kind === "startRinging"));
  // established after one round trip (15 ms each way, plus up to one frame of pacing)
  ok(a.firstAt("established")! <= 2 * 15 + FRAME_MS, `caller at ${a.firstAt("established")}`);
  b.driver.act((now) => b.machine.answer(now));
  run(200);
  assertEquals(b.machine.calls[0].state, "talking");
  assertEquals(a.heard.at(-1)!.content, "voice");
  ok(b.heard.filter((h) => h.content === "voice").length >= 15);
  const c = addCaller("203.0.113.5", 13);
  dial(c);
  run(200);
  assertEquals(c.machine.state, "busy");
  ok(c.effects.some((e) => e.kind === "playBusyTone"));
  assertEquals([a.machine.state, b.machine.calls[0].state], ["established", "talking"]);
  assertEquals(a.transitions(), [
    "out-1: idle->calling dialed",
    "out-1: calling->established first-packet",
  ]);
  assertEquals(b.transitions(), [
    "listener: closed->open listen",
    "in-1: idle->incoming incoming-packet",
    "in-1: incoming->ringing established",
    "in-1: ringing->talking answered",
    "listener: open->suspended refused", // c, told to the user; its next packet: ICMP busy
  ]);
  ok(net.stats.icmp >= 1);
  assertEquals(b.machine.stats.refused, 1);
});

Deno.test("the callee answers from the address the caller dialed (multi-homed callee)", () => {
  const { a, b, run } = world();
  dial(a, CALLEE_IP2);
  run(200);
  assertEquals(b.machine.calls[0].local.address, CALLEE_IP2);
  assertEquals(a.machine.peer!.address, CALLEE_IP2);
  assertEquals(a.machine.state, "established");
});

Deno.test("callee hangs up: the caller gets ICMP port unreachable and ends with a busy tone", () => {
  const { a, b, run } = world();
  dial(a);
  run(100);
  b.driver.act((now) => b.machine.answer(now));
  run(100);
  b.driver.act((now) => b.machine.hangUp(now));
  assertEquals(b.machine.calls.length, 0);
  run(100);
  assertEquals(a.machine.state, "ended");
  assertEquals(a.transitions().at(-1), "out-1: established->ended port-unreachable");
  assertEquals(b.machine.listener, "open");
  // a new call works right away, with fresh ports
  a.driver.act((now) => a.machine.hangUp(now));
  dial(a);
  run(200);
  assertEquals([a.machine.state, a.machine.call, b.machine.calls[0].id], [
    "established",
    "out-2",
    "in-2",
  ]);
});

Deno.test("caller hangs up while talking: busy tone until hang-up, the port open at once", () => {
  const { a, b, run } = world();
  dial(a);
  run(100);
  b.driver.act((now) => b.machine.answer(now));
  run(100);
  a.driver.act((now) => a.machine.hangUp(now));
  run(100);
  assertEquals(b.machine.calls.map((c) => c.state), ["ended"]);
  ok(b.effects.some((e) => e.kind === "playBusyTone"));
  assertEquals(b.machine.listener, "open"); // the next caller is taken, not refused
  b.driver.act((now) => b.machine.hangUp(now));
  assertEquals([b.machine.calls.length, b.machine.listener], [0, "open"]);
});

Deno.test("caller gives up while it rings: the callee stops ringing", () => {
  const { a, b, run } = world();
  dial(a);
  run(100);
  a.driver.act((now) => a.machine.hangUp(now));
  run(100);
  assertEquals(b.machine.calls.length, 0);
  assertEquals(b.transitions().at(-1), "in-1: ringing->closed port-unreachable");
  ok(b.effects.some((e) => e.kind === "stopRinging"));
  assertEquals(b.machine.listener, "open");
});

Deno.test("caller gives up before hearing anything: the callee's next reply meets a closed port", () => {
  // every callee reply is lost until the caller has hung up
  let hungUp = false;
  const { a, b, run } = world({ drop: (p) => !hungUp && p.from.address === CALLEE_IP });
  dial(a);
  run(100);
  assertEquals([a.machine.state, b.machine.calls[0].state], ["calling", "incoming"]);
  a.driver.act((now) => a.machine.hangUp(now));
  hungUp = true;
  run(100);
  // the caller's last packets were still in flight: each earned one reply, which was refused
  assertEquals(b.machine.calls.length, 0);
  assertEquals(b.transitions().at(-1), "in-1: incoming->closed port-unreachable");
});

Deno.test("caller gives up and all its later traffic is lost: the callee stops ringing after the silence", () => {
  let hungUp = false;
  const { a, b, run } = world({
    drop: (p) => p.from.address === CALLEE_IP || (hungUp && p.from.address === CALLER_IP),
  });
  dial(a);
  run(100);
  hungUp = true; // from now on even the caller's in-flight packets are lost
  a.driver.act((now) => a.machine.hangUp(now));
  run(400);
  assertEquals(b.machine.calls[0].state, "incoming"); // silent: one reply per packet, none came
  run(200);
  assertEquals(b.machine.calls.length, 0);
  assertEquals(b.transitions().at(-1), "in-1: incoming->closed caller-silent");
  const lastIn = b.heard.at(-1)!.at; // the packet sent just before the hang-up
  const closedAt = b.firstAt("closed")!;
  // Not established: half the ring silence (1 s), on the next tick.
  ok(closedAt >= lastIn + 500 && closedAt < lastIn + 500 + FRAME_MS, `${lastIn} ${closedAt}`);
});

Deno.test("callee not listening: busy after one round trip", () => {
  const { a, b, run } = world();
  b.driver.act((now) => b.machine.stop(now));
  dial(a);
  run(100);
  assertEquals(a.machine.state, "busy");
  ok(a.firstAt("busy")! <= 2 * 15 + FRAME_MS);
});

Deno.test("callee gone (host powered off, no ICMP): 30 s timeout at the caller", () => {
  const { a, run, net } = world();
  dial(a);
  run(200);
  assertEquals(a.machine.state, "established");
  net.removeHost(CALLEE_IP);
  run(31_000);
  assertEquals(a.machine.state, "ended");
  assertEquals(a.transitions().at(-1), "out-1: established->ended timeout");
  const lastHeard = a.heard.at(-1)!.at; // packets already in flight still arrived
  const endedAt = a.firstAt("ended")!;
  ok(endedAt >= lastHeard + 30_000 && endedAt < lastHeard + 30_000 + FRAME_MS);
});

Deno.test("unreachable host: soft errors are counted and reported, then the call times out", () => {
  const { a, run, net } = world();
  net.routerError("192.0.2.200", "host-unreachable");
  dial(a, "192.0.2.200");
  run(10_000);
  assertEquals(a.machine.state, "calling");
  ok(a.machine.stats.softErrors > 400, `${a.machine.stats.softErrors}`);
  ok(a.events.some((e) => e.type === "soft-error" && e.kind === "host-unreachable"));
  run(21_000);
  assertEquals(a.machine.state, "ended");
  assertEquals(a.transitions().at(-1), "out-1: calling->ended timeout");
});

Deno.test("simultaneous hang-up: both sides idle, no tones, nothing after", () => {
  const { a, b, run } = world();
  dial(a);
  run(100);
  b.driver.act((now) => b.machine.answer(now));
  run(100);
  a.driver.act((now) => a.machine.hangUp(now));
  b.driver.act((now) => b.machine.hangUp(now));
  const eventsA = a.events.length, eventsB = b.events.length;
  run(31_000);
  assertEquals([a.machine.state, b.machine.calls.length, b.machine.listener], ["idle", 0, "open"]);
  assertEquals(a.events.length, eventsA);
  assertEquals(b.events.length, eventsB);
  ok(!a.effects.some((e) => e.kind === "playBusyTone"));
  ok(!b.effects.some((e) => e.kind === "playBusyTone"));
  assertEquals(a.driver.openPorts, []);
  assertEquals(b.driver.openPorts, []);
});

Deno.test("two callers at once without call waiting: the first gets the call, the second busy", () => {
  const { a, b, run, addCaller } = world();
  const c = addCaller("203.0.113.5", 13);
  dial(a);
  dial(c);
  run(300);
  assertEquals([a.machine.state, c.machine.state], ["established", "busy"]);
  assertEquals(b.machine.calls.length, 1);
  ok(b.machine.stats.ignoredPackets >= 1); // c was ignored until a's call was established,
  assertEquals(b.machine.stats.refused, 1); // then refused: busy
});

Deno.test("call waiting: a second caller rings as waiting while the first call goes on", () => {
  const { a, b, run, addCaller } = world({}, { callWaiting: true });
  dial(a);
  run(100);
  b.driver.act((now) => b.machine.answer(now));
  const c = addCaller("203.0.113.5", 13);
  dial(c);
  run(200);
  assertEquals([a.machine.state, c.machine.state], ["established", "established"]);
  assertEquals(b.machine.calls.map((x) => x.state), ["talking", "ringing"]);
  ok(b.effects.some((e) => e.kind === "startRinging" && e.waiting));
  assertEquals(b.machine.listener, "open"); // 2 of 2 calls up: a third caller is refused
  const d = addCaller("203.0.113.6", 14);
  dial(d);
  run(200);
  assertEquals([d.machine.state, b.machine.stats.refused, b.machine.calls.length], ["busy", 1, 2]);
});

Deno.test("a port closed by a call is not reused within 256 + 30 s, across caller and callee", () => {
  const net = new MemoryNetwork({ latencyMs: 5 });
  const ports = new PortQuarantine({ min: 50000, max: 50002 });
  const host = net.host("10.0.0.1");
  const a = new Phone(new Caller({ ports, random: () => 0 }), net, host);
  const b = new Phone(new Callee({ ports, random: () => 0 }), net, host);
  b.driver.act((now) => b.machine.listen(now));
  dial(a, "10.0.0.99"); // nobody there: silence
  assertEquals(a.machine.localPort, 50000);
  a.driver.act((now) => a.machine.hangUp(now));
  const other = net.host("10.0.0.2").bind({ address: "0.0.0.0", port: 4000 });
  other.send(new Uint8Array([1]), { address: "10.0.0.1", port: 10000 });
  net.runUntil(10);
  assertEquals(b.machine.calls[0].local.port, 50001); // 50000 is still quarantined
});

// --- the two-packet property under arbitrary loss ------------------------------------

Deno.test("property: whatever is lost, one caller packet in, then one reply back, sets up the call", () => {
  let established = 0, dropped = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const random = seededRandom(seed);
    const lossRate = random() * 0.9;
    const decided = new Map<InFlight, boolean>();
    const { a, b, run, net } = world({
      drop: (p) => {
        const lost = p.kind === "datagram" && random() < lossRate;
        decided.set(p, lost);
        return lost;
      },
      latencyMs: () => 5 + Math.floor(random() * 60), // and reordering
    }, { ringSilenceMs: 30_000 }); // up to 90 % loss: long gaps are loss, not a silent caller
    dial(a);
    const answerEarly = random() < 0.3; // answering before establishment changes nothing
    for (let t = 0; t < 25_000; t += FRAME_MS) {
      run(FRAME_MS);
      if (answerEarly && b.machine.calls[0]?.state === "incoming") {
        b.driver.act((now) => b.machine.answer(now));
      }
    }
    const toCallee = (d: { from: Endpoint; to: Endpoint; kind: string }) =>
      d.kind === "datagram" && d.from.address === CALLER_IP;
    const firstIn = net.trace.find((d) => toCallee(d) && d.to.port === 10000);
    const firstBack = net.trace.find((d) => d.kind === "datagram" && d.from.address === CALLEE_IP);
    const firstOnNewPort = net.trace.find((d) => toCallee(d) && d.to.port !== 10000);
    // Nothing but loss: never busy, never a wrong lock.
    ok(!["busy", "ended"].includes(a.machine.state), `seed ${seed}: ${a.machine.state}`);
    if (!firstBack) {
      assertEquals(a.machine.state, "calling");
      continue;
    }
    // A reply exists only because a caller packet got through first.
    ok(firstIn && firstIn.at <= firstBack.sentAt, `seed ${seed}: reply without a request`);
    // The caller is established exactly when the first reply arrives.
    assertEquals(a.firstAt("established"), firstBack.at, `seed ${seed}`);
    assertEquals(a.machine.peer!.address, CALLEE_IP);
    // The callee is established exactly when the first caller packet reaches its new port.
    if (firstOnNewPort) {
      const callEstablished = b.events.find((e) =>
        e.type === "transition" && e.reason === "established"
      );
      assertEquals(callEstablished?.at, firstOnNewPort.at, `seed ${seed}`);
      established++;
    }
    dropped += [...decided.values()].filter((lost) => lost).length;
  }
  ok(established > 100, `only ${established} of 150 calls got established`);
  ok(dropped > 10_000, `only ${dropped} packets lost`); // the losses were real
  console.log(`${established} of 150 calls established, ${dropped} packets lost`);
});
