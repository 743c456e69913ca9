import assert from "node:assert/strict";
import { DtmfDetector, keysOf } from "./dtmf_detector.ts";
import { DtmfGenerator, type DtmfOptions } from "./dtmf_generator.ts";
import { readVectorPcm } from "../../harness/vectors.ts";

const KEYS = "0123456789*#ABCD";
const gen = await DtmfGenerator.create();
const det = await DtmfDetector.create();

function detect(pcm: Int16Array, detector = det): string {
  detector.reset();
  return keysOf(detector.process(pcm));
}

/** Every key alone (with silence around), each checked on its own. */
function perKey(options: DtmfOptions, keys = KEYS): string[] {
  return [...keys].map((k) => detect(gen.generate(k, { pauseMs: 100, ...options })));
}

function withLead(pcm: Int16Array, lead: number): Int16Array {
  const out = new Int16Array(lead + pcm.length);
  out.set(pcm, lead);
  return out;
}

Deno.test("every key is detected once, in order, at nominal frequencies", () => {
  assert.equal(detect(gen.generate(KEYS, { durationMs: 60, pauseMs: 60 })), KEYS);
});

Deno.test("Q.24 frequency tolerance: operates within +-1.5 %, in either group and direction", () => {
  for (
    const deviation of [0.015, -0.015, [0.015, -0.015], [
      -0.015,
      0.015,
    ]] as DtmfOptions["deviation"][]
  ) {
    assert.deepEqual(perKey({ durationMs: 60, deviation }), [...KEYS], `deviation ${deviation}`);
  }
});

Deno.test("Q.24 frequency tolerance: does not operate beyond +-3.5 % in either group", () => {
  const cases: DtmfOptions["deviation"][] = [0.035, -0.035, [0.035, 0], [-0.035, 0], [0, 0.035], [
    0,
    -0.035,
  ]];
  for (const deviation of cases) {
    assert.deepEqual(
      perKey({ durationMs: 100, deviation }),
      Array(16).fill(""),
      `deviation ${deviation}`,
    );
  }
});

Deno.test("Q.24 duration: 40 ms tones always operate, 23 ms tones never, at any alignment", () => {
  for (let lead = 0; lead < 80; lead += 10) {
    for (const k of KEYS) {
      assert.equal(
        detect(withLead(gen.generate(k, { durationMs: 40, pauseMs: 100 }), lead)),
        k,
        `40 ms ${k} +${lead}`,
      );
      assert.equal(
        detect(withLead(gen.generate(k, { durationMs: 23, pauseMs: 100 }), lead)),
        "",
        `23 ms ${k} +${lead}`,
      );
    }
  }
});

Deno.test("Q.24 interdigit pause: 40 ms separates repeated keys, a 10 ms break does not", () => {
  for (let lead = 0; lead < 80; lead += 20) {
    assert.equal(
      detect(withLead(gen.generate("1111", { durationMs: 50, pauseMs: 40 }), lead)),
      "1111",
    );
    // Four bursts with 10 ms breaks are one key held down.
    assert.equal(
      detect(withLead(gen.generate("7777", { durationMs: 60, pauseMs: 10 }), lead)),
      "7",
    );
  }
});

Deno.test("Q.24 twist: operates up to 8 dB low-over-high and 4 dB high-over-low, not at 12 / 8", () => {
  assert.deepEqual(perKey({ durationMs: 60, levelDbm0: -4, twistDb: -8 }), [...KEYS]);
  assert.deepEqual(perKey({ durationMs: 60, levelDbm0: -12, twistDb: 4 }), [...KEYS]);
  assert.deepEqual(perKey({ durationMs: 60, levelDbm0: -2, twistDb: -12 }), Array(16).fill(""));
  assert.deepEqual(perKey({ durationMs: 60, levelDbm0: -14, twistDb: 8 }), Array(16).fill(""));
});

Deno.test("levels: operates from 0 down to -25 dBm0 per tone, not at -45 dBm0", () => {
  for (const levelDbm0 of [0, -10, -25]) {
    assert.deepEqual(
      perKey({ durationMs: 60, levelDbm0, twistDb: 0 }),
      [...KEYS],
      `${levelDbm0} dBm0`,
    );
  }
  assert.deepEqual(perKey({ durationMs: 60, levelDbm0: -45, twistDb: 0 }), Array(16).fill(""));
});

function whiteNoise(samples: number, rms: number, seed: number): Int16Array {
  let s = seed;
  return Int16Array.from({ length: samples }, () => {
    let sum = 0;
    for (let i = 0; i < 4; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      sum += s / 4294967296;
    }
    return Math.round((sum - 2) * rms * Math.sqrt(3));
  });
}

Deno.test("signal to noise: every key operates with white noise 15 dB below the tone pair", () => {
  for (const k of KEYS) {
    const tone = gen.generate(k, { durationMs: 60, pauseMs: 60, twistDb: 0, levelDbm0: -10 });
    const rms = Math.sqrt(tone.reduce((a, v) => a + v * v, 0) / (tone.length / 2)); // over the on time
    const noise = whiteNoise(tone.length, rms * Math.pow(10, -15 / 20), k.charCodeAt(0));
    const mixed = tone.map((v, i) => v + noise[i]);
    assert.equal(detect(mixed), k, `key ${k}`);
  }
});

const SPEECH = ["speech_a.pcm", "speech_a_loud.pcm", "speech_b.pcm"];

Deno.test({
  name: "talk-off: no digit from speech (three recordings, at three gains)",
  fn: async () => {
    for (const file of SPEECH) {
      const speech = await readVectorPcm(`inputs/${file}`);
      for (const gain of [0.25, 1, 2]) {
        const pcm = speech.map((v) => Math.max(-32768, Math.min(32767, Math.round(v * gain))));
        assert.equal(detect(pcm), "", `${file} x${gain}`);
      }
    }
  },
});

Deno.test("events: start and end bracket the tone within 20 ms", () => {
  det.reset();
  const pcm = withLead(gen.generate("5", { durationMs: 200, pauseMs: 100 }), 800); // tone at 100-300 ms
  const events = det.process(pcm);
  assert.deepEqual(events.map((e) => `${e.kind} ${e.key}`), ["start 5", "end 5"]);
  assert.ok(Math.abs(events[0].atSample - 800) <= 160, `start at ${events[0].atSample}`);
  assert.ok(Math.abs(events[1].atSample - 2400) <= 160, `end at ${events[1].atSample}`);
});

Deno.test("streaming: the same keys whatever the block size", () => {
  const pcm = gen.generate("159#", { durationMs: 70, pauseMs: 50 });
  for (const block of [1, 37, 160, 1000]) {
    det.reset();
    const events = [];
    for (let i = 0; i < pcm.length; i += block) {
      events.push(...det.process(pcm.subarray(i, i + block)));
    }
    assert.equal(keysOf(events), "159#", `block ${block}`);
  }
});

Deno.test("options out of range are refused with their name", async () => {
  await assert.rejects(() => DtmfDetector.create({ maxDeviation: 5 }), /maxDeviation/);
  await assert.rejects(() => DtmfDetector.create({ minToneShare: -1 }), /minToneShare/);
});
