/**
 * Measures what the receive strategy costs: loopback ping-pong round-trip times through
 * {@link UdpSocket} (every readiness strategy) against `Deno.listenDatagram`, and the CPU a
 * process burns while a socket waits idle.
 *
 * Run: `deno run -A --unstable-net harness/netsim/measure_receive.ts [rounds] [idleSeconds]`
 * (without `--unstable-net` the `Deno.listenDatagram` row is reported as unavailable).
 *
 * The numbers measured when the default was chosen are in the header of `readiness.ts`.
 *
 * @module
 */

import process from "node:process";
import { UdpSocket } from "../../runtime/net/udp_socket.ts";
import type { ReadinessStrategy } from "../../runtime/net/readiness.ts";

interface Summary {
  median: number;
  p90: number;
  p99: number;
}

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), p99: at(0.99) };
}

/** Round trips A -> B -> A, both ends UdpSocket with the given strategy, in microseconds. */
async function pingPongUdpSocket(strategy: ReadinessStrategy, rounds: number): Promise<number[]> {
  await using a = UdpSocket.bind({ address: "127.0.0.1", readiness: strategy });
  await using b = UdpSocket.bind({ address: "127.0.0.1", readiness: strategy });
  b.listen((e) => {
    if (e.type === "datagram") b.sendTo(e.data, e.source);
  });
  const samples: number[] = [];
  const payload = new Uint8Array(172); // a G.711 20 ms RTP packet
  let waiting: (() => void) | null = null;
  a.listen((e) => {
    if (e.type === "datagram" && waiting) waiting();
  });
  for (let i = 0; i < rounds + 100; i++) {
    const done = new Promise<void>((resolve) => waiting = resolve);
    const start = performance.now();
    a.sendTo(payload, b.localAddress);
    await done;
    if (i >= 100) samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

/** The same ping-pong over `Deno.listenDatagram` (needs `--unstable-net`). */
async function pingPongDeno(rounds: number): Promise<number[] | null> {
  // deno-lint-ignore no-explicit-any
  const listen = (Deno as any).listenDatagram as
    | ((o: { transport: "udp"; hostname: string; port: number }) => Deno.DatagramConn)
    | undefined;
  if (typeof listen !== "function") return null;
  const a = listen({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  const b = listen({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  const echo = (async () => {
    try {
      for await (const [data, from] of b) await b.send(data, from);
    } catch { /* closed */ }
  })();
  const payload = new Uint8Array(172);
  const samples: number[] = [];
  for (let i = 0; i < rounds + 100; i++) {
    const start = performance.now();
    await a.send(payload, b.addr);
    await a.receive();
    if (i >= 100) samples.push((performance.now() - start) * 1000);
  }
  a.close();
  b.close();
  await echo;
  return samples;
}

/** CPU time (user + system, ms) used by this process over `seconds` with `setup` running. */
async function idleCpu(seconds: number, setup: () => (() => Promise<void>) | null) {
  const teardown = setup();
  await new Promise((r) => setTimeout(r, 200)); // let the watcher settle
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = process.cpuUsage(before);
  if (teardown) await teardown();
  return (used.user + used.system) / 1000;
}

function row(name: string, s: Summary | null): string {
  if (!s) return `${name.padEnd(34)} unavailable (run with --unstable-net)`;
  const f = (v: number) => v.toFixed(0).padStart(6);
  return `${name.padEnd(34)} median ${f(s.median)} µs  p90 ${f(s.p90)} µs  p99 ${f(s.p99)} µs`;
}

async function main(): Promise<void> {
  const rounds = Number(Deno.args[0] ?? 1000);
  const idleSeconds = Number(Deno.args[1] ?? 5);
  console.log(`loopback ping-pong RTT, ${rounds} rounds, 172-byte datagrams`);
  const deno = await pingPongDeno(rounds);
  console.log(row("Deno.listenDatagram", deno && summarize(deno)));
  console.log(
    row("UdpSocket readiness=epoll", summarize(await pingPongUdpSocket("epoll", rounds))),
  );
  console.log(
    row("UdpSocket readiness=thread", summarize(await pingPongUdpSocket("thread", rounds))),
  );
  console.log(
    row("UdpSocket readiness=timer (1 ms)", summarize(await pingPongUdpSocket("timer", rounds))),
  );

  console.log(`\nCPU while idle for ${idleSeconds} s (user+system of the whole process)`);
  const baseline = await idleCpu(idleSeconds, () => null);
  console.log(`no socket:                          ${baseline.toFixed(1)} ms`);
  for (const strategy of ["epoll", "thread", "timer"] as ReadinessStrategy[]) {
    const ms = await idleCpu(idleSeconds, () => {
      const s = UdpSocket.bind({ address: "127.0.0.1", readiness: strategy });
      s.listen(() => {});
      return async () => {
        s.close();
        await s.closed;
      };
    });
    const pct = (ms / (idleSeconds * 1000)) * 100;
    console.log(
      `one listening UdpSocket, ${strategy.padEnd(6)}:   ${ms.toFixed(1)} ms (${
        pct.toFixed(2)
      } % of a core)`,
    );
  }
}

if (import.meta.main) await main();
