/**
 * Added latency and CPU cost of each audio line backend, measured without a sound card or
 * telephony card: ALSA runs the real libasound against the `null`/`file` plugins and the
 * `phoneclock` test plugin (a real-time device), the PhoneJACK line runs its real FFI path
 * against the emulator. Each backend runs a full-duplex "call" (read a frame, write it
 * back) for a few seconds and reports:
 *
 * - capture: time from the moment a 20 ms frame is complete (device clock or timer due
 *   time) until `read()` resolves in JavaScript;
 * - write: time `write()` takes to hand a frame to the device;
 * - queued: playback audio held by the device right after a write (`snd_pcm_delay`, the
 *   emulator's play queue), the latency the device adds on the way out;
 * - CPU: process CPU time (all threads) per second of call.
 *
 * Run: `deno run -A bench/audio_latency.ts [--seconds 2]`.
 * @module
 */
import { numberOption, parseBenchArgs } from "./options.ts";
import process from "node:process";
import { openAlsaLine } from "../runtime/audio/alsa/alsa_line.ts";
import { openFileLine } from "../runtime/audio/file_line.ts";
import type { Line } from "../runtime/audio/line.ts";
import { openNullLine } from "../runtime/audio/null_line.ts";
import { openPhoneJackLine } from "../runtime/audio/phonejack/phonejack_line.ts";
import { alsaTestConfig } from "../harness/devices/alsa_test_config.ts";
import { buildNative } from "../harness/devices/build_native.ts";
import { CardType, EmuState, PhoneJackEmulator } from "../harness/devices/phonejack_emulator.ts";
import { Pacer } from "../runtime/audio/pacer.ts";
import { encodeWav } from "../runtime/audio/wav.ts";

const FRAME_MS = 20;

/** One backend under measurement. */
interface Subject {
  readonly name: string;
  open(): Promise<Line>;
  /** ms from "frame complete" to now, just after `read()` resolved for frame k. */
  captureLatency(line: Line, k: number, firstReadAt: number): number;
  /** ms of playback audio the device holds now. */
  queuedMs(line: Line): number;
}

interface Result {
  readonly name: string;
  readonly pacing: string;
  readonly capture: number[];
  readonly write: number[];
  readonly queued: number[];
  readonly cpuMsPerSecond: number;
  readonly recoveries: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Due time of the frame a timer-paced line returned last. */
function timerLatency(line: Line): number {
  const due = (line as unknown as { lastFrameDue(): number }).lastFrameDue();
  return performance.now() - due;
}

/** Runs one call of `seconds` on `subject`. */
async function measure(subject: Subject, seconds: number): Promise<Result> {
  const line = await subject.open();
  const capture: number[] = [];
  const write: number[] = [];
  const queued: number[] = [];
  const frames = Math.round(seconds * 1000 / FRAME_MS);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  let firstReadAt = NaN;
  try {
    for (let k = 0; k < frames; k++) {
      if (k === 0) firstReadAt = performance.now();
      const frame = await line.read();
      if (!frame) throw new Error(`${subject.name}: input ended after ${k} frames`);
      capture.push(subject.captureLatency(line, k, firstReadAt));
      const before = performance.now();
      await line.write(frame);
      write.push(performance.now() - before);
      queued.push(subject.queuedMs(line));
    }
  } finally {
    await line.close();
  }
  const cpu = process.cpuUsage(cpuStart);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  return {
    name: subject.name,
    pacing: line.info.pacing,
    capture: capture.slice(1), // the first frame includes the device start-up
    write,
    queued,
    cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / wallSeconds,
    recoveries: line.stats().recoveries,
  };
}

async function subjects(dir: string): Promise<Subject[]> {
  const clockPlugin = await buildNative("alsa_clock_plugin");
  const emulator = await PhoneJackEmulator.load();
  const input = `${dir}/in.wav`;
  await Deno.writeFile(input, encodeWav(new Int16Array(8000).map((_, i) => (i * 97) % 8000)));
  const timed = { captureLatency: timerLatency, queuedMs: () => 0 };
  const alsaQueued = (line: Line) =>
    (line as unknown as { latency(): { playbackDelayFrames: number } }).latency()
      .playbackDelayFrames / 8;
  return [
    { name: "null", open: () => Promise.resolve(openNullLine({ kind: "null" })), ...timed },
    {
      name: "file (wav in, wav out)",
      open: () => openFileLine({ kind: "file", input, output: `${dir}/out.wav`, loop: true }),
      ...timed,
    },
    {
      name: "alsa file+null plugins",
      open: () =>
        openAlsaLine({
          kind: "alsa",
          captureDevice: "phone_rec",
          playbackDevice: "phone_play",
          config: alsaTestConfig({ output: `${dir}/alsa_out.raw` }),
        }),
      captureLatency: timerLatency,
      queuedMs: alsaQueued,
    },
    {
      name: "alsa phoneclock (device clock)",
      open: () =>
        openAlsaLine({ kind: "alsa", device: "clocked", config: alsaTestConfig({ clockPlugin }) }),
      // The plugin's clock starts with the first read: frame k is complete (k+1) frames later.
      captureLatency: (_line, k, first) => performance.now() - (first + (k + 1) * FRAME_MS),
      queuedMs: alsaQueued,
    },
    {
      name: "phonejack (emulated card)",
      open: () => {
        emulator.reset(0);
        emulator.addCard(0, CardType.LineJACK);
        return openPhoneJackLine({ kind: "phonejack", index: 0, library: emulator.path });
      },
      captureLatency: () => Number(emulator.nowNs() - emulator.lastReadyNs(0)) / 1e6,
      queuedMs: (line) =>
        (line.stats().framesWritten - emulator.get(0, EmuState.framesPlayed)) * FRAME_MS,
    },
  ];
}

/** CPU of the bare 50 Hz timer loop every line waits in: the floor under the CPU column. */
async function timerBaseline(seconds: number): Promise<number> {
  const pacer = new Pacer(FRAME_MS);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let k = 0; k < seconds * 1000 / FRAME_MS; k++) await pacer.next();
  const cpu = process.cpuUsage(cpuStart);
  return (cpu.user + cpu.system) / 1000 / ((performance.now() - wallStart) / 1000);
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])).join("  ");
}

function report(results: Result[]): void {
  const header = [
    "backend",
    "pacing",
    "capture mean",
    "p99",
    "max ms",
    "write mean µs",
    "queued ms",
    "CPU ms/s",
    "xruns",
  ];
  const lines = results.map((r) => [
    r.name,
    r.pacing,
    mean(r.capture).toFixed(2),
    percentile(r.capture, 0.99).toFixed(2),
    Math.max(...r.capture).toFixed(2),
    (mean(r.write) * 1000).toFixed(0),
    mean(r.queued).toFixed(1),
    r.cpuMsPerSecond.toFixed(1),
    String(r.recoveries),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  console.log(row(header, widths));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(row(line, widths));
}

async function main(args: string[]): Promise<void> {
  const { seconds } = parseBenchArgs("audio_latency", args, {
    seconds: numberOption(2, 0.1, 600, false),
  });
  const dir = await Deno.makeTempDir({ prefix: "audio_latency_" });
  try {
    const results: Result[] = [];
    for (const subject of await subjects(dir)) results.push(await measure(subject, seconds));
    const baseline = await timerBaseline(seconds);
    console.log(`audio line latency, ${seconds} s full-duplex call per backend, 20 ms frames`);
    report(results);
    console.log(`CPU of a bare 20 ms timer loop in this Deno: ${baseline.toFixed(1)} ms/s`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Entry point for `deno task bench audio_latency`. */
export function run(args: string[]): Promise<void> {
  return main(args);
}

if (import.meta.main) await main(Deno.args);
