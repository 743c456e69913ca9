import assert from "node:assert/strict";
import { buildNative } from "../../../harness/devices/build_native.ts";
import { alsaTestConfig } from "../../../harness/devices/alsa_test_config.ts";
import { AlsaConfig } from "./config.ts";
import { EAGAIN, EPIPE, loadLibasound, SND_PCM_STATE_PREPARED } from "./libasound.ts";
import { AlsaError, AlsaPcm } from "./pcm.ts";

const lib = loadLibasound();
const clockPlugin = await buildNative("alsa_clock_plugin");

async function withPcm(
  name: string,
  stream: "capture" | "playback",
  body: (pcm: AlsaPcm) => Promise<void>,
) {
  const config = AlsaConfig.parse(lib, alsaTestConfig({ clockPlugin, output: "/dev/null" }));
  const pcm = AlsaPcm.open(lib, name, stream, config);
  try {
    await body(pcm);
  } finally {
    await pcm.close();
    config.free();
  }
}

Deno.test("configure grants the nearest period and buffer", async () => {
  await withPcm("clocked", "capture", (pcm) => {
    assert.deepEqual(pcm.configure({ rate: 8000, periodFrames: 160, bufferFrames: 960 }), {
      periodFrames: 160,
      bufferFrames: 960,
    });
    assert.deepEqual(pcm.params, { periodFrames: 160, bufferFrames: 960 });
    return Promise.resolve();
  });
});

Deno.test("a refused setting names itself", async () => {
  await withPcm("clocked", "capture", (pcm) => {
    assert.throws(
      () => pcm.configure({ rate: 16000, periodFrames: 80, bufferFrames: 640 }),
      (e: unknown) => e instanceof AlsaError && /set rate 16000 failed/.test(e.message),
    );
    return Promise.resolve();
  });
});

Deno.test("the plugin chain tells a clockless device from one with a clock", async () => {
  await withPcm("phone_rec", "capture", (pcm) => {
    assert.equal(pcm.hasNullSlave(), true);
    assert.match(pcm.describe(), /File PCM/);
    return Promise.resolve();
  });
  await withPcm("clocked", "capture", (pcm) => {
    assert.equal(pcm.hasNullSlave(), false);
    assert.match(pcm.describe(), /phoneclock/);
    return Promise.resolve();
  });
});

Deno.test("non-blocking reads, waits on a thread, and recovery from an overrun", async () => {
  await withPcm("clocked", "capture", async (pcm) => {
    pcm.configure({ rate: 8000, periodFrames: 80, bufferFrames: 320, availFrames: 160 });
    const frame = new Int16Array(160);
    assert.equal(pcm.readi(frame), -EAGAIN); // starts the stream; nothing captured yet
    assert.equal(await pcm.wait(200), 1);
    assert.equal(pcm.readi(frame), 160);
    assert.throws(() => {
      const waiting = pcm.wait(100);
      try {
        pcm.wait(100);
      } finally {
        waiting.catch(() => {});
      }
    }, /wait\(\) already in progress/);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the 40 ms buffer overflows
    assert.equal(pcm.readi(frame), -EPIPE);
    assert.equal(pcm.recover(-EPIPE), 0);
    assert.equal(pcm.state(), SND_PCM_STATE_PREPARED);
    assert.equal(pcm.readi(frame), -EAGAIN);
    assert.equal(await pcm.wait(200), 1);
    assert.equal(pcm.readi(frame), 160);
  });
});

Deno.test("playback delay counts what the device still holds", async () => {
  await withPcm("clocked", "playback", (pcm) => {
    pcm.configure({ rate: 8000, periodFrames: 80, bufferFrames: 640, startFrames: 160 });
    assert.equal(pcm.writei(new Int16Array(320)), 320);
    const delay = pcm.delay();
    assert.ok(delay > 300 && delay <= 320, `delay ${delay}`);
    assert.ok(pcm.avail() >= 320);
    return Promise.resolve();
  });
});

Deno.test("a closed PCM refuses calls", async () => {
  const config = AlsaConfig.parse(lib, alsaTestConfig({ clockPlugin }));
  const pcm = AlsaPcm.open(lib, "clocked", "capture", config);
  await pcm.close();
  await pcm.close();
  config.free();
  assert.throws(() => pcm.readi(new Int16Array(1)), /capture PCM is closed/);
});
