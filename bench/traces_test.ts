import assert from "node:assert/strict";
import {
  gilbertElliottLoss,
  netemDelay,
  spikeDelay,
  standardTraces,
  traceToText,
  transmit,
  voiceSource,
} from "./traces.ts";
import { Prng as Rng } from "../harness/netsim/prng.ts";
import { loadDistTable } from "../harness/netsim/netem_table.ts";

Deno.test("netem tables: the harness's, scaled like netem", () => {
  const normal = loadDistTable("normal");
  assert.equal(normal.values.length, 4096);
  const rng = new Rng(3);
  const delays = Array.from({ length: 20000 }, () => netemDelay(normal, 60, 20, rng));
  const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
  const sd = Math.sqrt(delays.reduce((a, d) => a + (d - mean) ** 2, 0) / delays.length);
  assert.ok(Math.abs(mean - 60) < 0.5, `mean ${mean}`);
  assert.ok(Math.abs(sd - 20) < 0.5, `sd ${sd}`);
});

Deno.test("voice source: 20 ms packets, talkspurts marked, about 40 % activity (P.59)", () => {
  const packets = voiceSource(new Rng(4), { durationMs: 600000 });
  const activity = (packets.length * 20) / 600000;
  assert.ok(activity > 0.33 && activity < 0.47, `activity ${activity}`);
  for (let i = 1; i < packets.length; i++) {
    assert.equal(packets[i].seq, (packets[i - 1].seq + 1) & 0xffff);
    const gap = packets[i].ts - packets[i - 1].ts;
    assert.ok(packets[i].marker ? gap > 160 : gap === 160);
  }
  assert.equal(voiceSource(new Rng(4), { durationMs: 1000, continuous: true }).length, 50);
});

Deno.test("Gilbert-Elliott loss has the model's rate and burstiness", () => {
  const lost = gilbertElliottLoss(new Rng(5), 200000, { p: 0.01, r: 0.3 });
  const rate = lost.filter(Boolean).length / lost.length;
  assert.ok(Math.abs(rate - 0.01 / 0.31) < 0.004, `rate ${rate}`);
  let bursts = 0;
  for (let i = 0; i < lost.length; i++) if (lost[i] && !lost[i - 1]) bursts++;
  assert.ok(Math.abs(lost.filter(Boolean).length / bursts - 1 / 0.3) < 0.3, "mean burst 1/r");
});

Deno.test("spikes drain at 1 ms per ms; transmit adds delay and loses packets", () => {
  const spikes = [{ atMs: 1000, heightMs: 300 }];
  assert.equal(spikeDelay(spikes, 999), 0);
  assert.equal(spikeDelay(spikes, 1000), 300);
  assert.equal(spikeDelay(spikes, 1100), 200);
  assert.equal(spikeDelay(spikes, 1300), 0);
  const source = voiceSource(new Rng(6), { durationMs: 2000, continuous: true });
  const sent = transmit(new Rng(6), source, { baseMs: 50, spikes, loss: { p: 0.5, r: 0.5 } });
  assert.ok(
    sent.some((p) => Number.isNaN(p.arrivalMs)) && sent.some((p) => !Number.isNaN(p.arrivalMs)),
  );
  const p = sent.find((p) => p.sendMs === 1100 && !Number.isNaN(p.arrivalMs));
  if (p) assert.equal(p.arrivalMs - p.sendMs, 250);
});

Deno.test("the standard traces are reproducible and the text form is in arrival order", async () => {
  const a = await standardTraces(9, 20000);
  const b = await standardTraces(9, 20000);
  assert.deepEqual(a.map((t) => t.name), [
    "normal",
    "pareto",
    "paretonormal",
    "experimental",
    "continuous",
    "gilbert",
    "spikes",
    "route",
  ]);
  assert.deepEqual(a[1].packets, b[1].packets);
  const lines = traceToText(a[5]).trim().split("\n");
  assert.equal(Number(lines[0]), a[5].packets.length);
  const arrivals = lines.slice(1).map((l) => Number(l.split(" ")[4]));
  for (let i = 1; i < arrivals.length; i++) assert.ok(arrivals[i] >= arrivals[i - 1]);
  assert.ok(arrivals.length < a[5].packets.length, "the Gilbert trace loses packets");
});
