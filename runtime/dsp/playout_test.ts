import assert from "node:assert/strict";
import { findCodec } from "../codecs/registry.ts";
import { Playout } from "./playout.ts";
import { concat, maxStep, rms, voiced } from "../../harness/signals/test_signals.ts";

/** 2 s of voiced signal as 20 ms PCMU packets, sent every 20 ms. */
async function pcmuPackets() {
  const enc = await findCodec("PCMU").createEncoder();
  const signal = voiced(16000);
  const packets = Array.from({ length: 100 }, (_, i) => ({
    seq: i,
    ts: i * 160,
    payload: enc.encode(signal.subarray(i * 160, (i + 1) * 160)),
  }));
  enc.close();
  return { signal, packets };
}

/** Plays `packets` (with arrival times) and returns the PCM heard from t = 0 on. */
async function listen(
  arrivals: { seq: number; ts: number; payload: Uint8Array; arrival: number }[],
  ms: number,
) {
  const dec = await findCodec("PCMU").createDecoder();
  const playout = await Playout.create({ decode: (p: Uint8Array) => dec.decode(p) });
  const queue = [...arrivals].sort((a, b) => a.arrival - b.arrival);
  const out: Int16Array[] = [];
  let t = 0, next = 0;
  while (t < ms) {
    for (; next < queue.length && queue[next].arrival <= t; next++) {
      const p = queue[next];
      playout.put(
        {
          sequence: p.seq,
          timestamp: p.ts,
          ssrc: 5,
          marker: p.seq === 0,
          samples: p.payload.length,
        },
        p.arrival,
        p.payload,
      );
    }
    const step = playout.next(t);
    out.push(step.pcm);
    t += step.pcm.length / 8;
  }
  const stats = playout.stats();
  playout.close();
  dec.close();
  return { pcm: concat(out), stats };
}

Deno.test("packets with jitter, reordering and a loss come out as continuous speech", async () => {
  const { signal, packets } = await pcmuPackets();
  let s = 17;
  const jitter = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 * 40;
  const arrivals = packets.filter((p) => p.seq !== 40).map((p) => ({
    ...p,
    arrival: p.seq * 20 + 30 + jitter(),
  }));
  const { pcm, stats } = await listen(arrivals, 2600);
  assert.equal(stats.played, 99);
  assert.equal(stats.late, 0);
  assert.ok(stats.concealed >= 1);
  // Once speech starts it never breaks off into silence or clicks until the end.
  const first = pcm.findIndex((v) => v !== 0);
  const heard = pcm.subarray(first, first + 15000);
  assert.ok(
    maxStep(heard) <= 1.3 * maxStep(signal),
    `step ${maxStep(heard)} vs ${maxStep(signal)}`,
  );
  for (let i = 0; i + 160 <= heard.length; i += 160) {
    assert.ok(rms(heard.subarray(i, i + 160)) > 0.3 * rms(signal), `quiet block at ${i}`);
  }
});

Deno.test("undecodable payloads are concealed and counted, never thrown", async () => {
  const playout = await Playout.create<string>({
    decode: (p) => {
      if (p === "bad") throw new Error("corrupt");
      return new Int16Array(160).fill(1000);
    },
  });
  for (let i = 0; i < 5; i++) {
    playout.put(
      { sequence: i, timestamp: i * 160, ssrc: 1, marker: i === 0, samples: 160 },
      i * 20,
      i === 2 ? "bad" : "ok",
    );
  }
  let t = 0;
  while (t < 200) t += playout.next(t).pcm.length / 8;
  assert.equal(playout.stats().undecodable, 1);
  assert.equal(playout.stats().played, 5);
  playout.close();
});

Deno.test("silences carry comfort noise at the requested level when asked", async () => {
  const playout = await Playout.create({
    decode: (p: Uint8Array) => new Int16Array(p.length),
    comfortNoiseDbov: -50,
  });
  const pcm = concat(Array.from({ length: 50 }, (_, i) => playout.next(i * 10).pcm)).subarray(100);
  const level = 20 * Math.log10(rms(pcm) / 32767);
  assert.ok(Math.abs(level + 50) < 1, `${level} dBov`);
  playout.close();
  // Appendix I concealment runs at 8 and 16 kHz only.
  await assert.rejects(
    () => Playout.create({ decode: () => new Int16Array(0), sampleRate: 11025 }),
    /8000 or 16000 Hz/,
  );
  (await Playout.create({ decode: () => new Int16Array(0), sampleRate: 16000 })).close();
});

Deno.test("scaleStep 2: a 16 kHz stream's frames change length by whole pairs of samples", async () => {
  const signal = voiced(64000, 62.5); // 2 s at 16 kHz
  const playout = await Playout.create({
    decode: (p: Uint8Array) => new Int16Array(p.buffer, p.byteOffset, p.length / 2),
    sampleRate: 16000,
    scaleStep: 2,
    loudScaleMs: 0, // scale speech too, not only pauses
  });
  const payload = (i: number) => new Uint8Array(signal.slice(i * 320, (i + 1) * 320).buffer);
  let t = 0, sent = 0, scaled = 0;
  while (t < 1900) {
    // Every fifth packet 50 ms late: the buffer grows, and sheds the delay by time-scaling.
    for (; sent < 100 && sent * 20 + (sent % 5 === 4 ? 50 : 0) <= t; sent++) {
      const info = { sequence: sent, timestamp: sent * 320, ssrc: 7, marker: sent === 0 };
      playout.put({ ...info, samples: 320 }, t, payload(sent));
    }
    const step = playout.next(t);
    assert.equal(step.pcm.length % 2, 0, `an odd frame of ${step.pcm.length} at ${t} ms`);
    if (step.decision.kind === "play" && step.pcm.length !== step.decision.samples) scaled++;
    t += step.pcm.length / 16;
  }
  const stats = playout.stats();
  playout.close();
  assert.ok(scaled > 0 && stats.stretchedSamples + stats.compressedSamples > 0, "time-scaled");
});
