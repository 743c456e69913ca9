import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { Caller, type CallerOptions } from "./caller.ts";
import type { Endpoint } from "./endpoint.ts";
import { type Output, transitionsOf } from "./events.ts";
import { PORT_HOLD_MS, PortQuarantine } from "./port_quarantine.ts";
import { seededRandom } from "../../harness/notasip/seeded_random.ts";

const CALLEE = "192.0.2.1";
const REPLY: Endpoint = { address: CALLEE, port: 61000 };

function setup(options: CallerOptions = {}) {
  const caller = new Caller({ random: seededRandom(5), ...options });
  const dialed = caller.dial({ address: CALLEE }, 0);
  const local: Endpoint = { address: "198.51.100.2", port: caller.localPort! };
  return { caller, dialed, local };
}

function established(options: CallerOptions = {}) {
  const s = setup(options);
  s.caller.packetReceived(REPLY, s.local, true, 100);
  return s;
}

const kinds = (o: Output) => o.effects.map((e) => e.kind);
const only = (o: Output) => {
  const t = transitionsOf(o);
  assertEquals(t.length, 1, `expected one transition, got ${JSON.stringify(t)}`);
  return t[0];
};

Deno.test("dial: idle -> calling, opens a fresh port and streams voice to port 10000", () => {
  const { caller, dialed } = setup();
  assertEquals(caller.state, "calling");
  assertEquals(kinds(dialed), ["openSocket", "sendVoice"]);
  const port = caller.localPort!;
  assertEquals(port >= 49152 && port <= 65535, true);
  assertEquals(dialed.effects[0], {
    kind: "openSocket",
    call: "out-1",
    local: { address: "0.0.0.0", port },
  });
  assertEquals(dialed.effects[1], {
    kind: "sendVoice",
    call: "out-1",
    localPort: port,
    to: { address: CALLEE, port: 10000 },
    mode: "stream",
  });
  assertEquals(only(dialed), {
    type: "transition",
    machine: "caller",
    call: "out-1",
    from: "idle",
    to: "calling",
    reason: "dialed",
    at: 0,
    peer: { address: CALLEE, port: 10000 },
  });
});

Deno.test("dial uses an explicit port, or the configured well-known port", () => {
  const a = new Caller({ wellKnownPort: 9000 });
  a.dial({ address: CALLEE }, 0);
  assertEquals(a.callee, { address: CALLEE, port: 9000 });
  const b = new Caller();
  b.dial({ address: CALLEE, port: 12345 }, 0);
  assertEquals(b.callee, { address: CALLEE, port: 12345 });
});

Deno.test("dial refuses a second call and bad callees with clear errors", () => {
  const { caller } = setup();
  throws(
    () => caller.dial({ address: CALLEE }, 1),
    /Caller\.dial: a call is calling; hang up first/,
  );
  const idle = new Caller();
  throws(() => idle.dial({ address: "" }, 0), /Caller\.dial callee/);
  throws(() => idle.dial({ address: CALLEE, port: 70000 }, 0), /Caller\.dial callee: port/);
  assertEquals(idle.state, "idle");
  throws(() => new Caller({ timeoutMs: 0 }), /timeoutMs must be > 0/);
  throws(() => new Caller({ wellKnownPort: 0 }), /wellKnownPort/);
});

Deno.test("calling -> established on the first valid packet from the callee's address, any port", () => {
  const { caller, local } = setup();
  const out = caller.packetReceived(REPLY, local, true, 40);
  assertEquals(caller.state, "established");
  assertEquals(caller.peer, REPLY);
  assertEquals(out.accepted, "out-1");
  assertEquals(out.effects, [
    { kind: "connectSocket", call: "out-1", localPort: local.port, peer: REPLY },
    // the next packet at once (it establishes the callee), then the stream
    { kind: "sendVoice", call: "out-1", localPort: local.port, to: REPLY, mode: "one" },
    { kind: "sendVoice", call: "out-1", localPort: local.port, to: REPLY, mode: "stream" },
  ]);
  const t = only(out);
  assertEquals([t.from, t.to, t.reason, t.at, t.peer], [
    "calling",
    "established",
    "first-packet",
    40,
    REPLY,
  ]);
});

Deno.test("a reply from the well-known port itself also establishes (P1 may equal P2)", () => {
  const { caller, local } = setup();
  caller.packetReceived({ address: CALLEE, port: 10000 }, local, true, 40);
  assertEquals(caller.peer, { address: CALLEE, port: 10000 });
});

Deno.test("an IPv4-mapped source address counts as the callee's", () => {
  const { caller, local } = setup();
  caller.packetReceived({ address: "::ffff:" + CALLEE, port: 61000 }, local, true, 40);
  assertEquals(caller.state, "established");
});

Deno.test("calling: other hosts and invalid packets change nothing and are counted", () => {
  const { caller, local } = setup();
  const a = caller.packetReceived({ address: "203.0.113.9", port: 61000 }, local, true, 10);
  const b = caller.packetReceived(REPLY, local, false, 20);
  const c = caller.packetReceived(REPLY, { ...local, port: local.port + 1 }, true, 30);
  for (const o of [a, b, c]) {
    assertEquals([o.effects.length, o.events.length, o.accepted], [0, 0, undefined]);
  }
  assertEquals(caller.state, "calling");
  assertEquals(caller.stats.ignoredPackets, 2);
  assertEquals(caller.stats.invalidPackets, 1);
});

Deno.test("established: only the locked endpoint is heard", () => {
  const { caller, local } = established();
  const other = caller.packetReceived({ address: CALLEE, port: 61001 }, local, true, 200);
  assertEquals(other.accepted, undefined);
  assertEquals(caller.stats.ignoredPackets, 1);
  const same = caller.packetReceived(REPLY, local, true, 220);
  assertEquals([same.accepted, same.effects.length, same.events.length], ["out-1", 0, 0]);
  assertEquals(caller.state, "established");
});

Deno.test("calling -> busy on ICMP port unreachable: socket closed, busy tone", () => {
  const { caller, local } = setup();
  const out = caller.icmpError(
    { kind: "port-unreachable", address: CALLEE, port: 10000, localPort: local.port },
    50,
  );
  assertEquals(caller.state, "busy");
  assertEquals(out.effects, [
    { kind: "closeSocket", call: "out-1", localPort: local.port },
    { kind: "playBusyTone", call: "out-1" },
  ]);
  const t = only(out);
  assertEquals([t.from, t.to, t.reason], ["calling", "busy", "port-unreachable"]);
  assertEquals(caller.localPort, undefined);
});

Deno.test("calling -> busy on ICMP protocol unreachable, port unknown", () => {
  const { caller, local } = setup();
  const out = caller.icmpError(
    { kind: "protocol-unreachable", address: CALLEE, localPort: local.port },
    50,
  );
  assertEquals([only(out).to, only(out).reason], ["busy", "protocol-unreachable"]);
});

Deno.test("host and network unreachable are soft errors: reported, counted, call goes on", () => {
  for (const make of [setup, established]) {
    const { caller, local } = make();
    const before = caller.state;
    const a = caller.icmpError(
      { kind: "host-unreachable", address: CALLEE, localPort: local.port },
      150,
    );
    const b = caller.icmpError(
      { kind: "net-unreachable", address: CALLEE, localPort: local.port },
      160,
    );
    assertEquals(caller.state, before);
    assertEquals(a.events, [{
      type: "soft-error",
      machine: "caller",
      call: "out-1",
      kind: "host-unreachable",
      address: CALLEE,
      at: 150,
    }]);
    assertEquals([a.effects.length, b.effects.length, b.events.length], [0, 0, 1]);
    assertEquals(caller.stats.softErrors, 2);
  }
});

Deno.test("ICMP errors about other hosts, ports or sockets are ignored", () => {
  const { caller, local } = setup();
  const errors = [
    { kind: "port-unreachable" as const, address: "203.0.113.9", localPort: local.port },
    { kind: "port-unreachable" as const, address: CALLEE, port: 9999, localPort: local.port },
    { kind: "port-unreachable" as const, address: CALLEE, localPort: local.port + 1 },
  ];
  for (const e of errors) assertEquals(caller.icmpError(e, 10).events.length, 0);
  assertEquals([caller.state, caller.stats.ignoredIcmp], ["calling", 3]);
});

Deno.test("established: a late ICMP about the well-known port is not the peer's and is ignored", () => {
  const { caller, local } = established();
  caller.icmpError(
    { kind: "port-unreachable", address: CALLEE, port: 10000, localPort: local.port },
    300,
  );
  assertEquals(caller.state, "established");
  assertEquals(caller.stats.ignoredIcmp, 1);
});

Deno.test("established -> ended when the peer's port is closed (callee hung up)", () => {
  const { caller, local } = established();
  const out = caller.icmpError(
    { kind: "port-unreachable", address: CALLEE, port: REPLY.port, localPort: local.port },
    5000,
  );
  assertEquals(caller.state, "ended");
  assertEquals(kinds(out), ["closeSocket", "playBusyTone"]);
  const t = only(out);
  assertEquals([t.from, t.to, t.reason, t.peer], [
    "established",
    "ended",
    "port-unreachable",
    REPLY,
  ]);
});

Deno.test("calling -> ended after 30 s without a valid packet, not a millisecond sooner", () => {
  const { caller } = setup();
  assertEquals(caller.tick(29_999).events.length, 0);
  const out = caller.tick(30_000);
  assertEquals(caller.state, "ended");
  assertEquals(kinds(out), ["closeSocket", "playBusyTone"]);
  assertEquals([only(out).from, only(out).reason], ["calling", "timeout"]);
});

Deno.test("established: valid packets restart the timeout, invalid ones do not", () => {
  const { caller, local } = established(); // last valid at 100
  caller.packetReceived(REPLY, local, true, 20_000);
  caller.packetReceived(REPLY, local, false, 45_000);
  assertEquals(caller.tick(49_999).events.length, 0);
  const out = caller.tick(50_000);
  assertEquals([only(out).from, only(out).to, only(out).reason], [
    "established",
    "ended",
    "timeout",
  ]);
});

Deno.test("the -00 draft's 42 s timeout is a configuration", () => {
  const { caller } = setup({ timeoutMs: 42_000 });
  assertEquals(caller.tick(41_999).events.length, 0);
  assertEquals(only(caller.tick(42_000)).reason, "timeout");
});

Deno.test("an input after the deadline first ends the call, then is ignored", () => {
  const { caller, local } = established();
  const out = caller.packetReceived(REPLY, local, true, 40_000);
  assertEquals(caller.state, "ended");
  assertEquals(only(out).reason, "timeout");
  assertEquals(out.accepted, undefined);
});

Deno.test("hang-up from calling and established closes the socket and returns to idle", () => {
  for (const make of [setup, established]) {
    const { caller, local } = make();
    const from = caller.state;
    const out = caller.hangUp(1000);
    assertEquals(caller.state, "idle");
    assertEquals(out.effects, [{ kind: "closeSocket", call: "out-1", localPort: local.port }]);
    assertEquals([only(out).from, only(out).to, only(out).reason], [from, "idle", "hung-up"]);
  }
});

Deno.test("hang-up from busy and ended stops the tone", () => {
  const { caller, local } = setup();
  caller.icmpError({ kind: "port-unreachable", address: CALLEE, localPort: local.port }, 10);
  const out = caller.hangUp(2000);
  assertEquals(out.effects, [{ kind: "stopTone", call: "out-1" }]);
  assertEquals([only(out).from, only(out).to], ["busy", "idle"]);
  const e = established().caller;
  e.tick(60_000);
  assertEquals([only(e.hangUp(60_001)).from, e.state], ["ended", "idle"]);
});

Deno.test("hang-up when idle does nothing; inputs for no call are counted", () => {
  const caller = new Caller();
  assertEquals(caller.hangUp(0), { effects: [], events: [] });
  caller.packetReceived(REPLY, { address: "0.0.0.0", port: 50000 }, true, 0);
  caller.icmpError({ kind: "port-unreachable", address: CALLEE, localPort: 50000 }, 0);
  assertEquals([caller.stats.ignoredPackets, caller.stats.ignoredIcmp], [1, 1]);
  assertEquals(caller.tick(1e9).events.length, 0);
});

Deno.test("a socket failure ends the call with the message", () => {
  const { caller, local } = setup();
  assertEquals(caller.socketFailed(local.port + 1, "x", 5).events.length, 0);
  const out = caller.socketFailed(local.port, "EADDRINUSE", 5);
  assertEquals(caller.state, "ended");
  assertEquals([only(out).reason, only(out).detail], ["socket-error", "EADDRINUSE"]);
});

Deno.test("a closed port is quarantined for 256 + 30 s; the next call gets another", () => {
  const ports = new PortQuarantine({ min: 50000, max: 50001 });
  const caller = new Caller({ ports, random: () => 0 });
  caller.dial({ address: CALLEE }, 0);
  assertEquals(caller.localPort, 50000);
  caller.hangUp(1000);
  caller.dial({ address: CALLEE }, 2000);
  assertEquals([caller.localPort, caller.call], [50001, "out-2"]);
  caller.hangUp(3000);
  throws(() => caller.dial({ address: CALLEE }, 4000), /no free port/);
  caller.dial({ address: CALLEE }, 1000 + PORT_HOLD_MS);
  assertEquals(caller.localPort, 50000);
});
