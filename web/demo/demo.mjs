// The demo page: microphone -> encoder -> simulated network (loss, jitter) -> Playout
// (jitter buffer, concealment, time-scaling, decoder) -> speaker, with live statistics
// and a delay plot. `window.demo` exposes the state for tests.
import { codecs, findCodec, Playout } from "simple-internet-phone-codecs";

const RATE = 8000;
const BASE_DELAY_MS = 20;
const KEEP_SAMPLES = RATE * 30;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

/** Samples kept from the end of a stream, for tests and the level meter. */
class Tail {
  constructor() {
    this.chunks = [];
    this.length = 0;
  }
  push(pcm) {
    this.chunks.push(pcm);
    this.length += pcm.length;
    while (this.length - this.chunks[0].length > KEEP_SAMPLES) {
      this.length -= this.chunks.shift().length;
    }
  }
  all() {
    const out = new Int16Array(this.length);
    let at = 0;
    for (const c of this.chunks) out.set(c, (at += c.length) - c.length);
    return out;
  }
}

const demo = {
  state: "stopped",
  sentPackets: 0,
  droppedPackets: 0,
  heard: new Tail(),
  captured: new Tail(),
  transits: [],
  delays: [],
  playout: undefined,
  stats: () => ({
    ...demo.playout?.stats(),
    sent: demo.sentPackets,
    droppedByNetwork: demo.droppedPackets,
  }),
};
globalThis.demo = demo; // the browser test reads it as window.demo

for (const c of codecs.filter((c) => c.clockRate === RATE && c.channels === 1)) {
  $("codec").append(new Option(`${c.encoding} (${c.bitRate / 1000} kbit/s)`, c.name));
}
for (const [id, unit] of [["loss", "%"], ["jitter", "ms"]]) {
  if (params.has(id)) $(id).value = params.get(id);
  const show = () => $(`${id}Text`).textContent = `${$(id).value} ${unit}`;
  $(id).addEventListener("input", show);
  show();
}
if (params.has("codec")) $("codec").value = params.get("codec");

/** Whole frames of the codec closest to its usual packet time. */
function packetSamples(codec) {
  const want = Math.round((codec.ptimeMs * RATE) / 1000);
  return Math.max(1, Math.round(want / codec.frameSamples)) * codec.frameSamples;
}

async function start() {
  $("start").disabled = true;
  const codec = findCodec($("codec").value);
  const encoder = await codec.createEncoder();
  const decoder = await codec.createDecoder();
  const vocoder = codec.frameSamples >= 160;
  const playout = await Playout.create({
    decode: (p) => decoder.decode(p),
    conceal: vocoder ? (n) => decoder.conceal(n) : "g711",
    timeScale: !vocoder,
  });
  demo.playout = playout;
  const media = await navigator.mediaDevices.getUserMedia({
    audio: {
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
      channelCount: 1,
    },
  });
  const ctx = new AudioContext({ sampleRate: RATE });
  await ctx.audioWorklet.addModule("./worklets.js");
  const capture = new AudioWorkletNode(ctx, "phone-capture");
  const player = new AudioWorkletNode(ctx, "phone-player", { outputChannelCount: [1] });
  ctx.createMediaStreamSource(media).connect(capture);
  player.connect(ctx.destination);

  // One clock for the whole path: the sound card's. Capture, the simulated network's
  // arrival times and playout all follow it, even when the page's timers run late.
  const clock = () => ctx.currentTime * 1000;
  demo.clock = clock;
  const perPacket = packetSamples(codec);
  let pending = new Int16Array(0);
  let sequence = 0;
  capture.port.onmessage = (e) => {
    const frame = Int16Array.from(
      e.data,
      (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767))),
    );
    demo.captured.push(frame);
    const joined = new Int16Array(pending.length + frame.length);
    joined.set(pending);
    joined.set(frame, pending.length);
    let at = 0;
    for (; at + perPacket <= joined.length; at += perPacket) {
      send(joined.subarray(at, at + perPacket));
    }
    pending = joined.slice(at);
  };

  function send(pcm) {
    const info = {
      sequence: sequence & 0xffff,
      timestamp: sequence * perPacket,
      ssrc: 0x5eed,
      marker: sequence === 0,
      samples: perPacket,
    };
    sequence++;
    demo.sentPackets++;
    const payload = encoder.encode(pcm);
    if (Math.random() * 100 < Number($("loss").value)) {
      demo.droppedPackets++;
      return;
    }
    const delay = BASE_DELAY_MS + Math.random() * Number($("jitter").value);
    const sentAt = clock();
    setTimeout(() => {
      const now = clock();
      demo.transits.push({ t: now, ms: now - sentAt });
      playout.put(info, now, payload);
    }, delay);
  }

  // The speaker pulls: keep 60 ms queued in the player, asking the playout path for each
  // stretch with the time its first sample will be heard.
  let queued = 0;
  let played = 0;
  player.port.onmessage = (e) => played = e.data;
  setInterval(() => {
    while (queued - played < 480) {
      const playMs = clock() + ((queued - played) / RATE) * 1000;
      const { pcm } = playout.next(playMs);
      if (pcm.length === 0) break;
      demo.heard.push(pcm);
      player.port.postMessage(Float32Array.from(pcm, (x) => x / 32768));
      queued += pcm.length;
    }
  }, 10);
  setInterval(() => {
    const s = playout.stats();
    demo.delays.push({ t: clock(), current: s.currentDelayMs, target: s.targetDelayMs });
    render(s);
  }, 250);
  demo.state = "running";
  $("state").textContent = `running, ${codec.encoding}, ${perPacket / 8} ms packets`;
}

function render(s) {
  const rows = [
    ["packets sent", demo.sentPackets],
    ["lost in the network", demo.droppedPackets],
    ["received", s.received],
    ["played", s.played],
    ["concealed (steps)", s.concealed],
    ["late", s.late],
    ["buffer delay (ms)", s.currentDelayMs.toFixed(1)],
    ["target delay (ms)", s.targetDelayMs.toFixed(1)],
    ["stretched / compressed (samples)", `${s.stretchedSamples} / ${s.compressedSamples}`],
    ["estimated loss", `${(100 * s.lossRate).toFixed(1)} %`],
  ];
  $("stats").innerHTML = rows.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join("");
  plot();
}

function plot() {
  const canvas = $("plot");
  const g = canvas.getContext("2d");
  const now = demo.clock();
  const span = 10_000;
  const top = Math.max(
    100,
    ...demo.transits.map((p) => p.ms),
    ...demo.delays.map((d) => d.target + 20),
  );
  const x = (t) => ((t - (now - span)) / span) * canvas.width;
  const y = (ms) => canvas.height - (ms / top) * (canvas.height - 10);
  demo.transits = demo.transits.filter((p) => p.t > now - span);
  demo.delays = demo.delays.filter((d) => d.t > now - span);
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = "#888";
  for (const p of demo.transits) g.fillRect(x(p.t) - 1, y(p.ms) - 1, 2, 2);
  for (const [key, color] of [["current", "#1565c0"], ["target", "#ef6c00"]]) {
    g.strokeStyle = color;
    g.beginPath();
    demo.delays.forEach((d, i) => (i ? g.lineTo : g.moveTo).call(g, x(d.t), y(d[key])));
    g.stroke();
  }
  g.fillStyle = "#222";
  g.fillText(`${Math.round(top)} ms`, 4, 12);
}

$("start").addEventListener("click", () =>
  start().catch((e) => {
    demo.state = `failed: ${e.message}`;
    $("state").textContent = demo.state;
  }));
if (params.get("autostart") === "1") $("start").click();
