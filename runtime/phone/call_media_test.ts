import assert from "node:assert/strict";
import { CallMedia, packetization } from "./call_media.ts";
import { findCodec } from "../codecs/mod.ts";
import { windowedCorrelation } from "../dsp/signal_compare.ts";

const LINE = 80; // 10 ms

// A rising chirp with a little noise: never periodic, so a delay cannot alias.
function tone(n: number, start: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => {
    const t = (start + i) / 8000;
    const noise = (((start + i) * 2654435761) >>> 16 & 0x3ff) - 512;
    return Math.round(9000 * Math.sin(2 * Math.PI * (200 * t + 250 * t * t)) + noise);
  });
}

/** Sends `ms` of tone from a to b, each packet arriving `delay(k)` ms after it is sent. */
async function run(codec: string, delay: (k: number) => number, lose = (_k: number) => false) {
  const c = findCodec(codec);
  const pt = c.payloadType ?? 96;
  const a = await CallMedia.create({ codec: c, payloadType: pt, lineSamples: LINE });
  const b = await CallMedia.create({ codec: c, payloadType: pt, lineSamples: LINE });
  const sent: Int16Array[] = [], heard: Int16Array[] = [];
  const inFlight: { at: number; bytes: Uint8Array }[] = [];
  let k = 0;
  for (let tick = 0; tick < 300; tick++) {
    const now = tick * 10;
    const frame = tone(LINE, tick * LINE);
    sent.push(frame);
    a.capture(frame);
    if (a.packetReady) {
      const bytes = a.nextPacket();
      if (!lose(k)) inFlight.push({ at: now + delay(k), bytes });
      k++;
    }
    for (const p of inFlight.filter((p) => p.at <= now)) b.receive(p.bytes, p.at);
    inFlight.splice(0, inFlight.length, ...inFlight.filter((p) => p.at > now));
    heard.push(b.playoutFrame(now));
  }
  const stats = b.stats();
  a.close();
  b.close();
  const join = (xs: Int16Array[]) => Int16Array.from(xs.flatMap((x) => [...x]));
  return { sent: join(sent), heard: join(heard), stats };
}

/** Worst and median windowed correlation after the first second. */
function similarity(sent: Int16Array, heard: Int16Array) {
  const windows = windowedCorrelation(sent.subarray(8000), heard.subarray(8000), 1600, 1200);
  const sorted = windows.map((w) => w.correlation).sort((a, b) => a - b);
  return { worst: sorted[0], median: sorted[sorted.length >> 1], lags: windows.map((w) => w.lag) };
}

for (
  const [codec, floor] of [
    ["pcmu", 0.999],
    ["pcma", 0.999],
    ["g726-32", 0.98],
    ["g723", 0.95],
    ["dvi4", 0.98],
    ["l16", 0.999],
    // 16 kHz: the line's 8 kHz audio goes up and back down at the edges; time-scale splices
    // are whole 8 kHz samples, so the output never slips by half a sample.
    ["dvi4-16", 0.98],
    ["l16-16", 0.999],
  ] as const
) {
  Deno.test(`${codec}: what is sent is heard, a little later`, async () => {
    const { sent, heard, stats } = await run(codec, () => 30);
    const { worst, lags } = similarity(sent, heard);
    const { median } = similarity(sent, heard);
    assert.ok(median > floor, `median window correlation ${median.toFixed(4)}`);
    // Windows holding a time-scale splice (the buffer shrinking its delay) score lower.
    assert.ok(worst > 0.8, `worst window correlation ${worst.toFixed(3)}`);
    assert.ok(lags.every((lag) => lag >= 240), `delays ${lags}`); // never before the 30 ms network
    assert.equal(stats.received?.cumulativeLost, 0);
  });
}

Deno.test("jittered, reordered and lost packets are played, concealed and counted", async () => {
  const { sent, heard, stats } = await run(
    "pcmu",
    (k) => 20 + ((k * 37) % 50), // 20-69 ms, out of order
    (k) => k % 17 === 5,
  );
  assert.ok(stats.playout.concealed > 0, "losses were concealed");
  assert.ok((stats.received?.cumulativeLost ?? 0) > 0, "losses were counted");
  const { median } = similarity(sent, heard);
  assert.ok(median > 0.9, `median window correlation ${median.toFixed(3)}`);
});

for (const codec of ["dvi4-16", "l16-16"]) {
  Deno.test(`${codec}: a 16 kHz stream's buffer adapts without skipping packets`, async () => {
    // A delay that climbs to 90 ms and falls back: the buffer must grow, then shed it.
    const { sent, heard, stats } = await run(
      codec,
      (k) => 20 + 70 * Math.sin((Math.PI * k) / 150) ** 2,
    );
    assert.equal(stats.playout.droppedForDelay, 0);
    // Jitter is kept in timestamp units of the 16 kHz clock.
    const { jitter = 0, jitterMs = 0 } = stats.received ?? {};
    assert.ok(jitterMs > 0 && Math.abs(jitter / 16 - jitterMs) < 1e-6, `${jitter} / ${jitterMs}`);
    const { median } = similarity(sent, heard);
    assert.ok(median > 0.9, `median window correlation ${median.toFixed(3)}`);
  });
}

Deno.test("foreign and malformed datagrams are refused and counted", async () => {
  const m = await CallMedia.create({ codec: findCodec("pcmu"), payloadType: 0, lineSamples: LINE });
  assert.equal(m.receive(Uint8Array.of(1, 2, 3), 0), false);
  assert.equal(m.receive(new Uint8Array(200), 0), false); // version 0
  const dropped = Object.values(m.stats().dropped).reduce((a, b) => a + b, 0);
  assert.equal(dropped, 2);
  m.close();
});

Deno.test("a requested packetization is rounded to whole 10 ms line frames", async () => {
  const m = await CallMedia.create({
    codec: findCodec("pcmu"),
    payloadType: 0,
    lineSamples: 80,
    ptimeMs: 25,
  });
  assert.equal(m.packetSamples, 240); // 25 ms -> 30 ms
  m.close();
});

Deno.test("ring-back packets replace the microphone and keep the sequence", async () => {
  const codec = findCodec("pcmu");
  const a = await CallMedia.create({ codec, payloadType: 0, lineSamples: LINE });
  const b = await CallMedia.create({ codec, payloadType: 0, lineSamples: LINE });
  for (let k = 0; k < 10; k++) {
    a.capture(tone(LINE, 0));
    a.capture(tone(LINE, LINE));
    const packet = k < 5 ? a.packetOf(new Int16Array(160)) : a.nextPacket();
    assert.ok(b.receive(packet, k * 20) || k < 1, `packet ${k} accepted`);
  }
  assert.equal(a.stats().packetsSent, 10);
  assert.equal(b.stats().received?.received, 9); // the first starts probation (RFC 3550 A.1)
  assert.equal(a.packetReady, false); // every captured frame was used or dropped
  a.close();
  b.close();
});

Deno.test("packetization rounds to whole codec frames and whole line frames", () => {
  assert.equal(packetization(findCodec("g723"), 20, 80), 30);
  assert.equal(packetization(findCodec("g723"), 60, 80), 60);
  assert.equal(packetization(findCodec("pcmu"), 20, 80), 20);
  assert.equal(packetization(findCodec("pcmu"), undefined, 80), 20);
  assert.equal(packetization(findCodec("lpc10"), 20, 80), 90); // 22.5 ms frames, 10 ms lines
  assert.equal(packetization(findCodec("lpc10"), 200, 80), 180);
});

Deno.test("RFC 4733 digits replace audio packets and are reported once each", async () => {
  const codec = findCodec("pcmu");
  const heard: string[] = [];
  const a = await CallMedia.create({
    codec,
    payloadType: 0,
    lineSamples: LINE,
    telephoneEventType: 101,
  });
  const b = await CallMedia.create({
    codec,
    payloadType: 0,
    lineSamples: LINE,
    telephoneEventType: 101,
    onDigit: (d) => heard.push(d),
  });
  assert.throws(() => a.sendEvents("x"), /not a DTMF digit/);
  let events = 0;
  for (let k = 0; k < 40; k++) {
    if (k === 3) a.sendEvents("9#"); // after the receiver's probation (RFC 3550 A.1)
    a.capture(tone(LINE, 0));
    a.capture(tone(LINE, LINE));
    const packet = a.nextPacket();
    if ((packet[1] & 0x7f) === 101) events++;
    assert.ok(b.receive(packet, k * 20) || k < 1, `packet ${k}`);
  }
  assert.deepEqual(heard, ["9", "#"]);
  assert.equal(events, 2 * 7); // 5 packets of 20 ms per 100 ms digit, then 2 repeated ends
  assert.equal(a.eventsPending, 0);
  const plain = await CallMedia.create({ codec, payloadType: 0, lineSamples: LINE });
  assert.throws(() => plain.sendEvents("1"), /no telephone-event payload type/);
  for (const m of [a, b, plain]) m.close();
});

Deno.test("a reply cut to the size it answers counts DVI4's state header", async () => {
  const m = await CallMedia.create({ codec: findCodec("dvi4"), payloadType: 5, lineSamples: LINE });
  for (const maxBytes of [12, 15, 16, 17, 40, 100]) {
    const packet = m.packetOf(tone(160, 0), maxBytes);
    assert.ok(packet.length <= Math.max(12, maxBytes), `${packet.length} > ${maxBytes}`);
  }
  assert.equal(m.packetOf(tone(160, 0), 17).length, 12 + 4 + 1); // header and 2 samples
  m.close();
});
