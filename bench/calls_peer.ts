/**
 * One side of `deno task bench calls`: a process carrying N calls through the phone's whole
 * media path (UdpSocket on the epoll reactor, RTP receive and validation, adaptive jitter
 * buffer, decoder with concealment, encoder and packetizer), driven by the call engine.
 * Same line protocol as `native/calls_native.c`: prints "PORTS ...", reads "PEERS ..." and
 * "GO", warms up, runs, prints "STOPPED", reads "REPORT", reads what is left in the sockets,
 * prints one JSON object.
 *
 * usage: deno run -A bench/calls_peer.ts N SECONDS CODEC SLOTS
 * @module
 */
import { UdpSocket } from "../runtime/net/udp_socket.ts";
import { Reactor } from "../runtime/net/reactor.ts";
import { findCodec } from "../runtime/codecs/registry.ts";
import { CallMedia } from "../runtime/phone/call_media.ts";
import { CallEngine } from "../runtime/phone/call_engine.ts";
import { testSignal } from "./g711.ts";
import process from "node:process";

const WARM_UP_MS = 1500;

function playoutTotals(media: CallMedia[]) {
  let played = 0, concealed = 0, jitterLate = 0;
  for (const m of media) {
    const s = m.stats().playout;
    played += s.played;
    concealed += s.concealed;
    jitterLate += s.late;
  }
  return { played, concealed, jitterLate };
}

/** What one side reports. */
export interface PeerResult {
  calls: number;
  activeMs: number;
  cpuMs: number;
  /** Time the main thread waited for a CPU (run queue), ms: how loaded the machine was. */
  runQueueMs: number;
  ticks: number;
  lateTicks: number;
  skipped: number;
  worstLateMs: number;
  sent: number;
  sendFailed: number;
  received: number;
  played: number;
  concealed: number;
  jitterLate: number;
  /** Over the whole run, warm-up and drain included: what loss is counted from. */
  allSent: number;
  allReceived: number;
  rssBeforeKb: number;
  rssKb: number;
}

/** RSS in kB, after a full collection when `--expose-gc` is on (what calls hold, not garbage). */
function rssAfterGcKb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(Deno.memoryUsage().rss / 1024);
}

/** Time the main thread spent waiting on the run queue, ms (`/proc/thread-self/schedstat`). */
function runQueueMs(): number {
  try {
    return Number(Deno.readTextFileSync("/proc/thread-self/schedstat").split(" ")[1]) / 1e6;
  } catch {
    return 0;
  }
}

/** User plus system CPU of this process, ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function readLine(reader: ReadableStreamDefaultReader<string>, buffer: { text: string }) {
  while (!buffer.text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("stdin ended");
    buffer.text += value;
  }
  const at = buffer.text.indexOf("\n");
  const line = buffer.text.slice(0, at).trim();
  buffer.text = buffer.text.slice(at + 1);
  return line;
}

async function main(): Promise<void> {
  const [nText, secondsText, codecName = "pcmu", slotsText = "8"] = Deno.args;
  const n = Number(nText), seconds = Number(secondsText), slots = Number(slotsText);
  const codec = findCodec(codecName);
  // Load the codec and DSP modules first, so the baseline RSS holds them and not the calls.
  (await CallMedia.create({ codec, payloadType: 96, lineSamples: 160 })).close();
  const rssBeforeKb = rssAfterGcKb();

  const sockets: UdpSocket[] = [];
  const media: CallMedia[] = [];
  let received = 0;
  for (let i = 0; i < n; i++) {
    sockets.push(UdpSocket.bind({ address: "127.0.0.1", port: 0 }));
    media.push(
      await CallMedia.create({ codec, payloadType: codec.payloadType ?? 96, lineSamples: 160 }),
    );
  }
  const out = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
  out(`PORTS ${sockets.map((s) => s.localAddress.port).join(" ")}`);
  const reader = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
  const buffer = { text: "" };
  const peers = (await readLine(reader, buffer)).split(/\s+/);
  if (peers[0] !== "PEERS" || peers.length !== n + 1) throw new Error("bad PEERS line");
  for (let i = 0; i < n; i++) sockets[i].connect({ address: "127.0.0.1", port: +peers[i + 1] });
  for (let i = 0; i < n; i++) {
    const m = media[i];
    sockets[i].listen((event) => {
      if (event.type !== "datagram") return;
      received++;
      m.receive(event.data, performance.now());
    });
  }
  if ((await readLine(reader, buffer)) !== "GO") throw new Error("expected GO");

  const speech = testSignal(8000);
  let sent = 0, sendFailed = 0, sending = true;
  const engine = new CallEngine({ tickMs: 20, slots });
  for (let i = 0; i < n; i++) {
    const m = media[i], socket = sockets[i];
    let offset = (i * 160) % 8000;
    engine.add({
      tick(nowMs) {
        if (!sending) return;
        m.capture(speech.subarray(offset, offset + 160));
        offset = (offset + 160) % 8000;
        if (m.packetReady) {
          if (socket.send(m.nextPacket()) > 0) sent++;
          else sendFailed++;
        }
        m.playoutFrame(nowMs);
      },
      skipped(ticks) {
        m.skipTime(ticks * 160);
      },
    });
  }
  engine.start();
  // Warm-up (JIT compilation, jitter buffers settling) is not measured.
  await new Promise((r) => setTimeout(r, WARM_UP_MS));
  const base = { ...engine.stats, sent, sendFailed, received, ...playoutTotals(media) };
  const cpu0 = cpuMs(), queued0 = runQueueMs(), t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  sending = false;
  const activeMs = performance.now() - t0;
  const cpu = cpuMs() - cpu0;
  const queued = runQueueMs() - queued0;
  engine.stop();
  out("STOPPED");
  if ((await readLine(reader, buffer)) !== "REPORT") throw new Error("expected REPORT");
  // Both sides have stopped sending: read everything left in the sockets before counting.
  while (Reactor.shared().poll() > 0) { /* until no socket is readable */ }
  const totals = playoutTotals(media);
  const result: PeerResult = {
    calls: n,
    activeMs,
    cpuMs: cpu,
    runQueueMs: queued,
    ticks: engine.stats.ticks - base.ticks,
    lateTicks: engine.stats.lateTicks - base.lateTicks,
    skipped: engine.stats.skipped - base.skipped,
    worstLateMs: engine.stats.worstLateMs,
    sent: sent - base.sent,
    sendFailed: sendFailed - base.sendFailed,
    received: received - base.received,
    played: totals.played - base.played,
    concealed: totals.concealed - base.concealed,
    jitterLate: totals.jitterLate - base.jitterLate,
    allSent: sent,
    allReceived: received,
    rssBeforeKb,
    rssKb: rssAfterGcKb(),
  };
  out(JSON.stringify(result));
  for (const s of sockets) s.close();
  for (const m of media) m.close();
  reader.releaseLock();
  Deno.exit(0);
}

if (import.meta.main) await main();
