import assert from "node:assert/strict";
import { encodeWav, parseWav, parseWavHeader, WavError, wavHeader } from "./wav.ts";

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
