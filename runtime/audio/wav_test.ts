import assert from "node:assert/strict";
import {
  encodeWav,
  parseWav,
  parseWavHeader,
  readWav,
  readWavFile,
  WavError,
  wavHeader,
  WavWriter,
} from "./wav.ts";

const format = { sampleRate: 8000, channels: 1 };

function rejects(bytes: Uint8Array, pattern: RegExp) {
  assert.throws(() => parseWav(bytes, "x.wav"), (e: unknown) => {
    assert.ok(e instanceof WavError, String(e));
    assert.match(e.message, /^x\.wav: /);
    assert.match(e.message, pattern);
    return true;
  });
}

Deno.test("a written WAV file parses back to the same samples and format", () => {
  const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
  const wav = parseWav(encodeWav(samples, format));
  assert.equal(wav.sampleRate, 8000);
  assert.equal(wav.channels, 1);
  assert.deepEqual([...wav.samples], [...samples]);
});

Deno.test("chunks before fmt and odd-sized chunks are skipped", () => {
  const samples = Int16Array.from([7, 8]);
  const plain = encodeWav(samples, format);
  // Insert a 3-byte LIST chunk (padded to 4) between the RIFF header and fmt.
  const extra = Uint8Array.from([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]);
  const bytes = new Uint8Array(plain.length + extra.length);
  bytes.set(plain.subarray(0, 12));
  bytes.set(extra, 12);
  bytes.set(plain.subarray(12), 12 + extra.length);
  assert.deepEqual([...parseWav(bytes).samples], [7, 8]);
});

Deno.test("streamed files with a zero data size read to the end", () => {
  const bytes = encodeWav(Int16Array.from([1, 2, 3]), format);
  new DataView(bytes.buffer).setUint32(40, 0, true);
  assert.equal(parseWavHeader(bytes).dataBytes, 6);
});

Deno.test("bad files are refused with what was wrong", () => {
  rejects(new Uint8Array(4), /truncated: 4 bytes/);
  rejects(new TextEncoder().encode("hello, this is not audio at all"), /not a WAV file/);
  const good = encodeWav(Int16Array.from([1, 2, 3, 4]), format);
  rejects(good.subarray(0, good.length - 3), /truncated: header declares 8 data bytes, file has 5/);
  rejects(good.subarray(0, 30), /truncated fmt chunk/);
  const bits8 = good.slice();
  new DataView(bits8.buffer).setUint16(34, 8, true);
  rejects(bits8, /8-bit samples/);
  const float = good.slice();
  new DataView(float.buffer).setUint16(20, 3, true);
  rejects(float, /format code 3/);
});

Deno.test("the header has the canonical sizes", () => {
  const h = new DataView(wavHeader({ sampleRate: 16000, channels: 2 }, 100).buffer);
  assert.equal(h.getUint32(4, true), 136);
  assert.equal(h.getUint32(28, true), 64000); // byte rate
  assert.equal(h.getUint16(32, true), 4); // block align
  assert.equal(h.getUint32(40, true), 100);
});

// Tests of the phone's side of wav.ts: the strict 8 kHz mono reader and the streaming writer.

function refusedByReadWav(bytes: Uint8Array, pattern: RegExp) {
  assert.throws(() => readWav(bytes, "in.wav"), (e: unknown) => {
    assert.ok(e instanceof WavError, String(e));
    assert.match(e.message, /^in\.wav: /);
    assert.match(e.message, pattern);
    return true;
  });
}

Deno.test("readWav takes 8 kHz mono 16-bit and names the mismatch for anything else", () => {
  const samples = Int16Array.from([5, -5, 300]);
  assert.deepEqual([...readWav(encodeWav(samples), "in.wav")], [5, -5, 300]);
  refusedByReadWav(encodeWav(samples, { sampleRate: 16000, channels: 1 }), /16000 Hz; need 8000/);
  refusedByReadWav(encodeWav(Int16Array.from([1, 2]), { sampleRate: 8000, channels: 2 }), /2 ch/);
  const alaw = encodeWav(samples);
  new DataView(alaw.buffer).setUint16(20, 6, true);
  refusedByReadWav(alaw, /format code 6 \(A-law\); need 1 \(PCM\)/);
  refusedByReadWav(new TextEncoder().encode("RIFX\0\0\0\0WAVEfmt "), /RIFX files are not/);
  refusedByReadWav(new TextEncoder().encode("ID3\x04 an mp3 file, really"), /not a WAV file/);
});

Deno.test("a 16 kHz file is accepted when the caller asks for 16 kHz", () => {
  const bytes = encodeWav(Int16Array.from([9]), { sampleRate: 16000, channels: 1 });
  assert.deepEqual([...readWav(bytes, "w.wav", { rate: 16000 })], [9]);
});

Deno.test("WAVE_FORMAT_EXTENSIBLE with a PCM sub-format is read", () => {
  const plain = encodeWav(Int16Array.from([11, 22]));
  const fmt = new Uint8Array(40);
  fmt.set(plain.subarray(20, 36)); // the 16-byte PCM fmt body
  const view = new DataView(fmt.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(16, 22, true); // cbSize
  view.setUint16(24, 1, true); // sub-format GUID begins with WAVE_FORMAT_PCM
  const bytes = new Uint8Array(12 + 8 + 40 + 8 + 4);
  bytes.set(plain.subarray(0, 12));
  bytes.set(new TextEncoder().encode("fmt "), 12);
  new DataView(bytes.buffer).setUint32(16, 40, true);
  bytes.set(fmt, 20);
  bytes.set(plain.subarray(36), 60);
  assert.deepEqual([...readWav(bytes, "ext.wav")], [11, 22]);
});

Deno.test("truncated data is refused, or cut to whole samples when allowed", () => {
  const good = encodeWav(Int16Array.from([1, 2, 3, 4]));
  const cut = good.subarray(0, good.length - 3); // 5 of 8 data bytes left
  refusedByReadWav(cut, /truncated: header declares 8 data bytes, file has 5/);
  assert.deepEqual([...readWav(cut, "in.wav", { allowTruncated: true })], [1, 2]);
  const streamed = good.slice(0, good.length - 1); // unknown size, odd tail
  new DataView(streamed.buffer).setUint32(40, 0xffffffff, true);
  refusedByReadWav(streamed, /data is 7 bytes, not a whole number of 2-byte sample frames/);
});

Deno.test("header order and missing chunks are reported", () => {
  const good = encodeWav(Int16Array.from([1]));
  refusedByReadWav(good.subarray(0, 36), /no data chunk/);
  const swapped = new Uint8Array(good.length);
  swapped.set(good.subarray(0, 12));
  swapped.set(good.subarray(36), 12); // data chunk first
  swapped.set(good.subarray(12, 36), 12 + good.length - 36);
  refusedByReadWav(swapped, /data chunk comes before the fmt chunk/);
});

Deno.test("WavWriter streams samples and fixes the header up on close", async () => {
  const path = await Deno.makeTempFile({ suffix: ".wav" });
  try {
    const writer = await WavWriter.create(path);
    await writer.write(Int16Array.from([1, 2, 3]));
    const early = await Deno.readFile(path);
    assert.equal(new DataView(early.buffer).getUint32(40, true), 0xffffffff);
    assert.deepEqual([...readWav(early, path)], [1, 2, 3]); // readable before close
    await writer.write(Int16Array.from([-4]));
    assert.equal(writer.samples, 4);
    await writer.close();
    const bytes = await Deno.readFile(path);
    assert.equal(bytes.length, 44 + 8);
    const view = new DataView(bytes.buffer);
    assert.equal(view.getUint32(4, true), 36 + 8);
    assert.equal(view.getUint32(40, true), 8);
    assert.deepEqual([...(await readWavFile(path))], [1, 2, 3, -4]);
    await assert.rejects(() => writer.write(Int16Array.of(1)), /write after close/);
  } finally {
    await Deno.remove(path);
  }
});
