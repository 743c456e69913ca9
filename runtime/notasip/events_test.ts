import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { Caller } from "./caller.ts";
import { formatEvent, NOTHING, OutputBuilder, transitionsOf } from "./events.ts";

Deno.test("formatEvent: one line per transition, as the module example says", () => {
  const out = new Caller().dial({ address: "192.0.2.1", port: 10000 }, 0);
  assertEquals(out.effects.map((e) => e.kind), ["openSocket", "sendVoice"]);
  assertEquals(out.events.map(formatEvent), [
    "0.000 s caller out-1: idle -> calling (dialed) 192.0.2.1:10000",
  ]);
  assertEquals(
    formatEvent({
      type: "transition",
      machine: "callee",
      call: "in-1",
      from: "incoming",
      to: "ringing",
      reason: "established",
      at: 1500,
    }),
    "1.500 s callee in-1: incoming -> ringing (established)",
  );
});

Deno.test("formatEvent: details, IPv6 peers, listener events and soft errors", () => {
  assertEquals(
    formatEvent({
      type: "transition",
      machine: "listener",
      from: "open",
      to: "failed",
      reason: "socket-error",
      detail: "EADDRINUSE",
      at: 12,
      peer: { address: "2001:db8::1", port: 10000 },
    }),
    "0.012 s listener: open -> failed (socket-error: EADDRINUSE) [2001:db8::1]:10000",
  );
  assertEquals(
    formatEvent({
      type: "soft-error",
      machine: "caller",
      call: "out-2",
      kind: "net-unreachable",
      address: "192.0.2.9",
      at: 2000,
    }),
    "2.000 s caller out-2: soft error net-unreachable from 192.0.2.9, call continues",
  );
});

Deno.test("OutputBuilder stamps every event with the input's time and keeps order", () => {
  const b = new OutputBuilder("callee", 77)
    .effect({ kind: "stopRinging", call: "in-1" })
    .transition({ call: "in-1", from: "incoming", to: "answered", reason: "answered" })
    .transition({ machine: "listener", from: "open", to: "suspended", reason: "refused" })
    .softError("in-1", "host-unreachable", "198.51.100.2");
  const out = b.build();
  assertEquals(out.effects, [{ kind: "stopRinging", call: "in-1" }]);
  assertEquals(out.events.map((e) => [e.type, e.machine, e.at]), [
    ["transition", "callee", 77],
    ["transition", "listener", 77],
    ["soft-error", "callee", 77],
  ]);
  assertEquals("accepted" in out, false);
  b.accepted = "in-1";
  assertEquals(b.build().accepted, "in-1");
  assertEquals(transitionsOf(out, out).length, 4);
});

Deno.test("NOTHING cannot be changed by a careless consumer", () => {
  throws(() => (NOTHING.effects as unknown[]).push(1), TypeError);
  assertEquals(NOTHING, { effects: [], events: [] });
});
