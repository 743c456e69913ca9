import assert from "node:assert/strict";
import { AnswerDetector } from "./answer_detector.ts";
import { ToneGenerator } from "./tone_generator.ts";
import { codecs } from "../codecs/registry.ts";
import { readVectorPcm } from "../../harness/vectors.ts";

const RATE = 8000;
const ms = (n: number) => Math.round((n * RATE) / 1000);

/** `seconds` of `country`'s ring-back as the callee's phone makes it (its own generator). */
async function ringback(country: string, millis: number): Promise<Int16Array> {
  const generator = await ToneGenerator.create({ country, kind: "ringback" });
  try {
    return generator.render(ms(millis));
  } finally {
    generator.close();
  }
}

function join(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Encoded and decoded with `name`, frame by frame, as the call would carry it. */
async function through(name: string, pcm: Int16Array): Promise<Int16Array> {
  const codec = codecs.find((c) => c.name === name)!;
  const encoder = await codec.createEncoder();
  const decoder = await codec.createDecoder();
  const out = new Int16Array(pcm.length);
  for (let i = 0; i + codec.frameSamples <= pcm.length; i += codec.frameSamples) {
    out.set(decoder.decode(encoder.encode(pcm.subarray(i, i + codec.frameSamples))), i);
  }
  encoder.close();
  decoder.close();
  return out;
}

/** Verdicts as `progress/cause@ms`, fed in 20 ms frames as a phone plays them. */
function verdicts(pcm: Int16Array): { progress: string; cause: string; atMs: number }[] {
  const detector = new AnswerDetector();
  const out = [];
  for (let i = 0; i < pcm.length; i += 160) {
    const v = detector.process(pcm.subarray(i, i + 160));
    if (v) out.push(v);
  }
  return out;
}

function kinds(pcm: Int16Array): string[] {
  return verdicts(pcm).map((v) => `${v.progress}/${v.cause}`);
}

const speech = await readVectorPcm("inputs/speech_a.pcm");
// LPC-10 turns tones into buzz: the phone does not judge its calls (see phone.ts).
const carried = codecs.filter((c) => c.clockRate === RATE && c.name !== "lpc10").map((c) => c.name);

for (const country of ["us", "cept", "jp", "uk"]) {
  Deno.test(`answer (${country}): ring-back alone stays ringing for 20 s in every 8 kHz codec`, async () => {
    const ring = await ringback(country, 20000);
    for (const name of ["none", ...carried]) {
      const heard = name === "none" ? ring : await through(name, ring);
      assert.deepEqual(kinds(heard), ["ringing/ringback"], `${country} through ${name}`);
    }
  });

  Deno.test(`answer (${country}): ring-back, then the callee says hello: talking within 0.6 s`, async () => {
    const answerAt = 7300;
    const ring = await ringback(country, answerAt);
    for (const name of ["none", ...carried]) {
      const call = join(ring, speech.subarray(0, ms(4000)));
      const heard = name === "none" ? call : await through(name, call);
      const v = verdicts(heard);
      assert.deepEqual(v.map((x) => `${x.progress}/${x.cause}`), [
        "ringing/ringback",
        "talking/voice",
      ], `${country} through ${name}`);
      assert.ok(v[0].atMs <= 500, `ringing heard at ${v[0].atMs} ms (${name})`);
      const late = v[1].atMs - answerAt;
      assert.ok(late >= 0 && late <= 600, `talking ${late} ms after the answer (${name})`);
    }
  });
}

Deno.test("answer: a silent answer in the middle of a burst cuts it short: talking", async () => {
  // US: 2 s on, 4 s off. Answered 1 s into the second burst, into silence.
  const v = verdicts(join(await ringback("us", 7000), new Int16Array(ms(5000))));
  assert.deepEqual(v.map((x) => `${x.progress}/${x.cause}`), [
    "ringing/ringback",
    "talking/ringback-cut",
  ]);
  assert.ok(v[1].atMs >= 7000 && v[1].atMs <= 8000, `${v[1].atMs}`);
});

Deno.test("answer: a silent answer between bursts: talking once ring-back is overdue", async () => {
  // CEPT: 1 s on, 4 s off. Answered 0.5 s into the first gap: only the plan's gap is known.
  const v = verdicts(join(await ringback("cept", 1500), new Int16Array(ms(8000))));
  assert.deepEqual(v.map((x) => `${x.progress}/${x.cause}`), [
    "ringing/ringback",
    "talking/ringback-stopped",
  ]);
  assert.ok(v[1].atMs >= 5000 && v[1].atMs <= 6500, `${v[1].atMs}`);
  // After a whole cadence the gap heard decides: Japan's 2 s gap, answered in the third.
  const jp = verdicts(join(await ringback("jp", 7500), new Int16Array(ms(6000))));
  assert.deepEqual(jp.map((x) => x.cause), ["ringback", "ringback-stopped"]);
  assert.ok(jp[1].atMs >= 9000 && jp[1].atMs <= 10500, `${jp[1].atMs}`);
});

Deno.test("answer: answered at once (no ring-back at all): voice or, if silent, no-ringback", () => {
  assert.deepEqual(kinds(speech.subarray(0, ms(3000))), ["talking/voice"]);
  const silent = verdicts(new Int16Array(ms(4000)));
  assert.deepEqual(silent.map((x) => `${x.progress}/${x.cause}`), ["talking/no-ringback"]);
  assert.ok(silent[0].atMs >= 2400 && silent[0].atMs <= 2600);
});

Deno.test("answer: lost packets in ring-back (silent 20-60 ms holes) do not look like an answer", async () => {
  const ring = await ringback("us", 20000);
  let seed = 7;
  for (let at = 0; at < ring.length; at += 160) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    if (seed % 100 < 8) ring.fill(0, at, at + 160 * (1 + (seed >>> 8) % 3)); // 8 % loss, bursts
  }
  assert.deepEqual(kinds(ring), ["ringing/ringback"]);
});
