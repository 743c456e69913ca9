import assert from "node:assert/strict";
import { openFileLine } from "./file_line.ts";
import { openNullLine } from "./null_line.ts";
import { encodeWav, pcmFromBytes, pcmToBytes, readWavFile } from "./wav.ts";

async function withTempDir(body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "file_line_test_" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const counting = (n: number) => Int16Array.from({ length: n }, (_, i) => i - 100);

Deno.test("a WAV input plays once, the last frame zero-padded, then read() gives null", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/in.wav`, encodeWav(counting(400)));
    const line = await openFileLine({ kind: "file", input: `${dir}/in.wav`, pacing: "none" });
    const frames = [];
    for await (const frame of line) frames.push(frame);
    assert.equal(frames.length, 3);
    assert.deepEqual(frames[0], counting(160));
    assert.deepEqual(frames[2].subarray(0, 80), counting(400).subarray(320));
    assert.ok(frames[2].subarray(80).every((s) => s === 0));
    await line.close();
  });
});

Deno.test("a looped raw input wraps around sample-exactly", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/in.raw`, pcmToBytes(counting(100)));
    const line = await openFileLine({
      kind: "file",
      input: `${dir}/in.raw`,
      loop: true,
      pacing: "none",
    });
    const two = [...(await line.read())!, ...(await line.read())!];
    const expected = Array.from({ length: 320 }, (_, i) => (i % 100) - 100);
    assert.deepEqual(two, expected);
    await line.close();
  });
});

Deno.test("a call recorded to WAV has its header fixed up on close; raw output is plain", async () => {
  await withTempDir(async (dir) => {
    const wav = await openFileLine({ kind: "file", output: `${dir}/call.wav`, pacing: "none" });
    const raw = await openFileLine({ kind: "file", output: `${dir}/call.pcm`, pacing: "none" });
    for (let k = 0; k < 3; k++) {
      await wav.write(counting(160));
      await raw.write(counting(160));
    }
    await wav.close();
    await raw.close();
    const recorded = await readWavFile(`${dir}/call.wav`);
    assert.equal(recorded.length, 480);
    assert.deepEqual(recorded.subarray(160, 320), counting(160));
    const header = new DataView((await Deno.readFile(`${dir}/call.wav`)).buffer);
    assert.equal(header.getUint32(40, true), 960);
    assert.deepEqual(pcmFromBytes(await Deno.readFile(`${dir}/call.pcm`)), recorded);
  });
});

Deno.test("file input is paced in real time by default", async () => {
  const line = openNullLine({ kind: "null" });
  const start = performance.now();
  for (let k = 0; k < 25; k++) assert.ok((await line.read())!.every((s) => s === 0));
  const elapsed = performance.now() - start;
  // Never faster than real time; a read that waited an extra period would double it.
  assert.ok(elapsed > 480 && elapsed < 1000, `25 frames of 20 ms took ${elapsed} ms`);
  assert.equal(line.info.pacing, "clock");
  assert.equal(line.info.kind, "null");
  await line.write(new Int16Array(160)); // discarded
  await line.close();
});

Deno.test("bad inputs are refused naming the file and the problem", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(
      `${dir}/stereo.wav`,
      encodeWav(counting(4), { sampleRate: 8000, channels: 2 }),
    );
    await assert.rejects(
      () => openFileLine({ kind: "file", input: `${dir}/stereo.wav` }),
      /stereo\.wav: 2 channels; need 1 \(mono\)/,
    );
    await Deno.writeFile(`${dir}/fake.wav`, new TextEncoder().encode("just some text, not RIFF"));
    await assert.rejects(
      () => openFileLine({ kind: "file", input: `${dir}/fake.wav` }),
      /fake\.wav: not a WAV file/,
    );
    await Deno.writeFile(`${dir}/odd.raw`, new Uint8Array(3));
    await assert.rejects(
      () => openFileLine({ kind: "file", input: `${dir}/odd.raw` }),
      /odd number of bytes \(3\)/,
    );
    await Deno.writeFile(`${dir}/empty.raw`, new Uint8Array(0));
    await assert.rejects(
      () => openFileLine({ kind: "file", input: `${dir}/empty.raw`, loop: true }),
      /has no samples to loop/,
    );
    await assert.rejects(
      () => openFileLine({ kind: "file", input: `${dir}/missing.wav` }),
      /cannot read input/,
    );
    await assert.rejects(
      () => openFileLine({ kind: "file", output: `${dir}/no/such/dir/out.wav` }),
      /cannot write output/,
    );
  });
});
