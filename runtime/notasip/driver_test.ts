import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { Callee, REFUSE_HOLD_MS } from "./callee.ts";
import { Caller } from "./caller.ts";
import { type Content, type MediaPort, NotasipDriver } from "./driver.ts";
import type { Endpoint } from "./endpoint.ts";
import type { Effect, NotasipEvent } from "./events.ts";
import { MemoryNetwork, type MemorySocket } from "../../harness/notasip/memory_network.ts";
import { seededRandom } from "../../harness/notasip/seeded_random.ts";
import type { Transport, TransportFactory } from "./transport.ts";

const CALLEE: Endpoint = { address: "10.0.0.2", port: 10000 };

function media(): MediaPort & { heard: string[] } {
  const heard: string[] = [];
  return {
    heard,
    isValid: (bytes) => bytes[0] !== 0xff,
    packet: (_call, content: Content) => new Uint8Array([content === "voice" ? 1 : 2]),
    received: (call, bytes) => heard.push(`${call}:${bytes[0] === 1 ? "voice" : "ringback"}`),
  };
}

function setup() {
  const net = new MemoryNetwork({ latencyMs: 10 });
  const host = net.host("10.0.0.1");
  const remote = net.host("10.0.0.2").bind({ address: "0.0.0.0", port: 10000 }) as MemorySocket;
  const got: Uint8Array[] = [];
  const from: Endpoint[] = [];
  remote.onPacket((d) => {
    got.push(d.bytes);
    from.push(d.from);
  });
  const m = media();
  const events: NotasipEvent[] = [];
  const effects: Effect[] = [];
  const caller = new Caller({ random: seededRandom(3) });
  const driver = new NotasipDriver(caller, {
    transports: host,
    clock: () => net.now,
    media: m,
    onEvent: (e) => events.push(e),
    onEffect: (e) => effects.push(e),
  });
  return { net, host, remote, got, from, m, events, effects, caller, driver };
}

Deno.test("act runs a user action at the clock's time and carries out its socket effects", () => {
  const s = setup();
  s.net.runUntil(500);
  const out = s.driver.act((now) => s.caller.dial(CALLEE, now));
  assertEquals(out.events[0].at, 500);
  assertEquals(s.host.openPorts, [s.caller.localPort!]);
  assertEquals(s.effects.map((e) => e.kind), ["openSocket", "sendVoice"]);
  assertEquals(s.events.length, 1);
  throws(() => s.driver.act((now) => s.caller.dial(CALLEE, now)), /hang up first/);
});

Deno.test("pump sends one packet per streaming socket to the stream's destination", () => {
  const s = setup();
  s.driver.act((now) => s.caller.dial(CALLEE, now));
  s.driver.pump();
  s.driver.pump();
  s.net.runUntil(100);
  assertEquals(s.got.map((b) => b[0]), [1, 1]);
  assertEquals(s.from[0].port, s.caller.localPort);
  assertEquals(s.driver.stats.sent, 2);
});

Deno.test("received packets reach the machine with their validity; accepted ones reach the media", () => {
  const s = setup();
  s.driver.act((now) => s.caller.dial(CALLEE, now));
  const to = { address: "10.0.0.1", port: s.caller.localPort! };
  s.remote.send(new Uint8Array([0xff]), to); // invalid
  s.remote.send(new Uint8Array([2]), to);
  s.net.runUntil(100);
  assertEquals(s.caller.stats.invalidPackets, 1);
  assertEquals(s.caller.state, "established");
  assertEquals(s.m.heard, ["out-1:ringback"]);
  // connected now: one packet at lock-on, then the stream, without an explicit destination
  s.driver.pump();
  s.net.runUntil(200);
  assertEquals(s.got.length, 2);
});

Deno.test("ICMP errors reach the machine with the socket's port", () => {
  const s = setup();
  s.remote.close(); // nobody listens at the callee: busy
  s.driver.act((now) => s.caller.dial(CALLEE, now));
  s.driver.pump();
  s.net.runUntil(100);
  assertEquals(s.caller.state, "busy");
  assertEquals(s.host.openPorts, []); // socket closed by the effect
  assertEquals(s.effects.map((e) => e.kind).slice(-2), ["closeSocket", "playBusyTone"]);
});

Deno.test("a failed bind is reported to the machine as a socket failure", () => {
  const failing: TransportFactory = {
    bind: () => {
      throw new Error("EADDRINUSE: test");
    },
  };
  const caller = new Caller({ random: seededRandom(3) });
  const events: NotasipEvent[] = [];
  const driver = new NotasipDriver(caller, {
    transports: failing,
    clock: () => 7,
    media: media(),
    onEvent: (e) => events.push(e),
  });
  driver.act((now) => caller.dial(CALLEE, now));
  assertEquals(caller.state, "ended");
  const last = events.at(-1)!;
  assertEquals(last.type === "transition" && [last.reason, last.detail], [
    "socket-error",
    "EADDRINUSE: test",
  ]);
  // the sendVoice after the failed open, and the closeSocket of the failure
  assertEquals(driver.stats.unknownSockets, 2);
});

Deno.test("the callee's listening port is bound, suspended (closed) by a refusal and resumed", () => {
  const net = new MemoryNetwork({ latencyMs: 10 });
  const host = net.host("10.0.0.2");
  const callee = new Callee({ random: seededRandom(4) });
  const driver = new NotasipDriver(callee, {
    transports: host,
    clock: () => net.now,
    media: media(),
  });
  driver.act((now) => callee.listen(now));
  assertEquals(host.openPorts, [10000]);
  const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 50000 });
  a.send(new Uint8Array([1]), CALLEE);
  net.runUntil(20);
  const port = callee.calls[0].local.port;
  assertEquals(host.openPorts, [10000, port]);
  a.send(new Uint8Array([1]), { address: "10.0.0.2", port });
  net.runUntil(40);
  assertEquals(callee.listener, "open"); // while talking, to tell the user of other callers
  const b = net.host("10.0.0.3").bind({ address: "0.0.0.0", port: 50000 });
  b.send(new Uint8Array([1]), CALLEE);
  net.runUntil(60);
  assertEquals(callee.listener, "suspended"); // b refused: its next packet draws ICMP busy
  assertEquals(host.openPorts, [port]);
  for (let t = 100; t <= 100 + REFUSE_HOLD_MS; t += 100) {
    a.send(new Uint8Array([1]), { address: "10.0.0.2", port }); // the call goes on
    net.runUntil(t);
  }
  driver.tick();
  assertEquals(host.openPorts, [10000, port]);
  driver.act((now) => callee.hangUp(now));
  assertEquals(host.openPorts, [10000]);
  driver.act((now) => callee.stop(now));
  assertEquals(host.openPorts, []);
});

Deno.test("exceptions from media and listeners are caught and counted, never thrown into receive", () => {
  const s = setup();
  const caller = new Caller({ random: seededRandom(3) });
  const bad: MediaPort = {
    isValid: () => {
      throw new Error("boom");
    },
    packet: () => {
      throw new Error("boom");
    },
    received: () => {},
  };
  const driver = new NotasipDriver(caller, {
    transports: s.host,
    clock: () => s.net.now,
    media: bad,
    onEvent: () => {
      throw new Error("listener boom");
    },
  });
  driver.act((now) => caller.dial(CALLEE, now));
  driver.pump(); // packet() throws: a send error
  s.remote.send(new Uint8Array([1]), { address: "10.0.0.1", port: caller.localPort! });
  s.net.runUntil(100);
  assertEquals(caller.stats.invalidPackets, 1); // isValid threw: treated as invalid
  assertEquals(driver.stats.sendErrors, 1);
  assertEquals(driver.stats.callbackErrors >= 2, true);
});

Deno.test("close shuts every socket", () => {
  const s = setup();
  s.driver.act((now) => s.caller.dial(CALLEE, now));
  assertEquals(s.driver.openPorts.length, 1);
  s.driver.close();
  assertEquals([s.host.openPorts, s.driver.openPorts], [[], []]);
});

Deno.test("send errors are counted (e.g. ECONNREFUSED on a connected socket)", () => {
  const transport: Transport = {
    local: { address: "0.0.0.0", port: 1 },
    connect() {},
    send() {
      throw new Error("ECONNREFUSED");
    },
    close() {},
    onPacket() {},
    onIcmp() {},
  };
  const caller = new Caller();
  const driver = new NotasipDriver(caller, {
    transports: { bind: () => transport },
    clock: () => 0,
    media: media(),
  });
  driver.act((now) => caller.dial(CALLEE, now));
  driver.pump();
  assertEquals([driver.stats.sent, driver.stats.sendErrors], [0, 1]);
});

Deno.test("re-opening the well-known port is retried while the old socket lets go of it", async () => {
  // The first two binds of port 10000 fail as if the closed socket still held it.
  let refusals = 2;
  const net = new MemoryNetwork();
  const host = net.host("192.0.2.20");
  const flaky: TransportFactory = {
    bind: (local) => {
      if (local.port === 10000 && refusals-- > 0) throw new Error("EADDRINUSE: still closing");
      return host.bind(local);
    },
  };
  const callee = new Callee({ random: seededRandom(5) });
  const driver = new NotasipDriver(callee, { transports: flaky, clock: () => 1, media: media() });
  driver.act((now) => callee.listen(now));
  assertEquals(callee.listener, "open"); // not failed: a retry is pending
  await new Promise((r) => setTimeout(r, 100));
  assertEquals(driver.stats.listenRetries, 2);
  assertEquals(callee.listener, "open");
  driver.close();
});
