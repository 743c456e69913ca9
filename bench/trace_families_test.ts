import assert from "node:assert/strict";
import {
  bloatDelay,
  burstReleases,
  familyTraces,
  handoverOutages,
  holdUntil,
} from "./trace_families.ts";
import { burstRatio } from "../runtime/dsp/emodel.ts";
import { Prng } from "../harness/netsim/prng.ts";
import type { Trace } from "./traces.ts";

const traces = familyTraces(3, 120000);
const byName = (name: string): Trace => traces.find((t) => t.name === name)!;
const arrived = (t: Trace) => t.packets.filter((p) => !Number.isNaN(p.arrivalMs));

/** Arrival instants grouped into bursts (packets within 1 ms of each other). */
function bursts(t: Trace): { at: number; size: number }[] {
  const at = arrived(t).map((p) => p.arrivalMs).sort((a, b) => a - b);
  const out: { at: number; size: number }[] = [];
  for (const a of at) {
    if (out.length && a - out[out.length - 1].at < 1) out[out.length - 1].size++;
    else out.push({ at: a, size: 1 });
  }
  return out;
}

Deno.test("families: every family with and without loss, reproducible from the seed", () => {
  assert.deepEqual(traces.map((t) => t.name), [
    "burst-periodic",
    "burst-periodic+loss",
    "burst-random",
    "burst-random+loss",
    "bloat",
    "bloat+loss",
    "handover",
    "handover+loss",
    "drift-slow",
    "drift-slow+loss",
    "drift-fast",
    "drift-fast+loss",
    "long-talk",
    "long-talk+loss",
  ]);
  assert.deepEqual(familyTraces(3, 120000)[5].packets, traces[5].packets);
  assert.notDeepEqual(familyTraces(4, 120000)[5].packets, traces[5].packets);
  for (const t of traces) {
    const lossPct = 100 * (1 - arrived(t).length / t.packets.length);
    if (t.name.endsWith("+loss")) {
      assert.ok(lossPct > 1.5, `${t.name}: ${lossPct} % lost`);
      // Same network: a packet that arrives in both arrives at the same time.
      const plain = byName(t.name.replace("+loss", ""));
      t.packets.forEach((p, i) => {
        if (!Number.isNaN(p.arrivalMs) && !Number.isNaN(plain.packets[i].arrivalMs)) {
          assert.equal(p.arrivalMs, plain.packets[i].arrivalMs);
        }
      });
    } else if (t.name !== "bloat") {
      assert.equal(lossPct, 0, t.name);
    }
  }
});

Deno.test("bursty delivery: packets come in bursts 40-300 ms apart, periodic or not", () => {
  assert.equal(holdUntil([100, 200], 150), 200);
  assert.equal(holdUntil([100, 200], 100), 100);
  for (const name of ["burst-periodic", "burst-random"]) {
    const b = bursts(byName(name));
    const gaps = b.slice(1).map((x, i) => x.at - b[i].at);
    // Silences between talkspurts skip release instants: gaps are >= 40 ms, and on the
    // periodic link whole multiples of one period in 40-300 ms.
    assert.ok(gaps.every((g) => g >= 40 - 1e-6), name);
    const period = Math.min(...gaps);
    assert.ok(period >= 40 && period <= 300, `${name}: shortest gap ${period}`);
    const offGrid = gaps.filter((g) => Math.abs(g / period - Math.round(g / period)) > 1e-6);
    if (name === "burst-periodic") assert.equal(offGrid.length, 0, `period ${period}`);
    else assert.ok(offGrid.length > gaps.length / 2, `${name}: ${offGrid.length} off a grid`);
    const mean = b.reduce((n, x) => n + x.size, 0) / b.length;
    assert.ok(mean >= 1.9, `${name}: ${mean} packets per burst`);
  }
  const r = burstReleases(new Prng(1), 10000, 40, 300, true);
  assert.ok(r.length >= 33 && r.length <= 250);
});

Deno.test("bufferbloat: delay swings 50-300 ms over 10-120 s, with bursty loss", () => {
  assert.equal(bloatDelay(200, 20000, 0), 0);
  assert.equal(bloatDelay(200, 20000, 10000), 200);
  for (const seed of [1, 2, 3, 4]) {
    const t = familyTraces(seed, 240000).find((t) => t.name === "bloat")!;
    const d = arrived(t).map((p) => p.arrivalMs - p.sendMs);
    const swing = Math.max(...d) - Math.min(...d);
    assert.ok(swing >= 50 && swing <= 300 + 40, `seed ${seed}: swing ${swing}`);
    const lost = t.packets.map((p) => Number.isNaN(p.arrivalMs));
    assert.ok(burstRatio(lost) > 1.5, `seed ${seed}: BurstR ${burstRatio(lost)}`);
  }
});

Deno.test("handover: 200-500 ms outages, then what was queued arrives as a burst", () => {
  const outages = handoverOutages(new Prng(2), 600000, 15000);
  assert.ok(outages.every((o) => o.lengthMs >= 200 && o.lengthMs <= 500));
  assert.ok(outages.length > 20);
  const t = byName("handover");
  const at = arrived(t).map((p) => p.arrivalMs).sort((a, b) => a - b);
  // During a talkspurt packets arrive every ~20 ms; an outage stops them, then >= 8 come within 25 ms.
  let seen = 0;
  for (let i = 1; i < at.length - 8; i++) {
    if (at[i] - at[i - 1] >= 150 && at[i + 8] - at[i] < 25) seen++;
  }
  assert.ok(seen >= 2, `${seen} gap-then-burst patterns`);
});

Deno.test("sender clock drift: send time over media time has slope 1 +- 0.005", () => {
  for (const [name, drift] of [["drift-slow", 0.005], ["drift-fast", -0.005]] as const) {
    const p = byName(name).packets;
    const first = p[0], last = p[p.length - 1];
    const slope = (last.sendMs - first.sendMs) / (((last.ts - first.ts) * 1000) / 8000);
    assert.ok(Math.abs(slope - 1 - drift) < 1e-9, `${name}: slope ${slope}`);
    // Over 2 minutes the sender is 0.6 s off its timestamps.
    assert.ok(Math.abs(last.sendMs - (last.ts * 1000) / 8000) > 500);
  }
});

Deno.test("long talk: one talkspurt, a packet every 20 ms, no silence to adapt in", () => {
  const p = byName("long-talk").packets;
  assert.equal(p.filter((x) => x.marker).length, 1);
  assert.equal(p.length, 120000 / 20);
  for (let i = 1; i < p.length; i++) assert.equal(p[i].ts - p[i - 1].ts, 160);
});
