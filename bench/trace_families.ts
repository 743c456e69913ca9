/**
 * Trace families for the jitter bench (issue 16), beside bench/traces.ts's standard
 * traces and reproducible from a seed: bursty delivery (periodic and random bursts of
 * 40-300 ms), slow queue build-up and drain (bufferbloat, 50-300 ms over 10-120 s) with
 * bursty loss, handover gaps (200-500 ms outages, then a burst), sender clock drift
 * (+-0.5 %) and long continuous talk; each also with Gilbert-Elliott loss ("+loss").
 * @module
 */
import { Prng } from "../harness/netsim/prng.ts";
import { loadDistTable } from "../harness/netsim/netem_table.ts";
import {
  type GilbertElliott,
  gilbertElliottLoss,
  netemDelay,
  type Trace,
  type TracePacket,
  voiceSource,
} from "./traces.ts";

/** The loss added to the "+loss" variants: 3.2 % in bursts of 3.3 packets on average. */
export const FAMILY_LOSS: GilbertElliott = { p: 0.01, r: 0.3 };
/** Bursty loss of the bufferbloat family (a full queue drops runs): 2 %, bursts of 4. */
export const BLOAT_LOSS: GilbertElliott = { p: 0.005, r: 0.25 };

/** Release instants of a bursty link: fixed period or uniform gaps in [minMs, maxMs]. */
export function burstReleases(
  rng: Prng,
  endMs: number,
  minMs: number,
  maxMs: number,
  periodic: boolean,
): number[] {
  const period = minMs + rng.next() * (maxMs - minMs);
  const out: number[] = [];
  for (
    let t = rng.next() * period;
    t < endMs;
    t += periodic ? period : minMs + rng.next() * (maxMs - minMs)
  ) {
    out.push(t);
  }
  return out;
}

/** Each arrival held until the next release instant (sorted), as Wi-Fi power save does. */
export function holdUntil(releases: number[], t: number): number {
  let lo = 0, hi = releases.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (releases[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < releases.length ? releases[lo] : t;
}

/** Queue build-up and drain: 0 at t = 0, `swingMs` at half the period (raised cosine). */
export function bloatDelay(swingMs: number, periodMs: number, t: number): number {
  return (swingMs * (1 - Math.cos((2 * Math.PI * t) / periodMs))) / 2;
}

/** An outage [atMs, atMs + lengthMs): what is sent in it waits, then comes as a burst. */
export interface Outage {
  atMs: number;
  lengthMs: number;
}

/** Outages of 200-500 ms at exponential intervals (mean `meanGapMs`). */
export function handoverOutages(rng: Prng, durationMs: number, meanGapMs: number): Outage[] {
  const out: Outage[] = [];
  for (let t = 2000 + rng.exponential(meanGapMs); t < durationMs; t += rng.exponential(meanGapMs)) {
    const lengthMs = 200 + rng.next() * 300;
    out.push({ atMs: t, lengthMs });
    t += lengthMs;
  }
  return out;
}

/** A family member before loss: arrival times from send times. */
interface Family {
  name: string;
  description: string;
  continuous?: boolean;
  /** Sender clock error: real send interval = nominal x (1 + drift). */
  drift?: number;
  loss?: GilbertElliott;
  arrival: (rng: Prng, durationMs: number) => (sendMs: number, jitterMs: number) => number;
}

const BASE_MS = 60;

function families(): Family[] {
  const bursty = (periodic: boolean): Family => ({
    name: periodic ? "burst-periodic" : "burst-random",
    description: `netem normal 60+5 ms, delivered in bursts every 40-300 ms (${
      periodic ? "one period per seed" : "random gaps"
    })`,
    arrival: (rng, d) => {
      const releases = burstReleases(rng, d + 2000, 40, 300, periodic);
      return (send, jitter) => holdUntil(releases, send + BASE_MS + jitter);
    },
  });
  const drift = (sign: 1 | -1): Family => ({
    // Named for the sender's clock: a slow clock sends slower than its timestamps.
    name: sign > 0 ? "drift-slow" : "drift-fast",
    description: `netem normal 60+5 ms, sender clock ${sign > 0 ? "-" : "+"}0.5 % (${
      sign > 0 ? "sends slower than its timestamps" : "sends faster than its timestamps"
    })`,
    drift: sign * 0.005,
    arrival: () => (send, jitter) => send + BASE_MS + jitter,
  });
  return [
    bursty(true),
    bursty(false),
    {
      name: "bloat",
      description:
        "netem normal 60+5 ms, queue builds 50-300 ms and drains over 10-120 s, bursty loss",
      loss: BLOAT_LOSS,
      arrival: (rng) => {
        const swing = 50 + rng.next() * 250, period = 10000 + rng.next() * 110000;
        return (send, jitter) => send + BASE_MS + jitter + bloatDelay(swing, period, send);
      },
    },
    {
      name: "handover",
      description: "netem normal 60+5 ms, 200-500 ms outages every 15 s on average, then a burst",
      arrival: (rng, d) => {
        const outages = handoverOutages(rng, d, 15000);
        return (send, jitter) => {
          const o = outages.find((o) => send >= o.atMs && send < o.atMs + o.lengthMs);
          // Queued at the radio and sent back to back (1 ms apart) when the link returns.
          return o ? o.atMs + o.lengthMs + BASE_MS + (send - o.atMs) / 20 : send + BASE_MS + jitter;
        };
      },
    },
    drift(1),
    drift(-1),
    {
      name: "long-talk",
      description: "netem paretonormal 60+20 ms, no silence, queue swings 100 ms over 30 s",
      continuous: true,
      arrival: () => (send, jitter) => send + BASE_MS + jitter + bloatDelay(100, 30000, send),
    },
  ];
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Every family, each as is and with {@link FAMILY_LOSS} added ("+loss"). */
export function familyTraces(seed: number, durationMs: number): Trace[] {
  const normal = loadDistTable("normal"), paretonormal = loadDistTable("paretonormal");
  const traces: Trace[] = [];
  for (const f of families()) {
    for (const withLoss of [false, true]) {
      const name = withLoss ? `${f.name}+loss` : f.name;
      const rng = new Prng(seed ^ hash(f.name)); // the same network with and without loss
      const source = voiceSource(rng, { durationMs, continuous: f.continuous });
      const arrival = f.arrival(rng, durationMs);
      const table = f.continuous ? paretonormal : normal;
      const sigma = f.continuous ? 20 : 5;
      const lossRng = new Prng(seed ^ hash(name) ^ 0x5eed);
      const netLoss = f.loss ? gilbertElliottLoss(lossRng, source.length, f.loss) : [];
      const extra = withLoss ? gilbertElliottLoss(lossRng, source.length, FAMILY_LOSS) : [];
      const packets: TracePacket[] = source.map((p, i) => {
        const sendMs = p.sendMs * (1 + (f.drift ?? 0));
        const jitter = Math.max(1 - BASE_MS, netemDelay(table, 0, sigma, rng));
        const at = arrival(sendMs, jitter);
        return { ...p, sendMs, arrivalMs: netLoss[i] || extra[i] ? NaN : at };
      });
      traces.push({
        name,
        description: withLoss ? `${f.description}; + Gilbert loss p=0.01 r=0.3` : f.description,
        durationMs,
        packets,
      });
    }
  }
  return traces;
}
