// Runs the real libasound: the `null` and `file` plugins, and the `phoneclock` test plugin
// (harness/devices/alsa_clock_plugin.c, built with gcc) for a device with a clock.
import assert from "node:assert/strict";
import { buildNative } from "../../../harness/devices/build_native.ts";
import { alsaTestConfig } from "../../../harness/devices/alsa_test_config.ts";
import { pcmFromBytes, pcmToBytes } from "../wav.ts";
import type { LineEvent } from "../line.ts";
import { openAlsaLine } from "./alsa_line.ts";
import { AlsaError } from "./pcm.ts";

const clockPlugin = await buildNative("alsa_clock_plugin");

/** Frame k of a recognisable test signal: every sample differs, negatives included. */
function testFrame(k: number, samples = 160): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => ((k * 977 + i * 131) % 65536) - 32768);
}

async function withTempDir(body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "alsa_line_test_" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("frames played through the file plugin reach the file byte-exact", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.raw`;
    const config = alsaTestConfig({ output });
    const line = await openAlsaLine({
      kind: "alsa",
      captureDevice: "phone_rec",
      playbackDevice: "phone_play",
      config,
      prefillMs: 0,
    });
    const played = Array.from({ length: 25 }, (_, k) => testFrame(k));
    for (const frame of played) await line.write(frame);
    assert.equal(line.stats().framesWritten, 25);
    await line.close();
    const expected = pcmToBytes(Int16Array.from(played.flatMap((f) => [...f])));
    assert.deepEqual(await Deno.readFile(output), expected);
  });
});

Deno.test("playback starts with the prefill silence, then the frames exactly", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.raw`;
    const line = await openAlsaLine({
      kind: "alsa",
      captureDevice: "phone_rec",
      playbackDevice: "phone_play",
      config: alsaTestConfig({ output }),
      prefillMs: 30,
    });
    assert.equal(line.latency().prefillFrames, 240);
    await line.write(testFrame(1));
    await line.write(testFrame(2));
    await line.close();
    const got = pcmFromBytes(await Deno.readFile(output));
    assert.equal(got.length, 240 + 320);
    assert.ok(got.subarray(0, 240).every((s) => s === 0));
    assert.deepEqual(got.subarray(240, 400), testFrame(1));
    assert.deepEqual(got.subarray(400), testFrame(2));
  });
});

Deno.test("capture from the file plugin's infile yields its samples, paced by a timer", async () => {
  await withTempDir(async (dir) => {
    const input = `${dir}/in.raw`;
    const frames = Array.from({ length: 50 }, (_, k) => testFrame(k + 100));
    await Deno.writeFile(input, pcmToBytes(Int16Array.from(frames.flatMap((f) => [...f]))));
    const line = await openAlsaLine({
      kind: "alsa",
      captureDevice: "phone_rec",
      playbackDevice: "phone_rec",
      config: alsaTestConfig({ input }),
    });
    try {
      assert.equal(line.info.pacing, "clock"); // the null PCM keeps no time
      const start = performance.now();
      for (let k = 0; k < 50; k++) assert.deepEqual(await line.read(), frames[k], `frame ${k}`);
      const elapsed = performance.now() - start;
      // Never faster than the timer; a read that waited an extra period would double it.
      assert.ok(elapsed > 950 && elapsed < 2000, `50 frames of 20 ms took ${elapsed} ms`);
    } finally {
      await line.close();
    }
  });
});

Deno.test("a device with a clock paces capture itself without blocking the event loop", async () => {
  const line = await openAlsaLine({
    kind: "alsa",
    device: "clocked",
    config: alsaTestConfig({ clockPlugin }),
  });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    assert.equal(line.info.pacing, "device");
    const latency = line.latency();
    assert.equal(latency.capture.periodFrames, 80); // 10 ms
    assert.equal(latency.capture.bufferFrames, 640); // 80 ms
    const start = performance.now();
    let expected = 0;
    for (let k = 0; k < 50; k++) {
      const frame = await line.read();
      assert.ok(frame);
      for (const sample of frame) assert.equal(sample, expected++ & 0x7fff); // no loss, no repeat
    }
    const elapsed = performance.now() - start;
    assert.ok(elapsed > 950 && elapsed < 2000, `50 frames of 20 ms took ${elapsed} ms`);
    assert.ok(ticks > 25, `only ${ticks} timer ticks of 5 ms ran during 1 s of reads`);
    assert.equal(line.stats().recoveries, 0);
  } finally {
    clearInterval(timer);
    await line.close();
  }
});

Deno.test("capture overrun and playback underrun are recovered and counted; the call goes on", async () => {
  const line = await openAlsaLine({
    kind: "alsa",
    device: "clocked",
    config: alsaTestConfig({ clockPlugin }),
    latencyMs: 60,
  });
  const events: LineEvent[] = [];
  const collecting = (async () => {
    for await (const event of line.events()) events.push(event);
  })();
  try {
    for (let k = 0; k < 5; k++) await line.write((await line.read())!);
    await new Promise((resolve) => setTimeout(resolve, 250)); // longer than the 60 ms buffer
    for (let k = 0; k < 10; k++) await line.write((await line.read())!);
    const stats = line.stats();
    assert.ok(stats.captureOverruns >= 1, JSON.stringify(stats));
    assert.ok(stats.playbackUnderruns >= 1, JSON.stringify(stats));
    assert.equal(stats.recoveries, stats.captureOverruns + stats.playbackUnderruns);
    assert.equal(stats.framesRead, 15);
    assert.equal(stats.framesWritten, 15);
  } finally {
    await line.close();
    await collecting;
  }
  const directions = events.filter((e) => e.type === "xrun").map((e) =>
    "direction" in e && e.direction
  );
  assert.ok(directions.includes("capture") && directions.includes("playback"), String(directions));
});

Deno.test("software gain and mute apply to what crosses the line", async () => {
  await withTempDir(async (dir) => {
    const input = `${dir}/in.raw`;
    const output = `${dir}/out.raw`;
    await Deno.writeFile(input, pcmToBytes(Int16Array.from({ length: 480 }, () => 1000)));
    const line = await openAlsaLine({
      kind: "alsa",
      captureDevice: "phone_rec",
      playbackDevice: "phone_play",
      config: alsaTestConfig({ input, output }),
      pacing: "device", // as fast as the null PCM goes
      prefillMs: 0,
    });
    line.setGain({ capture: 0.5, playback: 2 });
    assert.ok((await line.read())!.every((s) => s === 500));
    line.setMute(true);
    assert.ok((await line.read())!.every((s) => s === 0));
    await line.write(Int16Array.from({ length: 160 }, () => 20000)); // saturates
    await line.close();
    assert.ok(pcmFromBytes(await Deno.readFile(output)).every((s) => s === 32767));
  });
});

Deno.test("an unknown device is refused with ALSA's reason and the device's name", async () => {
  await assert.rejects(
    () => openAlsaLine({ kind: "alsa", device: "no_such_pcm", config: alsaTestConfig({}) }),
    (e: unknown) => {
      assert.ok(e instanceof AlsaError);
      assert.match(e.message, /^alsa:no_such_pcm: snd_pcm_open\(capture\) failed: .+ \(-\d+\)$/);
      return true;
    },
  );
  await assert.rejects(
    () => openAlsaLine({ kind: "alsa", config: "pcm.x { type" }),
    /ALSA configuration text does not parse/,
  );
});

Deno.test("a frame of the wrong size is refused", async () => {
  const line = await openAlsaLine({
    kind: "alsa",
    device: "clocked",
    config: alsaTestConfig({ clockPlugin }),
  });
  try {
    await assert.rejects(() => line.write(new Int16Array(100)), /100 samples; this line takes 160/);
  } finally {
    await line.close();
  }
  assert.equal(await line.read(), null);
});
