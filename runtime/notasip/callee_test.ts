import { deepStrictEqual as assertEquals, ok, throws } from "node:assert/strict";
import { Callee, type CalleeOptions } from "./callee.ts";
import { type Endpoint, ICMP_KINDS, sameEndpoint } from "./endpoint.ts";
import { type Effect, type Output, type TransitionEvent, transitionsOf } from "./events.ts";
import { PortQuarantine } from "./port_quarantine.ts";
import { seededRandom } from "../../harness/notasip/seeded_random.ts";

const DIALED = "192.0.2.1"; // the callee address the caller dialed
const WK: Endpoint = { address: DIALED, port: 10000 };
const A: Endpoint = { address: "198.51.100.2", port: 50000 };
const B: Endpoint = { address: "203.0.113.7", port: 40000 };

const kinds = (o: Output) => o.effects.map((e) => e.kind);
const moves = (o: Output) =>
  transitionsOf(o).map((t) =>
    `${t.machine}${t.call ? " " + t.call : ""}: ${t.from}->${t.to} ${t.reason}`
  );

function listening(options: CalleeOptions = {}) {
  const callee = new Callee({ random: seededRandom(9), ...options });
  callee.listen(0);
  return callee;
}

/** A callee with one call from A in the given state. */
function withCall(
  state: "incoming" | "answered" | "ringing" | "talking",
  options: CalleeOptions = {},
) {
  const callee = listening(options);
  const first = callee.packetReceived(A, WK, true, 100);
  const local = callee.calls[0].local;
  if (state === "answered" || state === "talking") callee.answer(200);
  if (state === "ringing" || state === "talking") callee.packetReceived(A, local, true, 300);
  assertEquals(callee.calls[0].state, state);
  return { callee, first, local, id: callee.calls[0].id };
}

Deno.test("listen: closed -> open, binds the well-known port once", () => {
  const callee = new Callee();
  const out = callee.listen(0);
  assertEquals(out.effects, [{
    kind: "openListeningPort",
    local: { address: "0.0.0.0", port: 10000 },
  }]);
  assertEquals(moves(out), ["listener: closed->open listen"]);
  assertEquals(callee.listener, "open");
  assertEquals(callee.listen(1), { effects: [], events: [] });
});

Deno.test("options are checked and the well-known port is never handed out as a call port", () => {
  throws(() => new Callee({ listen: { port: 0 } }), /Callee listen: port/);
  throws(() => new Callee({ timeoutMs: -1 }), /timeoutMs must be > 0/);
  throws(() => new Callee({ callWaiting: true, maxCalls: 0 }), /maxCalls must be an integer >= 1/);
  const ports = new PortQuarantine({ min: 10000, max: 10001 });
  const callee = new Callee({ ports, random: () => 0 });
  callee.listen(0);
  callee.packetReceived(A, WK, true, 1);
  assertEquals(callee.calls[0].local.port, 10001);
});

Deno.test("a valid packet on the well-known port starts a call: idle -> incoming", () => {
  const { callee, first, local, id } = withCall("incoming");
  assertEquals(id, "in-1");
  assertEquals(local.address, DIALED); // same local address as the caller dialed
  ok(local.port >= 49152 && local.port !== 10000);
  assertEquals(first.effects, [
    { kind: "openSocket", call: id, local },
    { kind: "connectSocket", call: id, localPort: local.port, peer: A },
    { kind: "startRinging", call: id, waiting: false },
    { kind: "sendRingback", call: id, localPort: local.port, to: A, mode: "one" },
  ]);
  assertEquals(first.accepted, id);
  const [t] = transitionsOf(first);
  assertEquals(t, {
    type: "transition",
    machine: "callee",
    call: id,
    from: "idle",
    to: "incoming",
    reason: "incoming-packet",
    at: 100,
    peer: A,
  });
  assertEquals(callee.listener, "open"); // the caller still sends here until it hears us
});

Deno.test("without a destination address (no packet info) the call binds the listening address", () => {
  const callee = listening({ listen: { address: "192.0.2.5" } });
  callee.packetReceived(A, { address: "", port: 10000 }, true, 1);
  assertEquals(callee.calls[0].local.address, "192.0.2.5");
});

Deno.test("invalid packets and packets while not listening start nothing", () => {
  const callee = listening();
  assertEquals(callee.packetReceived(A, WK, false, 1).effects.length, 0);
  assertEquals(callee.stats.invalidPackets, 1);
  const closed = new Callee();
  assertEquals(closed.packetReceived(A, WK, true, 1).effects.length, 0);
  assertEquals([closed.calls.length, closed.stats.ignoredPackets], [0, 1]);
});

Deno.test("incoming: each further caller packet on the well-known port earns exactly one ring-back", () => {
  const { callee, local, id } = withCall("incoming");
  for (let i = 1; i <= 3; i++) {
    const out = callee.packetReceived(A, WK, true, 100 + 20 * i);
    assertEquals(out.effects, [{
      kind: "sendRingback",
      call: id,
      localPort: local.port,
      to: A,
      mode: "one",
    }]);
    assertEquals(out.accepted, id);
  }
  assertEquals(callee.packetReceived(A, WK, false, 200).effects.length, 0); // invalid: nothing
  assertEquals(callee.stats.repliesBeforeEstablishment, 4);
});

Deno.test("incoming -> answered: stop ringing, then one voice packet per caller packet", () => {
  const { callee, local, id } = withCall("incoming");
  const out = callee.answer(150);
  assertEquals(out.effects, [{ kind: "stopRinging", call: id }]);
  assertEquals(moves(out), ["callee in-1: incoming->answered answered"]);
  assertEquals(callee.packetReceived(A, WK, true, 160).effects, [
    { kind: "sendVoice", call: id, localPort: local.port, to: A, mode: "one" },
  ]);
});

Deno.test("incoming -> ringing when the caller's packet reaches the call socket; port stays open", () => {
  const { callee, local, id } = withCall("incoming");
  const out = callee.packetReceived(A, local, true, 300);
  assertEquals(out.effects, [
    { kind: "sendRingback", call: id, localPort: local.port, to: A, mode: "stream" },
  ]);
  assertEquals(moves(out), ["callee in-1: incoming->ringing established"]);
  assertEquals([callee.listener, out.accepted], ["open", id]);
});

Deno.test("answered -> talking on establishment: voice stream", () => {
  const { callee, local, id } = withCall("answered");
  const out = callee.packetReceived(A, local, true, 300);
  assertEquals(out.effects[0], {
    kind: "sendVoice",
    call: id,
    localPort: local.port,
    to: A,
    mode: "stream",
  });
  assertEquals(moves(out)[0], "callee in-1: answered->talking established");
});

Deno.test("ringing -> talking on answer: stop ringing, voice stream", () => {
  const { callee, local, id } = withCall("ringing");
  const out = callee.answer(400, id);
  assertEquals(out.effects, [
    { kind: "stopRinging", call: id },
    { kind: "sendVoice", call: id, localPort: local.port, to: A, mode: "stream" },
  ]);
  assertEquals(moves(out), ["callee in-1: ringing->talking answered"]);
});

Deno.test("answer without a ringing call is an error", () => {
  throws(() => listening().answer(0), /Callee\.answer: no call is ringing/);
  const { callee, id } = withCall("talking");
  throws(() => callee.answer(500, id), /call in-1 is not ringing/);
  throws(() => callee.answer(500, "in-9"), /call in-9 is not ringing/);
});

Deno.test("a second caller is ignored while the first call is not yet established, then refused: busy", () => {
  const { callee, local } = withCall("incoming");
  const out = callee.packetReceived(B, WK, true, 150);
  assertEquals([out.effects.length, callee.calls.length, callee.stats.ignoredPackets], [0, 1, 1]);
  callee.packetReceived(A, local, true, 300);
  assertEquals(callee.listener, "open");
  const refused = callee.packetReceived(B, WK, true, 320);
  assertEquals(kinds(refused), ["suspendListeningPort"]); // B's next packet: ICMP busy
  assertEquals(moves(refused), ["listener: open->suspended refused"]);
  assertEquals(transitionsOf(refused)[0].peer, B);
  assertEquals([callee.calls.length, callee.stats.refused], [1, 1]);
});

Deno.test("while talking, callers are refused (told, then busy), at most one per hold; the call goes on", () => {
  const { callee, local, id } = withCall("talking"); // A talks since 300
  const strangers = Array.from(
    { length: 50 },
    (_, i) => ({ address: `192.0.2.${i + 10}`, port: 7 }),
  );
  let t = 400;
  const refusedAt: number[] = [];
  for (let round = 0; round < 100; round++, t += 20) {
    callee.packetReceived(A, local, true, t); // the call's own stream, on its own socket
    for (const s of strangers) {
      // A suspended port receives nothing: only packets that find it open reach the callee.
      if (callee.listener !== "open") break;
      const out = callee.packetReceived(s, WK, true, t);
      ok(!kinds(out).some((k) => k.startsWith("send") || k === "openSocket"), "no reply, no port");
      if (moves(out).includes("listener: open->suspended refused")) refusedAt.push(t);
    }
    callee.tick(t);
  }
  // 2 s of flood: refused at 400 and once per REFUSE_HOLD_MS after.
  assertEquals(refusedAt, [400, 1400]);
  assertEquals(callee.stats.refused, 2);
  assertEquals(callee.calls.map((c) => [c.id, c.state]), [[id, "talking"]]);
  // A call that ends during a refusal's hold frees the port at once: the next caller is taken.
  callee.tick(2400);
  callee.packetReceived(strangers[0], WK, true, 2400);
  assertEquals(callee.listener, "suspended");
  const up = callee.hangUp(2450);
  assertEquals(kinds(up), ["closeSocket", "resumeListeningPort"]);
  assertEquals(moves(up).at(-1), "listener: suspended->open refusal-over");
  assertEquals(moves(callee.packetReceived(B, WK, true, 2460)), [
    "callee in-2: idle->incoming incoming-packet",
  ]);
});

Deno.test("the caller of a talking call is not refused for its stray packets on the well-known port", () => {
  const { callee } = withCall("talking");
  assertEquals(kinds(callee.packetReceived(A, WK, true, 310)), []);
  assertEquals([callee.stats.refused, callee.stats.ignoredPackets, callee.listener], [
    0,
    1,
    "open",
  ]);
});

Deno.test("established or ended calls ignore their caller's stray packets on the well-known port", () => {
  const callee = listening({ callWaiting: true }); // keeps the port open while talking
  callee.packetReceived(A, WK, true, 1);
  callee.packetReceived(A, callee.calls[0].local, true, 2);
  const out = callee.packetReceived(A, WK, true, 3);
  assertEquals([out.effects.length, callee.calls.length, callee.stats.ignoredPackets], [0, 1, 1]);
});

Deno.test("the call socket hears only its caller; invalid packets do not keep it alive", () => {
  const { callee, local, id } = withCall("talking"); // last valid at 300
  assertEquals(callee.packetReceived(B, local, true, 400).accepted, undefined);
  assertEquals(
    callee.packetReceived({ ...A, port: A.port + 1 }, local, true, 400).accepted,
    undefined,
  );
  assertEquals(callee.packetReceived(A, { ...local, port: 1 }, true, 400).accepted, undefined);
  assertEquals(callee.stats.ignoredPackets, 3);
  assertEquals(callee.packetReceived(A, local, true, 500).accepted, id);
  callee.packetReceived(A, local, false, 29_000);
  assertEquals(callee.stats.invalidPackets, 1);
  assertEquals(moves(callee.tick(30_500)), [
    "callee in-1: talking->ended timeout",
  ]);
  assertEquals(callee.listener, "open"); // an ended call does not hold the port
});

Deno.test("caller hung up before establishment: ICMP on the call socket closes the call", () => {
  for (const state of ["incoming", "answered", "ringing"] as const) {
    const { callee, local, id } = withCall(state);
    const out = callee.icmpError({
      kind: "port-unreachable",
      address: A.address,
      port: A.port,
      localPort: local.port,
    }, 320);
    const ringing = state !== "answered";
    assertEquals(out.effects.slice(0, ringing ? 2 : 1), [
      ...(ringing ? [{ kind: "stopRinging", call: id } as Effect] : []),
      { kind: "closeSocket", call: id, localPort: local.port },
    ]);
    assertEquals(moves(out)[0], `callee in-1: ${state}->closed port-unreachable`);
    assertEquals(callee.calls.length, 0);
    assertEquals(callee.listener, "open");
  }
});

Deno.test("talking -> ended on ICMP port or protocol unreachable: busy tone, port open again", () => {
  for (const kind of ["port-unreachable", "protocol-unreachable"] as const) {
    const { callee, local, id } = withCall("talking");
    const out = callee.icmpError({ kind, address: A.address, localPort: local.port }, 1000);
    assertEquals(out.effects, [
      { kind: "closeSocket", call: id, localPort: local.port },
      { kind: "playBusyTone", call: id },
    ]);
    assertEquals(moves(out), [`callee in-1: talking->ended ${kind}`]);
    assertEquals(callee.listener, "open");
    const up = callee.hangUp(2000);
    assertEquals(kinds(up), ["stopTone"]);
    assertEquals(moves(up), ["callee in-1: ended->closed hung-up"]);
  }
});

Deno.test("a new caller while the last call's busy tone plays: the ended call closes, the new one rings", () => {
  const { callee, local } = withCall("talking");
  callee.icmpError({ kind: "port-unreachable", address: A.address, localPort: local.port }, 1000);
  const out = callee.packetReceived(B, WK, true, 1100);
  assertEquals(moves(out), [
    "callee in-1: ended->closed next-call",
    "callee in-2: idle->incoming incoming-packet",
  ]);
  ok(kinds(out).includes("stopTone"));
  assertEquals(callee.calls.map((c) => c.state), ["incoming"]);
});

Deno.test("an unanswered call whose caller falls silent stops ringing (half the time before establishment)", () => {
  for (const [state, last, limit] of [["incoming", 100, 250], ["ringing", 300, 500]] as const) {
    const { callee } = withCall(state, { ringSilenceMs: 500 });
    assertEquals(callee.tick(last + limit - 1).events.length, 0);
    const out = callee.tick(last + limit);
    assertEquals(moves(out)[0], `callee in-1: ${state}->closed caller-silent`);
    ok(kinds(out).includes("stopRinging"));
    assertEquals([callee.calls.length, callee.listener, callee.stats.silentCallers], [
      0,
      "open",
      1,
    ]);
  }
  // A talking call is not ended by silence before the 30 s timeout.
  const { callee } = withCall("talking", { ringSilenceMs: 500 });
  assertEquals(callee.tick(29_000).events.length, 0);
});

Deno.test("a caller silenced before establishment is not remembered: it may call again at once", () => {
  const callee = listening();
  callee.packetReceived(A, WK, true, 0);
  callee.tick(600); // silent: closed
  const again = callee.packetReceived(A, WK, true, 700);
  assertEquals(moves(again), ["callee in-2: idle->incoming incoming-packet"]);
});

Deno.test("new calls are rate-limited per source and in total; the counters say so", () => {
  const callee = listening({ newCallsPerSecond: 3, newCallsPerSourcePerSecond: 1 });
  // Each call is dropped by silence before the next one: only the rate limits refuse.
  let t = 0;
  const from = (i: number) => ({ address: `198.51.100.${i}`, port: 5000 });
  const started = () => callee.calls.length;
  callee.packetReceived(from(1), WK, true, t);
  assertEquals(started(), 1);
  callee.tick(t += 600);
  callee.packetReceived(from(1), WK, true, t); // the same source again within the second
  assertEquals([started(), callee.stats.rateLimited], [0, 1]);
  for (let i = 2; i <= 4; i++) {
    callee.packetReceived(from(i), WK, true, t);
    callee.tick(t += 1); // closes nothing yet
    if (callee.calls.length) callee.hangUp(t);
  }
  assertEquals(callee.stats.rateLimited, 2); // the fourth new call within a second
});

Deno.test("while the phone is busy (calling out) a caller is refused: reported, then ICMP busy", () => {
  const callee = listening();
  callee.setBusy(0, true);
  assertEquals(callee.listener, "open");
  const out = callee.packetReceived(A, WK, true, 10);
  assertEquals(kinds(out), ["suspendListeningPort"]);
  const refused = transitionsOf(out)[0];
  assertEquals([refused.reason, refused.peer], ["refused", A]);
  assertEquals([callee.listener, callee.stats.refused, callee.calls.length], ["suspended", 1, 0]);
  assertEquals(kinds(callee.tick(500)), []); // held: A's next packets draw ICMP
  assertEquals(kinds(callee.tick(1010)), ["resumeListeningPort"]);
  callee.setBusy(1100, false);
  assertEquals(moves(callee.packetReceived(B, WK, true, 1200)), [
    "callee in-1: idle->incoming incoming-packet",
  ]);
});

Deno.test("host/net unreachable on a call socket are soft errors", () => {
  const { callee, local, id } = withCall("talking");
  const out = callee.icmpError({
    kind: "net-unreachable",
    address: A.address,
    localPort: local.port,
  }, 1000);
  assertEquals(out.events, [{
    type: "soft-error",
    machine: "callee",
    call: id,
    kind: "net-unreachable",
    address: A.address,
    at: 1000,
  }]);
  assertEquals([out.effects.length, callee.calls[0].state, callee.stats.softErrors], [
    0,
    "talking",
    1,
  ]);
});

Deno.test("ICMP errors about strangers, other ports or ended calls are ignored", () => {
  const { callee, local } = withCall("talking");
  callee.icmpError({ kind: "port-unreachable", address: B.address, localPort: local.port }, 1);
  callee.icmpError(
    { kind: "port-unreachable", address: A.address, port: 1, localPort: local.port },
    1,
  );
  callee.icmpError({ kind: "port-unreachable", address: A.address, localPort: 10000 }, 1);
  assertEquals([callee.calls[0].state, callee.stats.ignoredIcmp], ["talking", 3]);
  callee.icmpError({ kind: "port-unreachable", address: A.address, localPort: local.port }, 2);
  callee.icmpError({ kind: "port-unreachable", address: A.address, localPort: local.port }, 3);
  assertEquals([callee.calls[0].state, callee.stats.ignoredIcmp], ["ended", 4]);
});

Deno.test("timeouts: 30 s without a valid packet closes unanswered calls and ends talking ones", () => {
  const cases = [["incoming", 100], ["answered", 100], ["ringing", 300], ["talking", 300]] as const;
  for (const [state, lastValid] of cases) {
    const { callee } = withCall(state, { ringSilenceMs: 60_000 }); // only the timeout here
    assertEquals(callee.tick(lastValid + 29_999).events.length, 0);
    const out = callee.tick(lastValid + 30_000);
    const to = state === "talking" ? "ended" : "closed";
    assertEquals(moves(out)[0], `callee in-1: ${state}->${to} timeout`);
    if (to === "ended") ok(kinds(out).includes("playBusyTone"));
  }
});

Deno.test("caller packets on the well-known port keep an unestablished call alive", () => {
  const { callee } = withCall("incoming", { ringSilenceMs: 60_000 });
  callee.packetReceived(A, WK, true, 20_000);
  assertEquals(callee.tick(49_999).events.length, 0);
  assertEquals(moves(callee.tick(50_000))[0], "callee in-1: incoming->closed timeout");
});

Deno.test("reject (hang up while ringing): the caller's later packets do not ring again for 30 s", () => {
  const { callee, local, id } = withCall("incoming");
  const out = callee.hangUp(500);
  assertEquals(out.effects, [{ kind: "stopRinging", call: id }, {
    kind: "closeSocket",
    call: id,
    localPort: local.port,
  }]);
  assertEquals(moves(out), ["callee in-1: incoming->closed hung-up"]);
  assertEquals(callee.packetReceived(A, WK, true, 600).effects.length, 0);
  assertEquals(callee.packetReceived(A, WK, true, 30_499).effects.length, 0);
  assertEquals(moves(callee.packetReceived(A, WK, true, 30_500)), [
    "callee in-2: idle->incoming incoming-packet",
  ]);
});

Deno.test("hang-up while talking closes the socket; the well-known port takes the next caller", () => {
  const { callee, local, id } = withCall("talking");
  const out = callee.hangUp(900);
  assertEquals(out.effects, [{ kind: "closeSocket", call: id, localPort: local.port }]);
  assertEquals(moves(out), ["callee in-1: talking->closed hung-up"]);
  assertEquals(callee.listener, "open");
  assertEquals(callee.hangUp(901), { effects: [], events: [] });
  assertEquals(callee.hangUp(902, "in-7").events.length, 0);
  assertEquals(moves(callee.packetReceived(B, WK, true, 910)), [
    "callee in-2: idle->incoming incoming-packet",
  ]);
});

Deno.test("a call's port is quarantined; the next call gets another", () => {
  const ports = new PortQuarantine({ min: 50000, max: 50001 });
  const callee = listening({ ports, random: () => 0 });
  callee.packetReceived(A, WK, true, 0);
  assertEquals(callee.calls[0].local.port, 50000);
  callee.hangUp(10);
  callee.packetReceived(B, WK, true, 20);
  assertEquals(callee.calls[0].local.port, 50001);
});

Deno.test("stop hangs up everything and closes the well-known port", () => {
  const { callee, id } = withCall("talking");
  const out = callee.stop(1000);
  assertEquals(kinds(out), ["closeSocket", "closeListeningPort"]);
  assertEquals(moves(out), [
    `callee ${id}: talking->closed hung-up`,
    "listener: open->closed stopped",
  ]);
  // Stopped during a refusal's hold: the port is closed already, and stays closed.
  const held = withCall("talking").callee;
  held.packetReceived(B, WK, true, 400);
  assertEquals(kinds(held.stop(500)), ["closeSocket"]);
  assertEquals([held.listener, kinds(held.tick(5000))], ["closed", []]);
  const idle = listening();
  const out2 = idle.stop(5);
  assertEquals(kinds(out2), ["closeListeningPort"]);
  assertEquals(idle.listener, "closed");
});

Deno.test("socket failures: the well-known port fails (and can be retried), a call closes", () => {
  const callee = listening();
  const out = callee.socketFailed(10000, "EADDRINUSE", 1);
  assertEquals(moves(out), ["listener: open->failed socket-error"]);
  assertEquals((transitionsOf(out)[0] as TransitionEvent).detail, "EADDRINUSE");
  assertEquals(kinds(callee.listen(2)), ["openListeningPort"]);
  callee.packetReceived(A, WK, true, 3);
  const leg = callee.calls[0];
  assertEquals(moves(callee.socketFailed(leg.local.port, "ENOBUFS", 4)), [
    "callee in-1: incoming->closed socket-error",
  ]);
});

Deno.test("call waiting: a second caller rings as waiting; a third is refused once both are up", () => {
  const callee = listening({ callWaiting: true });
  callee.packetReceived(A, WK, true, 0);
  const a = callee.calls[0];
  callee.packetReceived(A, a.local, true, 10);
  callee.answer(20);
  assertEquals(callee.listener, "open");
  const out = callee.packetReceived(B, WK, true, 30);
  assertEquals(out.effects[2], { kind: "startRinging", call: "in-2", waiting: true });
  const b = callee.calls[1];
  assertEquals(
    callee.packetReceived({ address: "192.0.2.99", port: 1 }, WK, true, 35).effects.length,
    0,
  );
  const up = callee.packetReceived(B, b.local, true, 40);
  assertEquals(moves(up), ["callee in-2: incoming->ringing established"]);
  const third = { address: "192.0.2.99", port: 1 };
  assertEquals(moves(callee.packetReceived(third, WK, true, 45)), [
    "listener: open->suspended refused",
  ]);
  // Room again: the port reopens at once, and the third caller is taken (waiting).
  assertEquals(kinds(callee.hangUp(50, "in-1")), ["closeSocket", "resumeListeningPort"]);
  assertEquals(callee.calls.map((c) => c.state), ["ringing"]);
  assertEquals(
    moves(callee.packetReceived(third, WK, true, 60))[0],
    "callee in-3: idle->incoming incoming-packet",
  );
});

// --- property: no amplification before establishment ----------------------------------

Deno.test("property: before establishment, at most one packet out per packet in, for any arrival pattern", () => {
  const strangers: Endpoint[] = [A, B, { address: "192.0.2.50", port: 7 }, { ...A, port: 50001 }];
  let totalOneShots = 0, totalCalls = 0, totalEstablished = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const random = seededRandom(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const callee = new Callee({ random, callWaiting: random() < 0.5, timeoutMs: 5000 });
    callee.listen(0);
    const callerOf = new Map<string, Endpoint>();
    const established = new Set<string>();
    const received = new Map<string, number>(); // valid caller packets on the port before establishment
    const sent = new Map<string, number>();
    let now = 0, oneShots = 0;
    for (let step = 0; step < 300; step++) {
      now += Math.floor(random() * 800);
      const r = random();
      const locals = callee.calls.map((c) => c.local);
      let input: { from: Endpoint; to: Endpoint; valid: boolean } | undefined;
      let out: Output;
      if (r < 0.55) {
        input = {
          from: pick(strangers),
          to: locals.length && random() < 0.3 ? pick(locals) : WK,
          valid: random() < 0.8,
        };
        out = callee.packetReceived(input.from, input.to, input.valid, now);
      } else if (r < 0.7 && locals.length) {
        const c = pick(callee.calls);
        out = callee.icmpError({
          kind: pick(ICMP_KINDS),
          address: c.caller.address,
          localPort: c.local.port,
        }, now);
      } else if (r < 0.8) {
        const ringing = callee.calls.find((c) => c.state === "incoming" || c.state === "ringing");
        out = ringing ? callee.answer(now, ringing.id) : callee.tick(now);
      } else if (r < 0.85) {
        out = callee.hangUp(now, pick(callee.calls)?.id);
      } else {
        out = callee.tick(now);
      }
      // Which calls were pre-established when this input arrived?
      const before = new Set([...callerOf.keys()].filter((id) => !established.has(id)));
      for (const e of out.effects) if (e.kind === "connectSocket") callerOf.set(e.call, e.peer);
      const onesThisStep = new Map<string, number>();
      for (const e of out.effects) {
        if (e.kind !== "sendVoice" && e.kind !== "sendRingback") continue;
        if (e.mode === "stream") continue; // checked below against establishment
        oneShots++;
        onesThisStep.set(e.call, (onesThisStep.get(e.call) ?? 0) + 1);
        ok(
          input && input.valid && input.to.port === 10000,
          `seed ${seed}: a one-shot reply needs a valid packet on the port`,
        );
        ok(
          sameEndpoint(input.from, callerOf.get(e.call)!),
          `seed ${seed}: replied to someone else's packet`,
        );
        ok(!established.has(e.call), `seed ${seed}: one-shot after establishment`);
        sent.set(e.call, (sent.get(e.call) ?? 0) + 1);
      }
      // Count, independently of what was sent, the packets each unestablished call received.
      if (input?.valid && input.to.port === 10000) {
        for (const [id, from] of callerOf) {
          if (!established.has(id) && sameEndpoint(from, input.from)) {
            received.set(id, (received.get(id) ?? 0) + 1);
          }
        }
      }
      for (const n of onesThisStep.values()) assertEquals(n, 1);
      ok(
        onesThisStep.size <= 1,
        `seed ${seed}: one packet in, replies on ${onesThisStep.size} calls`,
      );
      for (const t of transitionsOf(out)) {
        if (
          t.to === "ringing" && t.reason === "established" ||
          t.to === "talking" && t.reason === "established"
        ) {
          established.add(t.call!);
        }
      }
      for (const e of out.effects) {
        if ((e.kind === "sendVoice" || e.kind === "sendRingback") && e.mode === "stream") {
          ok(established.has(e.call), `seed ${seed}: stream before establishment on ${e.call}`);
        }
      }
      for (const id of before) ok((sent.get(id) ?? 0) <= (received.get(id) ?? 0));
    }
    assertEquals(oneShots, callee.stats.repliesBeforeEstablishment);
    totalOneShots += oneShots;
    totalCalls += callerOf.size;
    totalEstablished += established.size;
  }
  // The random patterns really exercise the rule (not vacuously true).
  ok(
    totalCalls > 400 && totalEstablished > 100 && totalOneShots > 2000,
    `${totalCalls} ${totalEstablished} ${totalOneShots}`,
  );
  console.log(
    `calls ${totalCalls}, established ${totalEstablished}, one-shot replies ${totalOneShots}`,
  );
});

Deno.test("a call port another program holds: the call moves to a fresh port, it does not end", () => {
  const { callee, local, id } = withCall("incoming");
  const out = callee.socketFailed(local.port, "bind: EADDRINUSE (Address already in use)", 110);
  assertEquals(moves(out), []);
  const moved = callee.calls[0].local;
  ok(moved.port !== local.port);
  assertEquals(out.effects, [
    { kind: "openSocket", call: id, local: moved },
    { kind: "connectSocket", call: id, localPort: moved.port, peer: A },
  ]);
  assertEquals(callee.stats.portsTaken, 1);
  // The caller's next packet on the well-known port is answered from the new port.
  assertEquals(callee.packetReceived(A, WK, true, 120).effects[0], {
    kind: "sendRingback",
    call: id,
    localPort: moved.port,
    to: A,
    mode: "one",
  });
});
