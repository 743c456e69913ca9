/**
 * One side of `deno task bench calls`: a process carrying N calls through the phone's whole
 * media path (UdpSocket on the epoll reactor, RTP receive and validation, adaptive jitter
 * buffer, decoder with concealment, encoder and packetizer), driven by the call engine.
 * Same line protocol as `native/calls_native.c`: prints "PORTS ...", reads "PEERS ..." and
 * "GO", runs, drains, prints one JSON object.
 *
 * usage: deno run -A bench/calls_peer.ts N SECONDS CODEC SLOTS
 * @module
 */
import { UdpSocket } from "../runtime/net/udp_socket.ts";
import { findCodec } from "../runtime/codecs/registry.ts";
import { CallMedia } from "../runtime/phone/call_media.ts";
import { CallEngine } from "../runtime/phone/call_engine.ts";
import { testSignal } from "./g711.ts";
import process from "node:process";

const DRAIN_MS = 300;

/** What one side reports. */
export interface PeerResult {
  calls: number;
  activeMs: number;
  cpuMs: number;
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
  rssBeforeKb: number;
  rssKb: number;
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
  const rssBeforeKb = Math.round(Deno.memoryUsage().rss / 1024);

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
    });
  }
  const cpu0 = cpuMs(), t0 = performance.now();
  engine.start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  sending = false;
  const activeMs = performance.now() - t0;
  const cpu = cpuMs() - cpu0;
  engine.stop();
  await new Promise((r) => setTimeout(r, DRAIN_MS));
  let played = 0, concealed = 0, jitterLate = 0;
  for (const m of media) {
    const s = m.stats().playout;
    played += s.played;
    concealed += s.concealed;
    jitterLate += s.late;
  }
  const result: PeerResult = {
    calls: n,
    activeMs,
    cpuMs: cpu,
    ticks: engine.stats.ticks,
    lateTicks: engine.stats.lateTicks,
    skipped: engine.stats.skipped,
    worstLateMs: engine.stats.worstLateMs,
    sent,
    sendFailed,
    received,
    played,
    concealed,
    jitterLate,
    rssBeforeKb,
    rssKb: Math.round(Deno.memoryUsage().rss / 1024),
  };
  out(JSON.stringify(result));
  for (const s of sockets) s.close();
  for (const m of media) m.close();
  reader.releaseLock();
  Deno.exit(0);
}

if (import.meta.main) await main();
