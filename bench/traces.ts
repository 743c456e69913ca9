/**
 * Packet traces for the jitter-buffer benchmark, reproducible from a seed: a 20 ms voice
 * source with talkspurts (ITU-T P.59 on/off model) or without, sent over a network model
 * built from Linux netem's delay distribution tables (Debian iproute2's `.dist` files),
 * Gilbert-Elliott loss, delay spikes and route changes. The generator and the netem tables
 * are the harness's (`harness/netsim/`), the same the impairment relay uses.
 * @module
 */
import { Prng } from "../harness/netsim/prng.ts";
import { type DistTable, loadDistTable, NETEM_DIST_SCALE } from "../harness/netsim/netem_table.ts";

/** One packet of a trace. `arrivalMs` is NaN when the network lost it. */
export interface TracePacket {
  seq: number;
  ts: number;
  sendMs: number;
  arrivalMs: number;
  marker: boolean;
  samples: number;
}

/** A named trace. */
export interface Trace {
  name: string;
  description: string;
  packets: TracePacket[];
  durationMs: number;
}

/** A delay drawn as netem does: mu + sigma * table[random] / 8192 (ms). */
export function netemDelay(table: DistTable, muMs: number, sigmaMs: number, rng: Prng): number {
  const t = table.values[Math.floor(rng.next() * table.values.length)];
  return muMs + (sigmaMs * t) / NETEM_DIST_SCALE;
}

/** Options of the voice source. */
export interface SourceOptions {
  durationMs: number;
  packetMs?: number;
  clockRate?: number;
  /** Send all the time (no voice activity detection). */
  continuous?: boolean;
  /** Mean talkspurt and pause, exponential; ITU-T P.59: 1004 ms and 1587 ms. */
  meanTalkMs?: number;
  meanPauseMs?: number;
}

/** Send times of a voice stream; the first packet of each talkspurt has the marker bit. */
export function voiceSource(rng: Prng, o: SourceOptions): TracePacket[] {
  const packetMs = o.packetMs ?? 20;
  const samples = (packetMs * (o.clockRate ?? 8000)) / 1000;
  const out: TracePacket[] = [];
  let slot = 0; // packet-time index since the start
  let seq = 0;
  const slots = Math.floor(o.durationMs / packetMs);
  while (slot < slots) {
    const talk = o.continuous
      ? slots
      : Math.max(1, Math.round(rng.exponential(o.meanTalkMs ?? 1004) / packetMs));
    for (let k = 0; k < talk && slot < slots; k++, slot++) {
      out.push({
        seq: seq++ & 0xffff,
        ts: (slot * samples) >>> 0,
        sendMs: slot * packetMs,
        arrivalMs: NaN,
        marker: k === 0,
        samples,
      });
    }
    if (!o.continuous) {
      slot += Math.max(1, Math.round(rng.exponential(o.meanPauseMs ?? 1587) / packetMs));
    }
  }
  return out;
}

/** Two-state Markov loss: p = P(good -> bad), r = P(bad -> good), loss 1-k in good, 1-h in bad. */
export interface GilbertElliott {
  p: number;
  r: number;
  lossGood?: number;
  lossBad?: number;
}

/** A loss pattern from a Gilbert-Elliott chain, one draw per packet. */
export function gilbertElliottLoss(rng: Prng, count: number, g: GilbertElliott): boolean[] {
  let bad = false;
  const lost: boolean[] = [];
  for (let i = 0; i < count; i++) {
    bad = bad ? rng.next() >= g.r : rng.next() < g.p;
    lost.push(rng.next() < (bad ? g.lossBad ?? 1 : g.lossGood ?? 0));
  }
  return lost;
}

/** A queueing spike: at `atMs` the delay jumps by `heightMs` and drains at 1 ms per ms. */
export interface Spike {
  atMs: number;
  heightMs: number;
}

/** Extra delay at send time `t` from a list of spikes (the largest one in effect). */
export function spikeDelay(spikes: Spike[], t: number): number {
  let extra = 0;
  for (const s of spikes) {
    if (t >= s.atMs && t < s.atMs + s.heightMs) extra = Math.max(extra, s.heightMs - (t - s.atMs));
  }
  return extra;
}

/** Delay steps (route changes): from `atMs` on, `deltaMs` is added. */
export interface RouteChange {
  atMs: number;
  deltaMs: number;
}

function routeDelay(changes: RouteChange[], t: number): number {
  return changes.reduce((sum, c) => sum + (t >= c.atMs ? c.deltaMs : 0), 0);
}

/** Everything a network model may add; all parts optional. */
export interface NetworkModel {
  table?: DistTable;
  baseMs: number;
  sigmaMs?: number;
  loss?: GilbertElliott;
  spikes?: Spike[];
  routes?: RouteChange[];
}

/** Applies a network model to a source: arrival times (NaN when lost). */
export function transmit(rng: Prng, packets: TracePacket[], net: NetworkModel): TracePacket[] {
  const lost = net.loss ? gilbertElliottLoss(rng, packets.length, net.loss) : [];
  return packets.map((p, i) => {
    const jitter = net.table ? netemDelay(net.table, 0, net.sigmaMs ?? 0, rng) : 0;
    const delay = Math.max(1, net.baseMs + jitter) + spikeDelay(net.spikes ?? [], p.sendMs) +
      routeDelay(net.routes ?? [], p.sendMs);
    return { ...p, arrivalMs: lost[i] ? NaN : p.sendMs + delay };
  });
}

/** Spikes at exponential intervals, heights uniform in [minMs, maxMs]. */
export function randomSpikes(
  rng: Prng,
  durationMs: number,
  meanGapMs: number,
  minMs: number,
  maxMs: number,
): Spike[] {
  const spikes: Spike[] = [];
  for (let t = rng.exponential(meanGapMs); t < durationMs; t += rng.exponential(meanGapMs)) {
    spikes.push({ atMs: t, heightMs: minMs + rng.next() * (maxMs - minMs) });
  }
  return spikes;
}

/** The benchmark's standard traces (netem tables loaded from iproute2). */
export function standardTraces(seed: number, durationMs: number): Promise<Trace[]> {
  const tables: Record<string, DistTable> = Object.fromEntries(
    ["normal", "pareto", "paretonormal", "experimental"].map((n) => [n, loadDistTable(n)]),
  );
  const traces: Trace[] = [];
  const add = (
    name: string,
    description: string,
    net: (rng: Prng) => NetworkModel,
    continuous = false,
  ) => {
    const rng = new Prng(seed ^ hash(name));
    const source = voiceSource(rng, { durationMs, continuous });
    traces.push({ name, description, durationMs, packets: transmit(rng, source, net(rng)) });
  };
  for (const name of ["normal", "pareto", "paretonormal", "experimental"]) {
    add(name, `netem ${name}.dist: 60 ms + 20 ms sigma, talkspurts`, () => ({
      table: tables[name],
      baseMs: 60,
      sigmaMs: 20,
    }));
  }
  add("continuous", "netem paretonormal 60 ms + 20 ms sigma, no silence suppression", () => ({
    table: tables.paretonormal,
    baseMs: 60,
    sigmaMs: 20,
  }), true);
  add(
    "gilbert",
    "netem normal 60+10 ms, Gilbert-Elliott loss p=0.01 r=0.3 (3.2 %, bursts)",
    () => ({
      table: tables.normal,
      baseMs: 60,
      sigmaMs: 10,
      loss: { p: 0.01, r: 0.3 },
    }),
  );
  add("spikes", "netem normal 60+5 ms, spikes of 150-400 ms every 10 s on average", (rng) => ({
    table: tables.normal,
    baseMs: 60,
    sigmaMs: 5,
    spikes: randomSpikes(rng, durationMs, 10000, 150, 400),
  }));
  add("route", "netem normal 60+10 ms, route changes +80 ms at 1/3, -60 ms at 2/3", () => ({
    table: tables.normal,
    baseMs: 60,
    sigmaMs: 10,
    routes: [{ atMs: durationMs / 3, deltaMs: 80 }, { atMs: (2 * durationMs) / 3, deltaMs: -60 }],
  }));
  return Promise.resolve(traces);
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The trace as text for the native harness: one packet per line, in arrival order. */
export function traceToText(trace: Trace): string {
  const lines = trace.packets.map((p, i) => ({ p, i })).filter(({ p }) =>
    !Number.isNaN(p.arrivalMs)
  )
    .sort((a, b) => a.p.arrivalMs - b.p.arrivalMs)
    .map(({ p, i }) =>
      `${i} ${p.seq} ${p.ts} ${p.samples} ${p.arrivalMs.toFixed(3)} ${p.marker ? 1 : 0}`
    );
  return `${trace.packets.length}\n${lines.join("\n")}\n`;
}
