import assert from "node:assert/strict";
import {
  buildTelephoneEvent,
  dtmfDigit,
  dtmfEventCode,
  parseTelephoneEvent,
  type TelephoneEventPacket,
  TelephoneEventReceiver,
  TelephoneEventSender,
} from "./telephone_event.ts";

Deno.test("digits map to RFC 4733 event codes and back", () => {
  const digits = "0123456789*#ABCD!";
  for (let i = 0; i < digits.length; i++) {
    assert.equal(dtmfEventCode(digits[i]), i);
    assert.equal(dtmfDigit(i), digits[i]);
  }
  assert.equal(dtmfEventCode("a"), 12);
  assert.equal(dtmfEventCode("x"), undefined);
  assert.equal(dtmfEventCode("12"), undefined);
  assert.equal(dtmfDigit(17), undefined);
  assert.equal(dtmfDigit(-1), undefined);
});

Deno.test("the payload is event, E R volume, duration big-endian", () => {
  const bytes = buildTelephoneEvent({ event: 11, end: true, volume: 63, duration: 0x1234 });
  assert.deepEqual([...bytes], [11, 0x80 | 63, 0x12, 0x34]);
  assert.deepEqual(parseTelephoneEvent(bytes), {
    ok: true,
    event: { event: 11, end: true, volume: 63, duration: 0x1234 },
  });
  // The reserved bit is ignored on receipt.
  const r = parseTelephoneEvent(Uint8Array.of(1, 0x40 | 5, 0, 160));
  assert.ok(r.ok && !r.event.end && r.event.volume === 5);
  assert.equal(parseTelephoneEvent(new Uint8Array(3)).ok, false);
  assert.equal(parseTelephoneEvent(new Uint8Array(8)).ok, false);
  assert.throws(
    () => buildTelephoneEvent({ event: 1, end: false, volume: 64, duration: 0 }),
    RangeError,
  );
  assert.throws(
    () => buildTelephoneEvent({ event: 256, end: false, volume: 0, duration: 0 }),
    RangeError,
  );
  assert.throws(
    () => buildTelephoneEvent({ event: 1, end: false, volume: 0, duration: 65536 }),
    RangeError,
  );
});

/** Runs the sender for `ticks` ticks, the stream timestamp advancing 160 per tick. */
function run(sender: TelephoneEventSender, ticks: number, start = 1000) {
  const out: (TelephoneEventPacket | undefined)[] = [];
  for (let i = 0; i < ticks; i++) out.push(sender.tick(start + 160 * i));
  return out;
}

function describe(p: TelephoneEventPacket | undefined) {
  if (!p) return "audio";
  const ev = parseTelephoneEvent(p.payload);
  assert.ok(ev.ok);
  return `${ev.event.event}${p.marker ? "M" : ""}${
    p.end ? "E" : ""
  }@${p.timestamp}:${ev.event.duration}`;
}

Deno.test("one digit: marker first, same timestamp, growing duration, end sent three times", () => {
  const s = new TelephoneEventSender({ payloadType: 101, durationMs: 100, gapMs: 40 });
  s.enqueue("5");
  assert.equal(s.pending, 1);
  const packets = run(s, 12);
  assert.deepEqual(packets.map(describe), [
    "5M@1000:160",
    "5@1000:320",
    "5@1000:480",
    "5@1000:640",
    "5E@1000:800",
    "5E@1000:800",
    "5E@1000:800",
    "audio", // gap of 40 ms = 2 ticks
    "audio",
    "audio",
    "audio",
    "audio",
  ]);
  assert.deepEqual(packets.slice(4, 7).map((p) => p!.retransmission), [false, true, true]);
  assert.equal(packets[0]!.payloadType, 101);
  assert.equal(s.pending, 0);
  assert.equal(s.sending, false);
});

Deno.test("several digits are separated by the gap and each gets its own timestamp", () => {
  const s = new TelephoneEventSender({ payloadType: 96, durationMs: 40, gapMs: 20 });
  s.enqueue("1#");
  assert.deepEqual(run(s, 10, 0).map(describe), [
    "1M@0:160",
    "1E@0:320",
    "1E@0:320",
    "1E@0:320",
    "audio",
    "11M@800:160",
    "11E@800:320",
    "11E@800:320",
    "11E@800:320",
    "audio",
  ]);
});

Deno.test("a digit shorter than one packet is a single marked end packet, repeated", () => {
  const s = new TelephoneEventSender({ payloadType: 101, durationMs: 10, gapMs: 0 });
  s.enqueue("D");
  assert.deepEqual(run(s, 4, 0).map(describe), ["15ME@0:80", "15E@0:80", "15E@0:80", "audio"]);
});

Deno.test("bad digits queue nothing; bad options throw", () => {
  const s = new TelephoneEventSender({ payloadType: 101 });
  assert.throws(() => s.enqueue("12x4"), /"x" at 2/);
  assert.equal(s.pending, 0);
  assert.throws(() => new TelephoneEventSender({ payloadType: 101, durationMs: 9000 }), RangeError);
  assert.throws(() => new TelephoneEventSender({ payloadType: 200 }), RangeError);
  assert.throws(() => new TelephoneEventSender({ payloadType: 101, volume: 64 }), RangeError);
});

Deno.test("the receiver reports each event once despite retransmission and reordering", () => {
  const s = new TelephoneEventSender({ payloadType: 101, durationMs: 60, gapMs: 20 });
  s.enqueue("789");
  const sent = run(s, 30).filter((p) => p !== undefined);
  // Duplicate every packet and swap neighbours to simulate a poor network.
  const arrived = sent.flatMap((p) => [p, p]);
  for (let i = 0; i + 1 < arrived.length; i += 3) {
    [arrived[i], arrived[i + 1]] = [arrived[i + 1], arrived[i]];
  }
  const rx = new TelephoneEventReceiver();
  const notices = arrived.map((p) => rx.receive(p.timestamp, p.payload)).filter((n) => n);
  assert.deepEqual(notices.map((n) => n!.digit), ["7", "8", "9"]);
  assert.equal(rx.malformed, 0);
});

Deno.test("the receiver reports an event first seen by its end packet, and counts malformed ones", () => {
  const rx = new TelephoneEventReceiver();
  const n = rx.receive(
    500,
    buildTelephoneEvent({ event: 10, end: true, volume: 7, duration: 800 }),
  );
  assert.deepEqual(n, {
    event: 10,
    end: true,
    volume: 7,
    duration: 800,
    digit: "*",
    timestamp: 500,
  });
  assert.equal(rx.receive(500, Uint8Array.of(10, 0x80, 3, 32)), undefined);
  assert.equal(rx.receive(600, new Uint8Array(2)), undefined);
  assert.equal(rx.malformed, 1);
  // Same digit again later is a new event.
  assert.equal(rx.receive(2000, Uint8Array.of(10, 0, 0, 160))?.digit, "*");
  // A non-DTMF event has no digit.
  assert.equal(rx.receive(3000, Uint8Array.of(70, 0, 0, 160))?.digit, undefined);
});
