// Two phones on emulated Quicknet cards set to G.723.1: frames the cards record travel as
// RTP and reach the other card untouched, in both directions (no transcoding anywhere).
import assert from "node:assert/strict";
import { Phone, type PhoneState } from "./phone.ts";
import { UdpTransports } from "./udp_transport.ts";
import { openLine } from "../audio/registry.ts";
import { CardType, PhoneJackEmulator } from "../../harness/devices/phonejack_emulator.ts";

const emulator = await PhoneJackEmulator.load();

/** Distinct 6.3 kbit/s frames (type bits 00), as a card would record them. */
function frames(count: number, seed: number): Uint8Array[] {
  return Array.from({ length: count }, (_, k) =>
    Uint8Array.from({ length: 24 }, (_, i) => {
      const b = ((k + 1) * 131 + i * 29 + seed * 7) & 0xff;
      return i === 0 ? b & 0xfc : b;
    }));
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let at = 0; at + needle.length <= haystack.length; at++) {
    for (let i = 0; i < needle.length; i++) if (haystack[at + i] !== needle[i]) continue outer;
    return true;
  }
  return false;
}

async function cardPhone(index: number, port: number) {
  const line = await openLine({
    kind: "phonejack",
    index,
    library: emulator.path,
    codec: "G723_63",
  });
  const phone = await Phone.create({
    line,
    transports: new UdpTransports(),
    listen: { address: "127.0.0.1", port },
    autoAnswer: true,
  });
  const states: PhoneState[] = [];
  phone.onEvent((e) => e.type === "state" && states.push(e.state));
  return { phone, states, running: phone.run() };
}

async function until(states: PhoneState[], state: PhoneState, ms = 3000) {
  const start = Date.now();
  while (!states.includes(state) && Date.now() - start < ms) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(states.includes(state), `no ${state} in ${states}`);
}

Deno.test("G.723.1 frames pass from one card to the other untouched, both ways", async () => {
  emulator.reset(0);
  emulator.reset(1);
  emulator.addCard(0, CardType.PhoneJACK);
  emulator.addCard(1, CardType.PhoneJACK);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const callee = await cardPhone(0, port);
  const caller = await cardPhone(1, port + 1);
  try {
    assert.equal(callee.phone.coded?.encoding, "G723");
    await callee.phone.listen();
    await caller.phone.call(`iphone://127.0.0.1:${port}/4`);
    await until(caller.states, "connected");
    await until(callee.states, "talking");
    await new Promise((r) => setTimeout(r, 300)); // both sides established and streaming
    const fromCaller = frames(12, 1), fromCallee = frames(12, 2);
    emulator.queueRecordedBytes(1, Uint8Array.from(fromCaller.flatMap((f) => [...f])));
    emulator.queueRecordedBytes(0, Uint8Array.from(fromCallee.flatMap((f) => [...f])));
    await new Promise((r) => setTimeout(r, 12 * 30 + 600));
    const joined = (fs: Uint8Array[]) => Uint8Array.from(fs.flatMap((f) => [...f]));
    assert.ok(contains(emulator.speaker(0), joined(fromCaller)), "caller's card -> callee's card");
    assert.ok(contains(emulator.speaker(1), joined(fromCallee)), "callee's card -> caller's card");
    const stats = callee.phone.stats();
    assert.equal(stats.codec, "g723");
    assert.equal(stats.media?.playout.undecodable, 0);
  } finally {
    await caller.phone.close();
    await callee.phone.close();
    await Promise.all([caller.running, callee.running]);
  }
});
