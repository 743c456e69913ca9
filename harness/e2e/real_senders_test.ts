/**
 * Real senders call the phone (issue 16, item 5): FFmpeg's RTP muxer with its own pacing
 * (`-re` on a WAV file hands it 256 ms of audio at a time, so its packets leave in bursts
 * of 12-13), and a bursty sender of this file's own that holds packets and lets them go
 * together, late, as Wi-Fi power save or a busy host does (bursts of 40-300 ms). Each
 * calls the phone's well-known port in PCMU and in G.726-32 with real speech (from the
 * shared vectors, `inputs/speech_a.pcm`; the test fails naming the directory when they are
 * absent); the phone answers (from a new port, which FFmpeg ignores) and records, and the
 * recording must follow the speech: a correlation of at least 0.95, the energy-weighted
 * mean over the voiced 100 ms windows, each matched within 150 ms of the call's delay.
 * Bursts must be taken as what they are, not as network spikes that leave packets late.
 * @module
 */
import assert from "node:assert/strict";
import { Phone, type PhoneState } from "../../runtime/phone/phone.ts";
import { UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { openLine } from "../../runtime/audio/registry.ts";
import { encodeWav, parseWav } from "../../runtime/audio/wav.ts";
import { findCodec } from "../../runtime/codecs/mod.ts";
import { RtpPacketizer } from "../../runtime/rtp/packetizer.ts";
import { UdpSocket } from "../../runtime/net/udp_socket.ts";
import { bestCorrelation } from "../../runtime/dsp/signal_compare.ts";
import { readVectorPcm } from "../vectors.ts";
import { alignment } from "./test_signal.ts";

const SECONDS = 6;
const G726_TYPE = 97;

const FORMATS = [
  { name: "PCMU", codec: "pcmu", type: 0, ffmpegCodec: ["pcm_mulaw"], payloadBytes: 160 },
  // g726le is RFC 3551's packing (FFmpeg's "g726" is the AAL2 order).
  {
    name: "G.726-32",
    codec: "g726-32",
    type: G726_TYPE,
    ffmpegCodec: ["g726le", "-b:a", "32k"],
    payloadBytes: 80,
  },
] as const;

type Format = typeof FORMATS[number];

async function callee(dir: string) {
  const line = await openLine({
    kind: "file",
    input: `${dir}/silence.wav`,
    output: `${dir}/heard.wav`,
    loop: true,
    frameMs: 10,
  });
  const port = 20000 + 2 * Math.floor(Math.random() * 19999);
  const phone = await Phone.create({
    line,
    transports: new UdpTransports(),
    listen: { address: "127.0.0.1", port },
    autoAnswer: true,
    dynamicTypes: new Map([[G726_TYPE, findCodec("g726-32")]]),
  });
  const states: PhoneState[] = [];
  phone.onEvent((e) => e.type === "state" && states.push(e.state));
  await phone.listen();
  return { phone, port, states, running: phone.run() };
}

/**
 * The recording's likeness to the speech: after aligning the two, each voiced 100 ms
 * window of the speech takes its best correlation within +-150 ms; the mean of those,
 * weighted by the window's energy.
 */
function likeness(said: Int16Array, heard: Int16Array): { correlation: number; windows: number } {
  const offset = alignment(said, heard);
  if (offset === undefined) return { correlation: 0, windows: 0 };
  const window = 800, slack = 1200;
  let sum = 0, weight = 0, windows = 0;
  for (let start = 0; start + window <= said.length; start += window) {
    const piece = said.subarray(start, start + window);
    let energy = 0;
    for (const v of piece) energy += v * v;
    if (energy / window < 300 * 300) continue;
    const from = start + offset - slack;
    if (from < 0 || from + window + 2 * slack > heard.length) continue;
    const c = bestCorrelation(piece, heard.subarray(from, from + window + 2 * slack), 2 * slack);
    sum += Math.max(0, c.correlation) * energy;
    weight += energy;
    windows++;
  }
  return { correlation: weight ? sum / weight : 0, windows };
}

async function judge(dir: string, said: Int16Array, label: string) {
  const heard = parseWav(await Deno.readFile(`${dir}/heard.wav`)).samples;
  const { correlation, windows } = likeness(said, heard);
  console.log(`${label}: correlation ${correlation.toFixed(3)} over ${windows} voiced windows`);
  assert.ok(windows >= 20, `${label}: only ${windows} voiced windows of the speech heard`);
  assert.ok(correlation >= 0.95, `${label}: the recording correlates ${correlation.toFixed(3)}`);
}

async function setUp() {
  const said = (await readVectorPcm("inputs/speech_a.pcm")).subarray(0, SECONDS * 8000);
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/said.wav`, encodeWav(said));
  await Deno.writeFile(`${dir}/silence.wav`, encodeWav(new Int16Array(8000)));
  return { said, dir };
}

async function until(what: () => boolean, ms: number, label: string) {
  const start = Date.now();
  while (!what()) {
    if (Date.now() - start > ms) throw new Error(`no ${label} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const f of FORMATS) {
  Deno.test(`FFmpeg's RTP muxer, at its own pacing, calls the phone in ${f.name}: the phone hears the speech`, async () => {
    const { said, dir } = await setUp();
    const phone = await callee(dir);
    const sender = new Deno.Command("ffmpeg", {
      args: [
        ...["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-i", `${dir}/said.wav`],
        ...["-ar", "8000", "-ac", "1", "-c:a", ...f.ffmpegCodec],
        ...["-payload_type", String(f.type), "-f", "rtp"],
        `rtp://127.0.0.1:${phone.port}?localport=${phone.port + 2}&pkt_size=${12 + f.payloadBytes}`,
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    try {
      const { code, stderr } = await sender.output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
      assert.ok(phone.states.includes("talking"), `the phone's states: ${phone.states}`);
      assert.equal(phone.phone.stats().codec, f.codec);
      await new Promise((r) => setTimeout(r, 600)); // the buffered end of the speech plays
    } finally {
      await phone.phone.close();
      await phone.running;
    }
    await judge(dir, said, `ffmpeg ${f.name}`);
    await Deno.remove(dir, { recursive: true });
  });

  Deno.test(`a sender that delivers in 40-300 ms bursts calls the phone in ${f.name}: the phone hears the speech`, async () => {
    const { said, dir } = await setUp();
    const phone = await callee(dir);
    const encoder = await findCodec(f.codec).createEncoder();
    const packetizer = new RtpPacketizer({ payloadType: f.type });
    const socket = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    try {
      // Packets are due every 20 ms of media time but held back and released together at
      // the end of each burst period (40-300 ms): the first of a burst is the latest.
      const start = performance.now();
      let held: Uint8Array[] = [];
      let releaseAt = 40 + 260 * random();
      for (let at = 0; at + 160 <= said.length; at += 160) {
        const pcm = said.subarray(at, at + 160);
        held.push(packetizer.packetize(encoder.encode(pcm), 160));
        const mediaMs = ((at + 160) / 8000) * 1000;
        if (mediaMs < releaseAt && at + 320 <= said.length) continue;
        const wait = start + releaseAt - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        for (const p of held) socket.sendTo(p, { address: "127.0.0.1", port: phone.port });
        held = [];
        releaseAt = mediaMs + 40 + 260 * random();
      }
      await until(() => phone.states.includes("talking"), 5000, "answer");
      assert.equal(phone.phone.stats().codec, f.codec);
      await new Promise((r) => setTimeout(r, 600));
    } finally {
      socket.close();
      encoder.close();
      await phone.phone.close();
      await phone.running;
    }
    await judge(dir, said, `bursty sender ${f.name}`);
    await Deno.remove(dir, { recursive: true });
  });
}
