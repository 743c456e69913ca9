import assert from "node:assert/strict";
import { JitterBuffer, type JitterBufferOptions, type PlayoutDecision } from "./jitter_buffer.ts";

interface Sent {
  seq: number;
  ts: number;
  arrival: number; // ms; NaN = lost
  marker?: boolean;
  samples?: number;
  ssrc?: number;
}

interface Played {
  at: number;
  d: PlayoutDecision<number>;
}

/**
 * Drives a buffer like the phone does: packets go in at their arrival times, playout asks
 * for the next unit whenever the previous one is used up; time-scaling is taken as granted.
 */
async function simulate(packets: Sent[], untilMs: number, options: JitterBufferOptions = {}) {
  const jb = await JitterBuffer.create<number>(options);
  const queue = packets.map((p, i) => ({ ...p, i })).filter((p) => !Number.isNaN(p.arrival))
    .sort((a, b) => a.arrival - b.arrival);
  const out: Played[] = [];
  const refusals: string[] = [];
  let t = 0;
  let next = 0;
  while (t < untilMs) {
    while (next < queue.length && queue[next].arrival <= t) {
      const p = queue[next++];
      const r = jb.put(
        {
          sequence: p.seq,
          timestamp: p.ts,
          ssrc: p.ssrc ?? 1,
          marker: p.marker ?? false,
          samples: p.samples ?? 160,
        },
        p.arrival,
        p.i,
      );
      if (typeof r === "string") refusals.push(`${p.i}:${r}`);
    }
    const d = jb.get(t);
    const produced = d.kind === "play" ? d.outSamples : d.samples;
    jb.played(produced);
    out.push({ at: t, d });
    t += produced / 8;
  }
  const stats = jb.stats();
  jb.close();
  return { out, refusals, stats };
}

function stream(count: number, transit: (i: number) => number, samples = 160, start = 0): Sent[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: (start + i) & 0xffff,
    ts: ((start + i) * samples) >>> 0,
    arrival: (i * samples) / 8 + transit(i),
    samples,
    marker: i === 0,
  }));
}

const playedIds = (out: Played[]) => out.flatMap(({ d }) => d.kind === "play" ? [d.payload] : []);

Deno.test("steady stream: every packet plays once, in order, delay settles on the transit", async () => {
  const { out, stats } = await simulate(stream(200, () => 50), 200 * 20 + 200);
  assert.deepEqual(playedIds(out), Array.from({ length: 200 }, (_, i) => i));
  assert.equal(stats.late, 0);
  // Concealment only after the stream has ended (the buffer cannot know it has).
  const lastPlay = out.findLastIndex(({ d }) => d.kind === "play");
  assert.ok(out.slice(0, lastPlay).every(({ d }) => d.kind !== "conceal"));
  // Constant transit: nothing to absorb; the initial 40 ms decays towards 0.
  assert.ok(stats.targetDelayMs < 20, `target ${stats.targetDelayMs}`);
  assert.ok(stats.compressedSamples > 0, "the initial delay is removed by time-scaling");
  const first = out.find(({ d }) => d.kind === "play")!;
  assert.equal(first.at, 50 + 40, "the first packet waits the initial delay");
});

Deno.test("reordered packets are played in sequence order", async () => {
  // Swap every pair: packet 2k arrives 25 ms late, after 2k+1.
  const packets = stream(100, (i) => 30 + (i % 2 === 0 ? 25 : 0));
  const { out, stats } = await simulate(packets, 100 * 20 + 300);
  assert.deepEqual(playedIds(out), Array.from({ length: 100 }, (_, i) => i));
  assert.equal(stats.late, 0);
});

Deno.test("duplicates are refused and counted, the first copy plays", async () => {
  const packets = stream(50, () => 20);
  const dupes = [5, 6, 30].map((i) => ({ ...packets[i], arrival: packets[i].arrival + 7 }));
  const { out, refusals, stats } = await simulate([...packets, ...dupes], 50 * 20 + 200);
  assert.deepEqual(playedIds(out), Array.from({ length: 50 }, (_, i) => i));
  assert.equal(stats.duplicates, 3);
  assert.deepEqual(refusals.map((r) => r.split(":")[1]), ["duplicate", "duplicate", "duplicate"]);
});

Deno.test("a packet later than its playout time is dropped as late and concealed", async () => {
  const packets = stream(100, (i) => (i === 60 ? 400 : 30));
  const { out, stats } = await simulate(packets, 100 * 20 + 600);
  const ids = playedIds(out);
  assert.ok(!ids.includes(60), "packet 60 never plays");
  assert.equal(ids.length, 99);
  assert.equal(stats.late, 1);
  const conceal = out.filter(({ d }) => d.kind === "conceal");
  assert.ok(conceal.length >= 1);
  // The conceal unit stands exactly where packet 60 belonged.
  assert.ok(conceal.some(({ d }) => d.timestamp === 60 * 160 && !("inserted" in d && d.inserted)));
});

Deno.test("a timestamp jump in the same stream resynchronises without a long gap", async () => {
  const packets = stream(100, () => 40).map((p, i) =>
    i >= 50 ? { ...p, ts: (p.ts + 1_000_000) >>> 0 } : p
  );
  const { out, stats } = await simulate(packets, 100 * 20 + 300);
  assert.deepEqual(playedIds(out), Array.from({ length: 100 }, (_, i) => i));
  assert.equal(stats.resyncs, 1);
  const i49 = out.findIndex(({ d }) => d.kind === "play" && d.payload === 49);
  const i50 = out.findIndex(({ d }) => d.kind === "play" && d.payload === 50);
  assert.ok(out[i50].at - out[i49].at <= 60, `gap ${out[i50].at - out[i49].at} ms`);
});

Deno.test("a new SSRC (new sequence and timestamp bases) is followed", async () => {
  const packets = stream(100, () => 40).map((p, i) =>
    i >= 50 ? { ...p, ssrc: 99, seq: (30000 + i) & 0xffff, ts: (3_000_000_000 + i * 160) >>> 0 } : p
  );
  const { out, stats } = await simulate(packets, 100 * 20 + 300);
  assert.deepEqual(playedIds(out), Array.from({ length: 100 }, (_, i) => i));
  assert.equal(stats.resyncs, 1);
  assert.equal(stats.late + stats.duplicates, 0);
});

Deno.test("sequence numbers and timestamps wrap around", async () => {
  const packets = stream(60, () => 30, 160, 65510).map((p, i) => ({
    ...p,
    ts: (4294967296 - 30 * 160 + i * 160) >>> 0,
  }));
  const { out, stats } = await simulate(packets, 60 * 20 + 300);
  assert.deepEqual(playedIds(out), Array.from({ length: 60 }, (_, i) => i));
  assert.equal(stats.resyncs, 0);
});

Deno.test("talkspurts: silence between them, and the delay is adapted there, not by concealment", async () => {
  // Talkspurt 1: transit 40 ms. 1 s of silence. Talkspurt 2: transit 100 ms.
  const first = stream(50, () => 40);
  const second = stream(50, () => 100).map((p, i) => ({
    ...p,
    seq: 50 + i,
    ts: (50 + 50 + i) * 160, // 50 packet times of silence
    arrival: (100 + i) * 20 + 100,
    marker: i === 0,
  }));
  const { out, stats } = await simulate([...first, ...second], 150 * 20 + 400);
  assert.deepEqual(playedIds(out), Array.from({ length: 100 }, (_, i) => i));
  // The end of a talkspurt is only known when the next one starts: the buffer conceals up
  // to maxConcealMs (100 ms) after the last packet, then plays silence.
  const last1 = out.find(({ d }) => d.kind === "play" && d.payload === 49)!.at;
  const between = out.filter(({ at }) => at > last1 + 20 + 100 && at < 100 * 20 + 100);
  assert.ok(
    between.length > 50 && between.every(({ d }) => d.kind === "silence"),
    "only silence between",
  );
  assert.equal(stats.talkspurts, 2);
  // The second talkspurt starts with the larger delay already in place: no waiting inside it.
  const second0 = out.findIndex(({ d }) => d.kind === "play" && d.payload === 50);
  // The path got 60 ms longer during the silence: the first packets of talkspurt 2 show
  // it (three late arrivals lift the target), after that it plays without concealment.
  const fourth = out.findIndex(({ d }) => d.kind === "play" && d.payload === 53);
  const rest = out.slice(fourth, out.findIndex(({ d }) => d.kind === "play" && d.payload === 99));
  assert.ok(
    rest.every(({ d }) => d.kind === "play"),
    "no concealment in talkspurt 2 after its start",
  );
  assert.ok(out[second0].at >= (100 * 20 + 100) - 0.2, "starts when its first packet is there");
  assert.ok(stats.late <= 1, `${stats.late} late`);
});

Deno.test("a lost packet is concealed, a timestamp gap with continuous sequence is silence", async () => {
  const lossy = stream(40, () => 30);
  lossy[20].arrival = NaN; // lost
  const a = await simulate(lossy, 40 * 20 + 300);
  const concealedAt = a.out.filter(({ d }) => d.kind === "conceal" && !d.inserted).map(({ d }) =>
    d.timestamp
  );
  assert.ok(concealedAt.includes(20 * 160), "the lost packet's slot is concealed");
  // Discontinuous transmission: sequence continues, timestamp jumps 1 s, no marker bit.
  const dtx = stream(40, () => 30).map((p, i) =>
    i >= 20 ? { ...p, ts: p.ts + 8000, arrival: p.arrival + 1000 } : p
  );
  const b = await simulate(dtx, 40 * 20 + 1300);
  assert.deepEqual(playedIds(b.out), Array.from({ length: 40 }, (_, i) => i));
  const gap = b.out.filter(({ at }) => at > 20 * 20 + 200 && at < 20 * 20 + 1000);
  assert.ok(gap.length > 0 && gap.every(({ d }) => d.kind === "silence"));
});

Deno.test("variable packet durations (10-60 ms) and G.723.1's 30 ms frames play back to back", async () => {
  const durations = [80, 160, 240, 480, 160, 80, 240, 240, 480, 80];
  let ts = 0;
  const packets: Sent[] = [];
  for (let i = 0; i < 60; i++) {
    const samples = durations[i % durations.length];
    packets.push({ seq: i, ts, samples, arrival: ts / 8 + samples / 8 + 25, marker: i === 0 });
    ts += samples;
  }
  // A packet leaves only once its whole duration is captured, so 60 ms packets arrive
  // 50 ms "later" than 10 ms ones: the initial delay must cover that before statistics do.
  const { out, stats } = await simulate(packets, ts / 8 + 300, { initialDelayMs: 60 });
  assert.deepEqual(playedIds(out), Array.from({ length: 60 }, (_, i) => i));
  const plays = out.filter(({ d }) => d.kind === "play").map(({ d }) =>
    d as Extract<typeof d, { kind: "play" }>
  );
  for (let i = 1; i < plays.length; i++) {
    assert.equal(
      plays[i].timestamp,
      plays[i - 1].timestamp + plays[i - 1].samples,
      `packet ${i} follows on`,
    );
  }
  assert.equal(stats.late, 0);
  const g723 = stream(50, (i) => 30 + (i % 3) * 7, 240); // 30 ms frames, 0-14 ms jitter
  const r = await simulate(g723, 50 * 30 + 300);
  assert.deepEqual(playedIds(r.out), Array.from({ length: 50 }, (_, i) => i));
});

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

Deno.test("the target rises at once with more jitter and falls slowly after", async () => {
  const rnd = lcg(5);
  // 0-10 s: jitter 0-10 ms; 10-20 s: 0-80 ms; 20-40 s: 0-10 ms again.
  const jitter = (i: number) => (i >= 500 && i < 1000 ? 80 : 10) * rnd();
  const packets = stream(2000, (i) => 40 + jitter(i));
  const jb = await JitterBuffer.create<number>();
  const targets: number[] = [];
  let next = 0;
  for (let t = 0; t < 2000 * 20; t += 20) {
    for (; next < packets.length && packets[next].arrival <= t; next++) {
      const p = packets[next];
      jb.put(
        { sequence: p.seq, timestamp: p.ts, ssrc: 1, marker: p.marker!, samples: 160 },
        p.arrival,
        next,
      );
    }
    const d = jb.get(t);
    jb.played(d.kind === "play" ? d.outSamples : d.samples);
    targets.push(jb.stats().targetDelayMs);
  }
  const at = (s: number) => targets[s * 50];
  // Calm: the 10 ms of jitter plus the 10 ms margin.
  assert.ok(at(9) < 25, `calm: ${at(9)}`);
  assert.ok(at(11) > 50, `one second into heavy jitter: ${at(11)}`);
  assert.ok(at(21) > 25, `one second after it ends, still falling: ${at(21)}`);
  assert.ok(at(39) < 25, `long after: ${at(39)}`);
  jb.close();
});

Deno.test("a route change to a longer path lifts the target within a few packets", async () => {
  const packets = stream(300, (i) => (i < 150 ? 40 : 120) + (i % 4));
  const { out, stats } = await simulate(packets, 300 * 20 + 400);
  assert.ok(stats.late <= 5, `${stats.late} late`);
  assert.ok(stats.levelShifts >= 1 || stats.late <= 3);
  const ids = playedIds(out);
  assert.ok(ids.includes(160) && ids.includes(299));
});

Deno.test("memory is bounded: a full buffer drops its oldest packet and counts it", async () => {
  const jb = await JitterBuffer.create<number>({ capacity: 8 });
  for (let i = 0; i < 20; i++) {
    jb.put({ sequence: i, timestamp: i * 160, ssrc: 1, marker: i === 0, samples: 160 }, 100, i);
  }
  assert.equal(jb.stats().overflow, 12);
  const played: number[] = [];
  for (let t = 0; t < 5000; t += 20) {
    const d = jb.get(t);
    if (d.kind === "play") played.push(d.payload);
    jb.played(d.kind === "play" ? d.outSamples : d.samples);
  }
  assert.ok(played.length > 0 && played.every((i) => i >= 12), `the 8 newest are kept: ${played}`);
  jb.close();
});

Deno.test("every packet is accounted for in the statistics", async () => {
  const rnd = lcg(9);
  const packets = stream(500, () => 30 + 60 * rnd() ** 3);
  const dupes = packets.filter((_, i) => i % 37 === 0).map((p) => ({
    ...p,
    arrival: p.arrival + 3,
  }));
  const { out, stats } = await simulate([...packets, ...dupes], 500 * 20 + 500);
  const played = out.filter(({ d }) => d.kind === "play").length;
  assert.equal(stats.played, played);
  assert.equal(stats.received, 500 + dupes.length);
  assert.equal(
    stats.received,
    stats.played + stats.late + stats.duplicates + stats.overflow + stats.invalid + stats.buffered,
  );
  assert.equal(stats.duplicates, dupes.length);
});

Deno.test("without time-scaling, frames keep their length", async () => {
  const rnd = lcg(3);
  const { out } = await simulate(stream(300, () => 30 + 40 * rnd()), 300 * 20 + 300, {
    timeScale: false,
  });
  assert.ok(out.every(({ d }) => d.kind !== "play" || d.outSamples === d.samples));
  assert.ok(
    out.every(({ d }) => d.kind !== "conceal" || !d.inserted || d.errorMs < 0),
    "no waiting past due",
  );
});

Deno.test("reported output lengths feed the stretch / compress counters", async () => {
  const jb = await JitterBuffer.create<number>();
  jb.put({ sequence: 1, timestamp: 0, ssrc: 1, marker: true, samples: 160 }, 0, 1);
  const d = jb.get(1000); // far behind: asks to compress
  assert.equal(d.kind, "play");
  assert.ok(d.kind === "play" && d.outSamples < 160);
  jb.played(100);
  assert.equal(jb.stats().compressedSamples, 60);
  jb.close();
});

Deno.test("bad input is refused, not thrown; bad options and use after close throw", async () => {
  const jb = await JitterBuffer.create<number>();
  assert.equal(
    jb.put({ sequence: 1, timestamp: 0, ssrc: 1, marker: false, samples: 0 }, 0, 0),
    "invalid",
  );
  assert.equal(
    jb.put({ sequence: 1, timestamp: 0, ssrc: 1, marker: false, samples: 1.5 }, 0, 0),
    "invalid",
  );
  assert.equal(
    jb.put({ sequence: 1, timestamp: 0, ssrc: 1, marker: false, samples: 160 }, NaN, 0),
    "invalid",
  );
  assert.equal(jb.stats().invalid, 3);
  assert.throws(() => jb.get(NaN), /finite/);
  jb.close();
  assert.throws(() => jb.get(0), /closed/);
  await assert.rejects(() => JitterBuffer.create({ lateCostMs: -5 }), /lateCostMs/);
  await assert.rejects(() => JitterBuffer.create({ capacity: 1 }), /capacity/);
});
