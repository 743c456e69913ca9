import assert from "node:assert/strict";
import {
  g723,
  g723_53,
  G723_FRAME_SAMPLES,
  g723Codec,
  G723Encoder,
  g723FrameLength,
  g723Mode,
  splitG723Frames,
} from "./g723_1.ts";
import { CodecError } from "./codec.ts";
import { describeMode } from "./wasm_codec.ts";
import { findCodec } from "./registry.ts";
import { readVector, readVectorPcm } from "../../harness/vectors.ts";

const wasm = () => import("./wasm/g723_1.ts").then((m) => m.wasmBase64);
const GENERATED = "g723_1/generated";

/** speech_a (8.2 s of espeak speech, see the vectors' MANIFEST.md), whole frames. */
async function speech(): Promise<Int16Array> {
  return await readVectorPcm("inputs/speech_a.pcm");
}

function energy(pcm: Int16Array): number {
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return sum / Math.max(1, pcm.length);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

Deno.test("the registry has G723 at payload type 4, 6.3 kbit/s, 30 ms frames", () => {
  for (const key of ["g723", "G723", 4]) assert.equal(findCodec(key), g723);
  assert.equal(g723.encoding, "G723");
  assert.equal(g723.clockRate, 8000);
  assert.equal(g723.frameSamples, 240);
  assert.equal(g723.frameBytes, 24);
  assert.equal(g723.bitRate, 6300);
  assert.equal(g723.ptimeMs, 30);
  assert.equal(g723_53.frameBytes, 20);
  assert.equal(g723_53.bitRate, 5300);
  assert.equal(g723_53.payloadType, 4);
});

Deno.test("entries agree with what the module reports for their mode", async () => {
  for (const options of [{}, { rate: 5300 as const }, { rate: 5300 as const, vad: true }]) {
    const codec = g723Codec(options);
    const reported = await describeMode("g723_1", wasm, g723Mode(options));
    assert.deepEqual(reported, {
      frameSamples: codec.frameSamples,
      frameBytes: codec.frameBytes,
      bitRate: codec.bitRate,
    });
  }
  assert.deepEqual(await describeMode("g723_1", wasm, 16), {
    frameSamples: 0,
    frameBytes: 0,
    bitRate: 0,
  });
});

Deno.test("mode bits: rate, high-pass, postfilter, VAD", () => {
  assert.equal(g723Mode(), 0);
  assert.equal(g723Mode({ rate: 5300 }), 1);
  assert.equal(g723Mode({ highPass: false }), 2);
  assert.equal(g723Mode({ postFilter: false }), 4);
  assert.equal(g723Mode({ vad: true }), 8);
  assert.equal(g723Mode({ rate: 5300, highPass: false, postFilter: false, vad: true }), 15);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => g723Mode({ rate: 8000 as any }), /6300 or 5300 bit\/s, not 8000/);
});

Deno.test("frame lengths come from the two low bits of the first octet", () => {
  assert.deepEqual([0, 1, 2, 3, 0xfc, 0xfd, 0xfe, 0xff].map(g723FrameLength), [
    24,
    20,
    4,
    1,
    24,
    20,
    4,
    1,
  ]);
  const payload = new Uint8Array(24 + 20 + 4 + 1);
  payload[24] = 1;
  payload[44] = 2;
  payload[48] = 3;
  assert.deepEqual(splitG723Frames(payload).map((f) => f.length), [24, 20, 4, 1]);
  assert.throws(
    () => splitG723Frames(payload.subarray(0, 30)),
    /offset 24 needs 20 octets, only 6/,
  );
});

Deno.test("each rate gives frames of its size, and speech survives the round trip", async () => {
  const pcm = (await speech()).subarray(0, 100 * G723_FRAME_SAMPLES);
  for (const [codec, size] of [[g723, 24], [g723_53, 20]] as const) {
    const enc = await codec.createEncoder();
    const dec = await codec.createDecoder();
    const payload = enc.encode(pcm);
    assert.equal(payload.length, 100 * size, codec.name);
    assert.ok(splitG723Frames(payload).every((f) => f.length === size));
    const back = dec.decode(payload);
    assert.equal(back.length, pcm.length);
    // A vocoder keeps the level, not the waveform: within 6 dB on 3 s of speech.
    const ratio = 10 * Math.log10(energy(back) / energy(pcm));
    assert.ok(Math.abs(ratio) < 6, `${codec.name}: level changed by ${ratio.toFixed(1)} dB`);
    enc.close();
    dec.close();
  }
});

Deno.test("a mixed-rate stream decodes in one call as frame by frame", async () => {
  const pcm = (await speech()).subarray(0, 60 * G723_FRAME_SAMPLES);
  const enc = await G723Encoder.create();
  const parts: Uint8Array[] = [];
  for (let f = 0; f < 60; f++) {
    enc.setRate(f % 7 < 3 ? 5300 : 6300);
    assert.equal(enc.rate, f % 7 < 3 ? 5300 : 6300);
    parts.push(enc.encode(pcm.subarray(f * 240, f * 240 + 240)));
    assert.equal(parts[f].length, f % 7 < 3 ? 20 : 24, `frame ${f}`);
  }
  enc.close();
  const stream = concat(parts);
  const whole = await g723.createDecoder();
  const single = await g723_53.createDecoder();
  const all = whole.decode(stream);
  const pieces = parts.map((p) => single.decode(p));
  assert.equal(all.length, 60 * 240);
  pieces.forEach((p, f) => assert.deepEqual(p, all.subarray(f * 240, f * 240 + 240), `frame ${f}`));
  whole.close();
  single.close();
});

Deno.test("the rate-switched vector encodes and decodes bit-exactly", async () => {
  const rates = await readVector(`${GENERATED}/speech_a.rsw.rate`);
  const pcm = await speech();
  const enc = await G723Encoder.create();
  const parts: Uint8Array[] = [];
  rates.forEach((r, f) => {
    enc.setRate(r ? 5300 : 6300);
    parts.push(enc.encode(pcm.subarray(f * 240, f * 240 + 240)));
  });
  enc.close();
  const bits = concat(parts);
  assert.deepEqual(bits, await readVector(`${GENERATED}/speech_a.rsw.bit`));
  const dec = await g723.createDecoder();
  const out = dec.decode(bits);
  dec.close();
  const expected = await readVector(`${GENERATED}/speech_a.rsw.dec.pcm`);
  assert.deepEqual(new Uint8Array(out.buffer), expected);
});

Deno.test("with VAD, silence becomes one SID frame then untransmitted frames", async () => {
  const enc = await g723Codec({ vad: true }).createEncoder();
  const payload = enc.encode(new Int16Array(20 * G723_FRAME_SAMPLES));
  enc.close();
  const lengths = splitG723Frames(payload).map((f) => f.length);
  // The VAD's hangover keeps the first frames active.
  const firstSid = lengths.indexOf(4);
  assert.ok(firstSid > 0 && lengths.slice(0, firstSid).every((n) => n === 24), `${lengths}`);
  assert.ok(lengths.slice(firstSid + 1).every((n) => n === 1), `${lengths}`);
  const dec = await g723.createDecoder();
  assert.equal(dec.decode(payload).length, 20 * G723_FRAME_SAMPLES);
  dec.close();
});

Deno.test("reset restores the created rate and the initial state", async () => {
  const pcm = (await speech()).subarray(48000, 48000 + 5 * 240);
  const enc = await G723Encoder.create({ rate: 5300 });
  const first = enc.encode(pcm);
  enc.setRate(6300);
  enc.encode(pcm);
  enc.reset();
  assert.equal(enc.rate, 5300);
  const again = new Uint8Array(100);
  assert.equal(enc.encodeInto(pcm, again), 100);
  assert.deepEqual(again, first);
  assert.throws(
    () => enc.encodeInto(pcm, new Uint8Array(99)),
    /output holds 99 octets, 100 needed/,
  );
  enc.close();
  assert.throws(() => enc.encode(pcm), /closed/);
});

Deno.test("erased frames are concealed and fade to silence", async () => {
  const pcm = (await speech()).subarray(0, 40 * G723_FRAME_SAMPLES);
  const enc = await g723.createEncoder();
  const dec = await g723.createDecoder();
  dec.decode(enc.encode(pcm));
  const lost = [1, 2, 3, 4, 5].map(() => dec.conceal(G723_FRAME_SAMPLES));
  assert.ok(lost.every((f) => f.length === 240));
  // The first lost frame repeats the last one at -2.5 dB; from the third on the
  // excitation is muted, so only the filters' ringing is left.
  assert.ok(energy(lost[0]) > 0);
  assert.ok(energy(lost[4]) < energy(lost[0]) / 100, `${lost.map(energy)}`);
  assert.equal(dec.conceal(2 * G723_FRAME_SAMPLES).length, 480);
  enc.close();
  dec.close();
});

Deno.test("bad input gets clear errors and leaves the decoder usable", async () => {
  const enc = await g723.createEncoder();
  const dec = await g723.createDecoder();
  assert.throws(() => enc.encode(new Int16Array(100)), CodecError);
  assert.throws(() => enc.encode(new Int16Array(100)), /not a whole number of 240-sample frames/);
  const frame = enc.encode(new Int16Array(240));
  assert.throws(() => dec.decode(frame.subarray(0, 23)), /not a whole number of frames/);
  assert.throws(() => dec.conceal(100), /not a whole number of frames/);
  assert.equal(dec.decode(frame).length, 240);
  // A forbidden pitch lag (7-bit value above 123) is decoded as an erased frame.
  const forbidden = frame.slice();
  forbidden[3] |= 0xfc; // lag bits 0-5 of subframes 0-1 (serial bits 26-31)
  forbidden[4] |= 0x01; // lag bit 6
  const other = await g723.createDecoder();
  other.decode(frame);
  assert.deepEqual(dec.decode(forbidden), other.conceal(240));
  other.close();
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    () => G723Encoder.create({ rate: 6400 as any }),
    /6300 or 5300 bit\/s, not 6400/,
  );
  const switcher = await G723Encoder.create();
  // deno-lint-ignore no-explicit-any
  assert.throws(() => switcher.setRate(8000 as any), RangeError);
  switcher.close();
  enc.close();
  dec.close();
});
