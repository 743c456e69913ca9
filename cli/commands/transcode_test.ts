import assert from "node:assert/strict";
import { main } from "../main.ts";
import { encodeWav, parseWav } from "../../runtime/audio/wav.ts";
import { findCodec } from "../../runtime/codecs/mod.ts";

const tone = Int16Array.from({ length: 8000 }, (_, n) => Math.round(12000 * Math.sin(n / 3)));

async function captureStderr(run: () => Promise<number>): Promise<{ code: number; err: string }> {
  const original = console.error;
  let err = "";
  console.error = (...a: unknown[]) => void (err += a.join(" ") + "\n");
  try {
    return { code: await run(), err };
  } finally {
    console.error = original;
  }
}

async function inTemp<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    return await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("encode then decode through files gives the codec's own round trip", () =>
  inTemp(async (dir) => {
    await Deno.writeFile(`${dir}/in.wav`, encodeWav(tone, { sampleRate: 8000, channels: 1 }));
    assert.equal(
      await main(["encode", "--quiet", "-c", "pcma", `${dir}/in.wav`, `${dir}/x.al`]),
      0,
    );
    assert.equal(
      await main(["decode", "--quiet", "-c", "pcma", `${dir}/x.al`, `${dir}/out.wav`]),
      0,
    );
    const enc = await findCodec("pcma").createEncoder();
    const dec = await findCodec("pcma").createDecoder();
    const expected = dec.decode(enc.encode(tone));
    assert.deepEqual(parseWav(await Deno.readFile(`${dir}/out.wav`)).samples, expected);
    assert.equal((await Deno.readFile(`${dir}/x.al`)).length, 8000);
  }));

Deno.test("DVI4 files are runs of 20 ms packets, each with its state header", () =>
  inTemp(async (dir) => {
    const pcm = tone.subarray(0, 1000); // 6.25 packets: the last is padded with silence
    await Deno.writeFile(`${dir}/in.wav`, encodeWav(pcm, { sampleRate: 8000, channels: 1 }));
    assert.equal(await main(["encode", "--quiet", "-c", "dvi4", `${dir}/in.wav`, `${dir}/x`]), 0);
    const file = await Deno.readFile(`${dir}/x`);
    assert.equal(file.length, 7 * 84);
    assert.equal(await main(["decode", "--quiet", "-c", "5", `${dir}/x`, `${dir}/out.wav`]), 0);
    const enc = await findCodec("dvi4").createEncoder();
    const dec = await findCodec("dvi4").createDecoder();
    const padded = new Int16Array(7 * 160);
    padded.set(pcm);
    const expected: number[] = [];
    for (let at = 0; at < padded.length; at += 160) {
      expected.push(...dec.decode(enc.encode(padded.subarray(at, at + 160))));
    }
    assert.deepEqual([...parseWav(await Deno.readFile(`${dir}/out.wav`)).samples], expected);
    await Deno.writeFile(`${dir}/cut`, file.subarray(0, 100));
    const { code, err } = await captureStderr(() =>
      main(["decode", "-c", "dvi4", `${dir}/cut`, `${dir}/o.wav`])
    );
    assert.notEqual(code, 0);
    assert.match(err, /100 bytes is not a whole number of 84-byte packets/);
  }));

Deno.test("sox decodes our mu-law and A-law files to the same samples as we do", () =>
  inTemp(async (dir) => {
    await Deno.writeFile(`${dir}/in.wav`, encodeWav(tone, { sampleRate: 8000, channels: 1 }));
    for (const [codec, soxType] of [["pcmu", "ul"], ["pcma", "al"]]) {
      await main(["encode", "--quiet", "-c", codec, `${dir}/in.wav`, `${dir}/x.${soxType}`]);
      await main(["decode", "--quiet", "-c", codec, `${dir}/x.${soxType}`, `${dir}/ours.raw`]);
      const sox = new Deno.Command("sox", {
        args: [
          "-t",
          soxType,
          "-r",
          "8000",
          "-c",
          "1",
          `${dir}/x.${soxType}`,
          "-t",
          "raw",
          "-e",
          "signed",
          "-b",
          "16",
          `${dir}/sox.raw`,
        ],
      });
      const { code, stderr } = await sox.output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
      assert.deepEqual(
        await Deno.readFile(`${dir}/ours.raw`),
        await Deno.readFile(`${dir}/sox.raw`),
        codec,
      );
    }
  }));

Deno.test("stdin and stdout work as -", async () => {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../main.ts", import.meta.url).pathname,
      "encode",
      "--quiet",
      "-c",
      "pcmu",
      "-",
      "-",
    ],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = cmd.stdin.getWriter();
  await w.write(new Uint8Array(new Int16Array([0, 0, 1000, -1000]).buffer));
  await w.close();
  const { code, stdout } = await cmd.output();
  assert.equal(code, 0);
  assert.deepEqual([...stdout], [0xff, 0xff, 0xce, 0x4e]);
});

Deno.test("wrong inputs are refused with what was wrong and where", () =>
  inTemp(async (dir) => {
    const cases: [Uint8Array, string, RegExp][] = [
      [
        encodeWav(tone, { sampleRate: 16000, channels: 1 }),
        "a.wav",
        /a\.wav: sample rate 16000 Hz, the codec needs 8000 Hz \(convert with: sox/,
      ],
      [
        encodeWav(tone, { sampleRate: 8000, channels: 2 }),
        "b.wav",
        /b\.wav: 2 channels, the codec needs mono/,
      ],
      [
        encodeWav(tone, { sampleRate: 8000, channels: 1 }).subarray(0, 1000),
        "c.wav",
        /c\.wav: truncated: header declares 16000 data bytes, file has 956/,
      ],
      [new TextEncoder().encode("plain text"), "d.wav", /d\.wav: not a WAV file/],
      [new Uint8Array(3), "e.raw", /e\.raw: raw 16-bit input has an odd number of bytes \(3\)/],
    ];
    for (const [bytes, name, pattern] of cases) {
      await Deno.writeFile(`${dir}/${name}`, bytes);
      const { code, err } = await captureStderr(() =>
        main(["encode", "-c", "pcmu", `${dir}/${name}`, `${dir}/out`])
      );
      assert.equal(code, 1, name);
      assert.match(err, pattern);
    }
    const unknown = await captureStderr(() =>
      main(["encode", "-c", "opus", `${dir}/e.raw`, `${dir}/o`])
    );
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /unknown codec "opus"; known: pcmu, pcma/);
    const missing = await captureStderr(() =>
      main(["decode", "-c", "pcmu", `${dir}/nope`, `${dir}/o`])
    );
    assert.match(missing.err, /nope: no such file/);
  }));
