import assert from "node:assert/strict";
import { LINE_SAMPLE_RATE } from "./line.ts";
import { LineBase } from "./line_base.ts";

/** A line whose device is two arrays. */
class ArrayLine extends LineBase {
  played: Int16Array[] = [];
  shutdowns = 0;
  constructor(private readonly captured: Int16Array[]) {
    super({
      kind: "test",
      name: "test",
      sampleRate: LINE_SAMPLE_RATE,
      frameSamples: 4,
      pacing: "none",
      hasHook: false,
      hasTones: false,
      hasRinger: false,
      hasPstn: false,
    });
  }
  protected captureFrame() {
    return Promise.resolve(this.captured.shift() ?? null);
  }
  protected async playbackFrame(frame: Int16Array) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.played.push(frame);
  }
  protected shutdown() {
    this.shutdowns++;
    return Promise.resolve();
  }
  recover() {
    this.noteRecovery("playback");
  }
}

Deno.test("reads apply gain and mute, and end with null at the device's end", async () => {
  const line = new ArrayLine([
    Int16Array.of(1, 2, 3, 4),
    Int16Array.of(5, 6, 7, 8),
    Int16Array.of(9, 9, 9, 9),
  ]);
  line.setGain({ capture: 2 });
  assert.deepEqual([...(await line.read())!], [2, 4, 6, 8]);
  line.setMute(true);
  assert.deepEqual([...(await line.read())!], [0, 0, 0, 0]);
  line.setMute(false);
  const rest = [];
  for await (const frame of line) rest.push([...frame]);
  assert.deepEqual(rest, [[18, 18, 18, 18]]);
  assert.equal(line.stats().framesRead, 3);
});

Deno.test("writes are checked, gained on a copy and serialised in order", async () => {
  const line = new ArrayLine([]);
  line.setGain({ playback: 0.5 });
  const frame = Int16Array.of(10, 20, 30, 40);
  await Promise.all([line.write(frame), line.write(Int16Array.of(2, 2, 2, 2))]);
  assert.deepEqual(line.played.map((f) => [...f]), [[5, 10, 15, 20], [1, 1, 1, 1]]);
  assert.deepEqual([...frame], [10, 20, 30, 40], "the caller's frame is untouched");
  await assert.rejects(
    () => line.write(new Int16Array(3)),
    /test: write\(\) got a frame of 3 samples; this line takes 4/,
  );
  // deno-lint-ignore no-explicit-any
  await assert.rejects(() => line.write([1, 2, 3, 4] as any), /not an Int16Array/);
  assert.throws(() => line.setGain({ playback: 17 }), /playback gain must be between 0 and 16/);
  assert.equal(line.stats().framesWritten, 2);
});

Deno.test("close runs once, ends events and reads, and refuses writes", async () => {
  const line = new ArrayLine([Int16Array.of(1, 1, 1, 1)]);
  const events = line.events();
  line.recover();
  assert.deepEqual((await events.next()).value, {
    type: "xrun",
    direction: "playback",
    recoveries: 1,
  });
  await line.close();
  await line.close();
  assert.equal(line.shutdowns, 1);
  assert.equal((await events.next()).done, true);
  assert.equal(await line.read(), null);
  await assert.rejects(() => line.write(new Int16Array(4)), /write\(\) on a closed line/);
  assert.equal(line.stats().recoveries, 1);
  assert.equal(line.playTone("dial"), false);
  assert.equal(line.ring(true), false);
});
