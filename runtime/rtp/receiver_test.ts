import assert from "node:assert/strict";
import { buildRtpPacket } from "./packet.ts";
import { g723, pcmu } from "./payload_formats.ts";
import { RtpReceiver } from "./receiver.ts";

function rtp(seq: number, opts: { pt?: number; ssrc?: number; ts?: number } = {}) {
  return buildRtpPacket({
    payloadType: opts.pt ?? 0,
    sequence: seq,
    timestamp: opts.ts ?? seq * 160,
    ssrc: opts.ssrc ?? 0xabc,
    payload: Uint8Array.of(seq & 0xff),
  });
}

Deno.test("good packets are accepted with their payload and extended sequence", () => {
  const rx = new RtpReceiver({ clockRate: 8000, payloadTypes: [0], minSequential: 1 });
  const r = rx.receive(rtp(5), 0);
  assert.equal(r.accepted, true);
  if (r.accepted) {
    assert.deepEqual([...r.packet.payload], [5]);
    assert.equal(r.extendedSequence, 5);
    assert.equal(r.reordered, false);
  }
  assert.equal(rx.ssrc, 0xabc);
  assert.equal(rx.counters.accepted, 1);
});

Deno.test("every kind of bad datagram is dropped and counted under its reason", () => {
  const rx = new RtpReceiver({ clockRate: 8000, payloadTypes: [0] });
  const reasons = [
    rx.receive(new Uint8Array(3), 0), // malformed: too short
    rx.receive(Uint8Array.of(0x40, ...rtp(1).subarray(1)), 0), // malformed: version 1
    rx.receive(rtp(1, { pt: 8 }), 0), // wrong payload type (does not lock the SSRC)
    rx.receive(rtp(10), 0), // probation (locks SSRC 0xabc)
    rx.receive(rtp(11, { ssrc: 0x999 }), 0), // foreign SSRC
    rx.receive(rtp(11), 20), // accepted
    rx.receive(rtp(11), 25), // duplicate
    rx.receive(rtp(9000), 40), // bad sequence
    rx.receive(rtp(12), 40), // accepted
  ].map((r) => r.accepted ? "accepted" : r.reason);
  assert.deepEqual(reasons, [
    "malformed",
    "malformed",
    "wrong-payload-type",
    "probation",
    "foreign-ssrc",
    "accepted",
    "duplicate",
    "bad-sequence",
    "accepted",
  ]);
  const c = rx.counters;
  assert.equal(c.accepted, 2);
  assert.deepEqual(c.dropped, {
    "malformed": 2,
    "foreign-ssrc": 1,
    "wrong-payload-type": 1,
    "probation": 1,
    "bad-sequence": 1,
    "duplicate": 1,
    "bad-payload": 0,
  });
  assert.deepEqual(c.malformed, { "too-short": 1, "bad-version": 1 });
  const s = rx.stats();
  assert.equal(s?.received, 2);
  assert.equal(s?.duplicates, 1);
});

Deno.test("a fixed SSRC rejects others from the first packet", () => {
  const rx = new RtpReceiver({ clockRate: 8000, payloadTypes: [0], ssrc: 7, minSequential: 1 });
  const r = rx.receive(rtp(1, { ssrc: 8 }), 0);
  assert.equal(r.accepted ? "accepted" : r.reason, "foreign-ssrc");
  assert.equal(rx.receive(rtp(1, { ssrc: 7 }), 0).accepted, true);
});

Deno.test("event payload types are accepted but leave jitter alone", () => {
  const rx = new RtpReceiver({
    clockRate: 8000,
    payloadTypes: [0],
    eventPayloadTypes: [101],
    minSequential: 1,
  });
  rx.receive(rtp(0), 0);
  rx.receive(rtp(1), 20);
  assert.equal(rx.receive(rtp(2, { pt: 101, ts: 123456 }), 40).accepted, true);
  rx.receive(rtp(3), 60);
  assert.equal(rx.stats()?.jitter, 0);
  assert.equal(rx.stats()?.received, 4);
});

Deno.test("resetSource lets a new SSRC take over", () => {
  const rx = new RtpReceiver({ clockRate: 8000, payloadTypes: [0], minSequential: 1 });
  rx.receive(rtp(0, { ssrc: 1 }), 0);
  assert.equal(rx.receive(rtp(1, { ssrc: 2 }), 20).accepted, false);
  rx.resetSource();
  assert.equal(rx.receive(rtp(500, { ssrc: 2 }), 40).accepted, true);
  assert.equal(rx.ssrc, 2);
  assert.equal(rx.stats()?.received, 1);
  assert.equal(rx.counters.dropped["foreign-ssrc"], 1);
});

Deno.test("with formats, payloads are split into frames and bad ones dropped as bad-payload", () => {
  const rx = new RtpReceiver({
    clockRate: 8000,
    formats: new Map([[4, g723], [0, pcmu]]),
    minSequential: 1,
  });
  const g723Packet = (seq: number, payload: Uint8Array) =>
    buildRtpPacket({ payloadType: 4, sequence: seq, timestamp: seq * 240, ssrc: 1, payload });
  const good = new Uint8Array(28);
  good[24] = 0x02; // 6.3k frame then SID
  const r = rx.receive(g723Packet(1, good), 0);
  assert.ok(r.accepted);
  if (r.accepted) assert.deepEqual(r.frames?.map((f) => f.kind), ["audio", "sid"]);
  const bad = rx.receive(g723Packet(2, new Uint8Array(23)), 30);
  assert.equal(bad.accepted, false);
  if (!bad.accepted) {
    assert.equal(bad.reason, "bad-payload");
    assert.equal(bad.payloadError, "truncated-frame");
  }
  assert.equal(rx.counters.dropped["bad-payload"], 1);
  assert.equal(rx.stats()?.received, 2, "a bad payload still arrived in sequence");
  assert.equal(rx.receive(rtp(3, { pt: 8, ssrc: 1 }), 60).accepted, false, "PT 8 has no format");
});
