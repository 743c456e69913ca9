import assert from "node:assert/strict";
import { Handset, type HandsetEffect } from "./handset.ts";

const kinds = (effects: HandsetEffect[]) =>
  effects.filter((e) => e.kind !== "state").map((e) =>
    e.kind === "tone"
      ? `tone:${e.tone}`
      : e.kind === "ring"
      ? `ring:${e.on}`
      : e.kind === "dtmf"
      ? `dtmf:${e.digit}`
      : e.kind
  );

Deno.test("handset: off-hook gives dial tone; the first digit stops it; # dials", () => {
  const h = new Handset();
  assert.deepEqual(kinds(h.hook(0, true)), ["tone:dial"]);
  assert.equal(h.state, "dialtone");
  assert.deepEqual(kinds(h.digit(900, "*")), ["tone:null"]);
  for (const d of "10*0*0*2") assert.deepEqual(h.digit(1000, d), []);
  const out = h.digit(1100, "#");
  assert.equal(h.state, "resolving");
  assert.deepEqual(out.find((e) => e.kind === "dial"), {
    kind: "dial",
    target: { kind: "address", address: "10.0.0.2" },
    digits: "*10*0*0*2#",
  });
});

Deno.test("handset: the inter-digit timeout ends dialing; earlier ticks do not", () => {
  const h = new Handset({ interDigitMs: 4000 });
  h.hook(0, true);
  h.digit(100, "1");
  h.digit(200, "2");
  assert.deepEqual(h.tick(4100), []);
  assert.equal(h.nextDeadline, 4200);
  const out = h.tick(4200);
  assert.deepEqual(out.find((e) => e.kind === "dial"), {
    kind: "dial",
    target: { kind: "quick", key: "12" },
    digits: "12",
  });
});

Deno.test("handset: no digit after dial tone is congestion until on-hook", () => {
  const h = new Handset({ firstDigitMs: 15000 });
  h.hook(0, true);
  assert.deepEqual(kinds(h.tick(15000)), ["tone:congestion"]);
  assert.equal(h.state, "failed");
  assert.deepEqual(kinds(h.digit(16000, "5")), []); // keys do nothing now
  assert.deepEqual(kinds(h.hook(17000, false)), ["tone:null"]);
  assert.equal(h.state, "idle");
});

Deno.test("handset: an outgoing call: ring-back, connected, DTMF on the keypad, hang up", () => {
  const h = new Handset();
  h.hook(0, true);
  for (const d of "5551234#") h.digit(10, d);
  assert.deepEqual(kinds(h.callProgress(20, "calling")), ["tone:ringback"]);
  assert.deepEqual(kinds(h.callProgress(30, "connected")), ["tone:null"]);
  assert.equal(h.state, "connected");
  assert.deepEqual(kinds(h.digit(40, "3")), ["dtmf:3"]);
  assert.deepEqual(kinds(h.hook(50, false)), ["hangup", "tone:null"]);
  assert.equal(h.state, "idle");
});

Deno.test("handset: unknown number is the intercept tone; busy is busy; remote hang-up", () => {
  const h = new Handset();
  h.hook(0, true);
  h.digit(1, "9");
  h.digit(2, "9");
  h.digit(3, "9");
  h.digit(4, "#");
  assert.deepEqual(kinds(h.callProgress(5, "failed", "999: not in the white pages")), [
    "tone:intercept",
  ]);
  assert.equal(h.reason, "999: not in the white pages");
  h.flash(6); // flash: dial again without hanging up
  assert.equal(h.state, "dialtone");
  for (const d of "12#") h.digit(7, d);
  h.callProgress(8, "calling");
  assert.deepEqual(kinds(h.callProgress(9, "busy")), ["tone:busy"]);
  h.hook(10, false);
  h.hook(11, true);
  for (const d of "12#") h.digit(12, d);
  h.callProgress(13, "connected");
  assert.deepEqual(kinds(h.callProgress(14, "ended", "hung up")), ["tone:busy"]);
  assert.equal(h.state, "released");
});

Deno.test("handset: incoming call rings; off-hook answers; busy while off hook", () => {
  const h = new Handset();
  const first = h.incoming(0);
  assert.equal(first.accepted, true);
  assert.deepEqual(kinds(first.effects), ["ring:true"]);
  assert.deepEqual(kinds(h.hook(100, true)), ["ring:false", "answer"]);
  assert.equal(h.state, "connected");
  assert.equal(h.incoming(200).accepted, false);
  h.hook(300, false);
  h.incoming(400);
  assert.deepEqual(kinds(h.incomingGone(500)), ["ring:false"]);
  assert.equal(h.state, "idle");
});

Deno.test("handset: invalid dialing (stray *) is the intercept tone", () => {
  const h = new Handset();
  h.hook(0, true);
  for (const d of "12*34#") h.digit(1, d);
  assert.equal(h.state, "failed");
  assert.match(h.reason ?? "", /\*/);
});

Deno.test("handset with a hook guard: pulses are digits, a longer break a flash, longer on-hook", () => {
  const h = new Handset({ hookGuardMs: 800, pulseBreakMaxMs: 120, pulseDigitGapMs: 300 });
  h.hook(0, true);
  let t = 1000;
  const pulses = (n: number) => {
    for (let i = 0; i < n; i++) {
      h.hook(t, false);
      h.hook(t + 60, true);
      t += 100;
    }
    t += 500;
    h.tick(t);
  };
  pulses(3);
  assert.equal(h.state, "dialing");
  assert.equal(h.digits, "3");
  pulses(10);
  assert.equal(h.digits, "30");
  // a 400 ms break: flash, dial tone again
  h.hook(t, false);
  assert.deepEqual(kinds(h.hook(t + 400, true)), ["tone:dial"]);
  assert.equal(h.digits, "");
  // a real on-hook is believed after the guard
  h.hook(t + 1000, false);
  assert.equal(h.state, "dialtone");
  assert.equal(h.nextDeadline, t + 1800);
  assert.deepEqual(kinds(h.tick(t + 1800)), ["tone:null"]);
  assert.equal(h.state, "idle");
});

Deno.test("handset: flash during a call is passed on; on-hook during resolving abandons", () => {
  const h = new Handset();
  h.incoming(0);
  h.hook(1, true);
  assert.deepEqual(kinds(h.flash(2)), ["flash"]);
  h.hook(3, false);
  h.hook(4, true);
  for (const d of "123#") h.digit(5, d);
  assert.equal(h.state, "resolving");
  assert.deepEqual(kinds(h.hook(6, false)), ["hangup", "tone:null"]);
  // a late answer from the resolver changes nothing
  assert.deepEqual(h.callProgress(7, "calling"), []);
  assert.equal(h.state, "idle");
});
