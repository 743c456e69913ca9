import assert from "node:assert/strict";
import { parseRtpPacket, type RtpPacket } from "./packet.ts";
import { RtpPacketizer } from "./packetizer.ts";

function parsed(bytes: Uint8Array): RtpPacket {
  const r = parseRtpPacket(bytes);
  if (!r.ok) throw new Error(r.detail);
  return r.packet;
}

/** A fill that hands out 0x01, 0x02, 0x03, ... so initial values are predictable. */
function counting() {
  let next = 1;
  return (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = next++;
  };
}

Deno.test("initial SSRC, sequence and timestamp come from the random source in that order", () => {
  const p = new RtpPacketizer({ payloadType: 0, random: counting() });
  assert.equal(p.ssrc, 0x01020304);
  assert.equal(p.sequence, 0x0708);
  assert.equal(p.timestamp, 0x090a0b0c);
});

Deno.test("default random initial values differ between streams", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 8; i++) {
    const p = new RtpPacketizer({ payloadType: 0 });
    seen.add(`${p.ssrc}/${p.sequence}/${p.timestamp}`);
  }
  assert.ok(seen.size >= 7, `only ${seen.size} distinct streams of 8`);
});

Deno.test("timestamps advance by samples, sequence by one, wrapping at 2^16 and 2^32", () => {
  const p = new RtpPacketizer({ payloadType: 8, ssrc: 5, sequence: 65534, timestamp: 0xffffff00 });
  const a = parsed(p.packetize(new Uint8Array(160), 160));
  const b = parsed(p.packetize(new Uint8Array(160), 160));
  const c = parsed(p.packetize(new Uint8Array(80), 80));
  assert.deepEqual([a.sequence, b.sequence, c.sequence], [65534, 65535, 0]);
  assert.deepEqual([a.timestamp, b.timestamp, c.timestamp], [0xffffff00, 0xffffffa0, 0x00000040]);
  assert.equal(a.ssrc, 5);
  assert.equal(c.payloadType, 8);
  assert.equal(p.packetCount, 3);
  assert.equal(p.octetCount, 400);
});

Deno.test("the marker is set on the first packet of each talkspurt only", () => {
  const p = new RtpPacketizer({ payloadType: 0, ssrc: 1, sequence: 0, timestamp: 0 });
  const marks = [];
  marks.push(parsed(p.packetize(new Uint8Array(1), 160)).marker);
  marks.push(parsed(p.packetize(new Uint8Array(1), 160)).marker);
  p.skip(320); // silence
  const afterSilence = parsed(p.packetize(new Uint8Array(1), 160));
  marks.push(afterSilence.marker);
  marks.push(parsed(p.packetize(new Uint8Array(1), 160)).marker);
  p.startTalkspurt();
  marks.push(parsed(p.packetize(new Uint8Array(1), 160)).marker);
  assert.deepEqual(marks, [true, false, true, false, true]);
  assert.equal(afterSilence.timestamp, 640);
  assert.equal(afterSilence.sequence, 2, "silence consumes no sequence numbers");
});

Deno.test("side packets share SSRC and sequence but keep the audio timestamp", () => {
  const p = new RtpPacketizer({ payloadType: 0, ssrc: 9, sequence: 10, timestamp: 1000 });
  p.packetize(new Uint8Array(160), 160);
  const ev = parsed(
    p.packetizeSide({
      payloadType: 101,
      timestamp: 1160,
      marker: true,
      payload: new Uint8Array(4),
    }),
  );
  assert.equal(ev.sequence, 11);
  assert.equal(ev.ssrc, 9);
  assert.equal(ev.payloadType, 101);
  assert.equal(ev.marker, true);
  assert.equal(p.timestamp, 1160);
  p.skip(160, false);
  const audio = parsed(p.packetize(new Uint8Array(160), 160));
  assert.equal(audio.sequence, 12);
  assert.equal(audio.timestamp, 1320);
  assert.equal(audio.marker, false);
});

Deno.test("bad construction and skip arguments throw", () => {
  assert.throws(() => new RtpPacketizer({ payloadType: 128 }), RangeError);
  const p = new RtpPacketizer({ payloadType: 0 });
  assert.throws(() => p.skip(-1), RangeError);
  assert.throws(() => p.skip(0.5), RangeError);
});

Deno.test("retransmitted side packets use a sequence number but are not counted", () => {
  const p = new RtpPacketizer({ payloadType: 0, ssrc: 1, sequence: 0, timestamp: 0 });
  const side = { payloadType: 101, timestamp: 0, marker: false, payload: new Uint8Array(4) };
  p.packetizeSide(side);
  const again = parsed(p.packetizeSide({ ...side, retransmission: true }));
  assert.equal(again.sequence, 1);
  assert.equal(p.packetCount, 1);
  assert.equal(p.octetCount, 4);
});
