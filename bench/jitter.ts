/**
 * `deno task bench jitter [--seconds N] [--seed N] [--trace NAME] [--traces standard|families|all]
 * [--set k=v,...]`: plays the same packet traces (bench/traces.ts: netem delay tables,
 * Gilbert-Elliott loss, spikes, route changes; bench/trace_families.ts: bursty delivery,
 * bufferbloat, handover gaps, clock drift, long talk, each with and without loss) through (a) the phone's adaptive jitter buffer with its full playout path
 * (G.711 Appendix I PLC and WSOLA time-scaling on real speech), (b) libspeexdsp's jitter
 * buffer (bench/native/jitter_speexdsp.c, 20 ms ticks) and (c) fixed buffers of 40, 80 and
 * 120 ms (re-anchored at each talkspurt and after 10 late packets in a row).
 *
 * Per trace and buffer: mean and 95th-percentile buffering delay (playout minus arrival
 * of played packets), late loss (arrived but not played, % of packets sent), concealed
 * time (packets never played plus concealment inserted inside talkspurts to build delay
 * or wait for a late packet, % of the media time sent), and the G.107 R factor and MOS
 * (bench/emodel.ts) with Ta = mean (playout - send) of the played packets + 20 ms
 * packetisation + 3.75 ms PLC delay, Ppl = packets not played (%), BurstR from their
 * pattern. Insertions are not packet loss, so the E-model does not see them: the
 * concealed column does. Writes one SVG per trace to build/bench/jitter_<trace>.svg.
 * @module
 */
import { numberOption, parseBenchArgs, stringOption } from "./options.ts";
import { Playout } from "../runtime/dsp/playout.ts";
import type { JitterBufferOptions } from "../runtime/dsp/jitter_buffer.ts";
import { burstRatio, G711_WITH_PLC, mosFromR, rFactor } from "../runtime/dsp/emodel.ts";
import { renderChart, type Series } from "./delay_plot.ts";
import { buildNative, runNative } from "./native.ts";
import { percentile, printTable } from "./report.ts";
import { standardTraces, type Trace, traceToText } from "./traces.ts";
import { familyTraces } from "./trace_families.ts";
import { readVectorPcm } from "../harness/vectors.ts";

const RATE = 8000;
const PACKETIZATION_MS = 20;
const PLC_DELAY_MS = 30 / 8;
const root = new URL("../", import.meta.url);

/** When each packet of a trace was played (ms), NaN if never, plus inserted concealment. */
export interface PlayoutResult {
  name: string;
  playedAt: Float64Array;
  /** Concealment played inside talkspurts to build delay (ms). */
  insertedMs: number;
}

/** Metrics of one buffer on one trace. */
export interface Metrics {
  buffer: string;
  meanDelayMs: number;
  p95DelayMs: number;
  latePct: number;
  concealedPct: number;
  insertedMsPerMin: number;
  R: number;
  mos: number;
}

async function speech(): Promise<Int16Array> {
  const parts = await Promise.all(
    ["speech_a.pcm", "speech_b.pcm"].map((f) => readVectorPcm(`inputs/${f}`)),
  );
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** (a) The phone's playout path on the trace, with real audio through PLC and time-scaling. */
export async function runOurs(
  trace: Trace,
  audio: Int16Array,
  jitter: JitterBufferOptions = {},
): Promise<PlayoutResult> {
  const playout = await Playout.create<number>({
    jitter,
    decode: (i) => {
      const start = trace.packets[i].ts % (audio.length - 480);
      return audio.subarray(start, start + trace.packets[i].samples);
    },
  });
  const arrivals = trace.packets.map((p, i) => ({ p, i })).filter(({ p }) =>
    !Number.isNaN(p.arrivalMs)
  )
    .sort((a, b) => a.p.arrivalMs - b.p.arrivalMs);
  const playedAt = new Float64Array(trace.packets.length).fill(NaN);
  const inserted: [number, number][] = []; // [time, ms]
  const end = trace.durationMs + 3000;
  let t = 0, next = 0;
  while (t < end) {
    for (; next < arrivals.length && arrivals[next].p.arrivalMs <= t; next++) {
      const { p, i } = arrivals[next];
      playout.put(
        { sequence: p.seq, timestamp: p.ts, ssrc: 1, marker: p.marker, samples: p.samples },
        p.arrivalMs,
        i,
      );
    }
    const step = playout.next(t);
    const d = step.decision;
    if (d.kind === "play") playedAt[d.payload] = t;
    if (d.kind === "conceal" && d.inserted) inserted.push([t, (step.pcm.length * 1000) / RATE]);
    t += (step.pcm.length * 1000) / RATE;
  }
  playout.close();
  // Counted like speexdsp's: waits after a talkspurt's last packet are its silence.
  const spans = talkspurtSpans(trace, playedAt);
  const insertedMs = inserted.filter(([at]) => spans.some(([a, b]) => at > a && at < b))
    .reduce((ms, [, len]) => ms + len, 0);
  return { name: "ours", playedAt, insertedMs };
}

/** (b) libspeexdsp's jitter buffer through the native harness. */
export async function runSpeex(trace: Trace, harness: string): Promise<PlayoutResult> {
  const file = await Deno.makeTempFile({ suffix: ".trace" });
  try {
    await Deno.writeTextFile(file, traceToText(trace));
    const r = await runNative<{ played: number[]; inserted: number[] }>(harness, [
      file,
      "160",
      String(RATE),
    ]);
    const playedAt = Float64Array.from(r.played, (t) => (t < 0 ? NaN : t));
    // Insertions between talkspurts are inaudible: count those inside a talkspurt's playout.
    const spans = talkspurtSpans(trace, playedAt);
    const audible = r.inserted.filter((t) => spans.some(([a, b]) => t > a && t < b)).length;
    return { name: "speexdsp", playedAt, insertedMs: audible * PACKETIZATION_MS };
  } finally {
    await Deno.remove(file);
  }
}

/** [first, last] playout time of each talkspurt's played packets. */
function talkspurtSpans(trace: Trace, playedAt: Float64Array): [number, number][] {
  const spans: [number, number][] = [];
  trace.packets.forEach((p, i) => {
    if (p.marker || spans.length === 0) spans.push([Infinity, -Infinity]);
    const t = playedAt[i];
    if (Number.isNaN(t)) return;
    const s = spans[spans.length - 1];
    s[0] = Math.min(s[0], t);
    s[1] = Math.max(s[1], t);
  });
  return spans;
}

/**
 * (c) A fixed buffer: the first packet to arrive in a talkspurt plays `delayMs` after its
 * arrival and fixes the schedule of the rest; ten late packets in a row re-anchor it.
 */
export function runFixed(trace: Trace, delayMs: number): PlayoutResult {
  const playedAt = new Float64Array(trace.packets.length).fill(NaN);
  const byArrival = trace.packets.map((p, i) => ({ p, i })).filter(({ p }) =>
    !Number.isNaN(p.arrivalMs)
  )
    .sort((a, b) => a.p.arrivalMs - b.p.arrivalMs);
  const spurtOf = new Int32Array(trace.packets.length);
  for (let i = 0, s = -1; i < trace.packets.length; i++) {
    spurtOf[i] = trace.packets[i].marker ? ++s : s;
  }
  let spurt = -1, anchorTs = 0, anchorAt = 0, lateRun = 0;
  for (const { p, i } of byArrival) {
    if (spurtOf[i] > spurt || lateRun >= 10) {
      spurt = Math.max(spurt, spurtOf[i]);
      anchorTs = p.ts;
      anchorAt = p.arrivalMs + delayMs;
      lateRun = 0;
    }
    const due = anchorAt + ((p.ts - anchorTs) * 1000) / RATE;
    if (p.arrivalMs <= due) {
      playedAt[i] = due;
      lateRun = 0;
    } else {
      lateRun++;
    }
  }
  return { name: `fixed ${delayMs}`, playedAt, insertedMs: 0 };
}

/**
 * The fixed buffer (0-400 ms in 10 ms steps) with the highest R on this trace: the
 * "fixed playout offset chosen in hindsight" of issue 16's targets.
 */
export function bestFixed(trace: Trace): { delayMs: number; R: number } {
  let best = { delayMs: 0, R: -Infinity };
  for (let d = 0; d <= 400; d += 10) {
    const { R } = measure(trace, runFixed(trace, d));
    if (R > best.R) best = { delayMs: d, R };
  }
  return best;
}

/** Metrics and the E-model rating of one playout result. */
export function measure(trace: Trace, r: PlayoutResult): Metrics {
  const delays: number[] = [];
  let sendToPlay = 0, late = 0;
  const lost: boolean[] = [];
  trace.packets.forEach((p, i) => {
    const arrived = !Number.isNaN(p.arrivalMs);
    const played = !Number.isNaN(r.playedAt[i]);
    if (played) {
      delays.push(r.playedAt[i] - p.arrivalMs);
      sendToPlay += r.playedAt[i] - p.sendMs;
    } else if (arrived) {
      late++;
    }
    lost.push(!played);
  });
  const sent = trace.packets.length;
  const meanDelayMs = delays.reduce((a, b) => a + b, 0) / Math.max(1, delays.length);
  const lostPct = (100 * lost.filter(Boolean).length) / sent;
  const mediaMs = trace.packets.reduce((ms, p) => ms + (p.samples * 1000) / RATE, 0);
  const concealedPct = lostPct + (100 * r.insertedMs) / mediaMs;
  const Ta = sendToPlay / Math.max(1, delays.length) + PACKETIZATION_MS + PLC_DELAY_MS;
  const { R } = rFactor({ Ta, Ppl: lostPct, BurstR: burstRatio(lost), ...G711_WITH_PLC });
  return {
    buffer: r.name,
    meanDelayMs,
    p95DelayMs: delays.length ? percentile(delays, 95) : NaN,
    latePct: (100 * late) / sent,
    concealedPct,
    insertedMsPerMin: (r.insertedMs * 60000) / trace.durationMs,
    R,
    mos: mosFromR(R),
  };
}

function plot(trace: Trace, results: PlayoutResult[]): string {
  const colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];
  const network: Series = {
    label: "network delay",
    color: "#999",
    style: "dots",
    points: trace.packets.filter((p) => !Number.isNaN(p.arrivalMs)).map((
      p,
    ) => [p.sendMs / 1000, p.arrivalMs - p.sendMs]),
  };
  const playout = results.map((r, k): Series => ({
    label: `${r.name} playout`,
    color: colors[k % colors.length],
    style: "line",
    points: trace.packets.flatMap((p, i) =>
      Number.isNaN(r.playedAt[i]) ? [] : [[p.sendMs / 1000, r.playedAt[i] - p.sendMs]]
    ),
  }));
  const all = network.points.map((p) => p[1]).sort((a, b) => a - b);
  const yMax = Math.max(100, Math.ceil(all[Math.floor(all.length * 0.995)] / 50) * 50 + 50);
  return renderChart([network, ...playout], {
    title: `${trace.name}: ${trace.description}`,
    xLabel: "send time (s)",
    yLabel: "delay from sending (ms)",
    yMax,
  });
}

/** Entry point for bench/main.ts. */
export async function run(args: string[]): Promise<void> {
  const { seconds, seed, trace: only, traces: which, set } = parseBenchArgs("jitter", args, {
    seconds: numberOption(120, 1, 3600),
    seed: numberOption(1, 0, 2 ** 31),
    trace: stringOption(""),
    traces: stringOption("all"),
    set: stringOption(""),
  });
  if (!["standard", "families", "all"].includes(which)) {
    throw new Error(`bench jitter: --traces must be standard, families or all, not "${which}"`);
  }
  // --set lateCostMs=600,decayMs=1500: jitter-buffer options for experiments.
  const settings = Object.fromEntries(
    set.split(",").filter(Boolean).map((kv) => {
      const [k, v] = kv.split("=");
      return [k, v === "true" ? true : v === "false" ? false : Number(v)];
    }),
  ) as JitterBufferOptions;
  const harness = await buildNative("jitter_speexdsp", ["speexdsp"]);
  const audio = await speech();
  const traces = [
    ...(which === "families" ? [] : await standardTraces(seed, seconds * 1000)),
    ...(which === "standard" ? [] : familyTraces(seed, seconds * 1000)),
  ].filter((t) => !only || t.name === only);
  await Deno.mkdir(new URL("build/bench/", root), { recursive: true });
  const summary: (string | number)[][] = [];
  const issue16: (string | number)[][] = [];
  for (const trace of traces) {
    const results = [
      await runOurs(trace, audio, settings),
      await runSpeex(trace, harness),
      ...[40, 80, 120].map((d) => runFixed(trace, d)),
    ];
    const metrics = results.map((r) => measure(trace, r));
    console.log(
      `\n${trace.name}: ${trace.description} (${trace.packets.length} packets, seed ${seed})`,
    );
    printTable(
      ["buffer", "mean ms", "p95 ms", "late %", "concealed %", "inserted ms/min", "R", "MOS"],
      metrics.map((
        m,
      ) => [
        m.buffer,
        m.meanDelayMs,
        m.p95DelayMs,
        m.latePct,
        m.concealedPct,
        m.insertedMsPerMin,
        m.R,
        m.mos,
      ]),
    );
    const svg = new URL(`build/bench/jitter_${trace.name}.svg`, root);
    await Deno.writeTextFile(svg, plot(trace, results.slice(0, 3)));
    const [ours, speex] = metrics;
    const saving = 100 * (1 - ours.meanDelayMs / speex.meanDelayMs);
    const met = ours.latePct <= speex.latePct && saving >= 15 && ours.R >= speex.R;
    summary.push([
      trace.name,
      saving,
      ours.latePct - speex.latePct,
      ours.R - speex.R,
      met ? "yes" : "NO",
    ]);
    const best = bestFixed(trace);
    const met16 = ours.R >= speex.R && ours.R >= best.R - 1 && ours.latePct <= speex.latePct;
    issue16.push([
      trace.name,
      ours.R,
      speex.R,
      `${best.R.toFixed(2)} @${best.delayMs}`,
      ours.latePct,
      speex.latePct,
      ours.concealedPct,
      speex.concealedPct,
      met16 ? "yes" : "NO",
    ]);
  }
  console.log(
    "\nissue 16 targets (R >= speexdsp's and >= best fixed offset's - 1, late loss <= speexdsp's)",
  );
  printTable(
    [
      "trace",
      "R ours",
      "R speex",
      "R best fixed @ms",
      "late % ours",
      "late % speex",
      "concealed % ours",
      "concealed % speex",
      "met",
    ],
    issue16,
  );
  console.log(
    "\nagainst speexdsp (target: late loss no higher, >= 15 % less mean delay, R at least as high)",
  );
  printTable(["trace", "delay saved %", "late diff pp", "R diff", "met"], summary);
  console.log(`\nplots: build/bench/jitter_<trace>.svg`);
}
