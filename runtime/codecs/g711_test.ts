import assert from "node:assert/strict";
import { pcma, pcmu } from "./g711.ts";
import { CodecError } from "./codec.ts";
import { describeMode } from "./wasm_codec.ts";

Deno.test("PCMU encodes the STL's landmark values", async () => {
  const enc = await pcmu.createEncoder();
  // 0 -> 0xFF; -1..-4 -> 0x7F ("negative zero": the STL truncates ~x to 14 bits);
  // -5 is the first negative input off zero; 32636 (8159 in 14 bits) is the top level.
  const out = enc.encode(Int16Array.from([0, -1, -4, -5, 32767, -32768, 32636, -32637]));
  assert.deepEqual([...out], [0xff, 0x7f, 0x7f, 0x7e, 0x80, 0x00, 0x80, 0x00]);
  enc.close();
});

Deno.test("PCMA encodes the STL's landmark values", async () => {
  const enc = await pcma.createEncoder();
  const out = enc.encode(Int16Array.from([0, -1, 32767, -32768, 15, 16]));
  assert.deepEqual([...out], [0xd5, 0x55, 0xaa, 0x2a, 0xd5, 0xd4]);
  enc.close();
});

Deno.test("decoding every octet gives the G.711 reconstruction levels", async () => {
  for (const [codec, max] of [[pcmu, 32124], [pcma, 32256]] as const) {
    const dec = await codec.createDecoder();
    const levels = dec.decode(Uint8Array.from({ length: 256 }, (_, i) => i));
    assert.equal(Math.max(...levels), max);
    assert.equal(Math.min(...levels), -max);
    // The two halves mirror each other: sign is the top bit.
    for (let i = 0; i < 128; i++) assert.equal(levels[i] + levels[i + 128], 0, `octet ${i}`);
    dec.close();
  }
});

Deno.test("encode then decode is monotonic and within half a step of the input", async () => {
  for (const codec of [pcmu, pcma]) {
    const enc = await codec.createEncoder();
    const dec = await codec.createDecoder();
    const ramp = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const back = dec.decode(enc.encode(ramp));
    for (let i = 1; i < back.length; i++) {
      assert.ok(back[i] >= back[i - 1], `${codec.name} at ${i}`);
    }
    // Largest step is 1024 (A-law) / 1024 (mu-law top segment); error stays within it.
    for (let i = 0; i < back.length; i += 97) {
      assert.ok(Math.abs(back[i] - ramp[i]) <= 1024, `${codec.name} ${ramp[i]} -> ${back[i]}`);
    }
    enc.close();
    dec.close();
  }
});

Deno.test("registry entries agree with what the module reports", async () => {
  for (const [codec, mode] of [[pcmu, 0], [pcma, 1]] as const) {
    const wasm = () => import("./wasm/g711.ts").then((m) => m.wasmBase64);
    const reported = await describeMode("g711", wasm, mode);
    assert.deepEqual(reported, {
      frameSamples: codec.frameSamples,
      frameBytes: codec.frameBytes,
      bitRate: codec.bitRate,
    });
  }
  assert.equal((await describeMode("g711", () => Promise.resolve(""), 7)).bitRate, 0);
});

Deno.test("a closed encoder refuses work with a CodecError", async () => {
  const enc = await pcmu.createEncoder();
  enc.close();
  enc.close(); // closing twice is harmless
  assert.throws(() => enc.encode(new Int16Array(8)), CodecError);
});

Deno.test("many encoders can be created and closed without growing memory", async () => {
  const first = await pcmu.createEncoder();
  first.encode(new Int16Array(160));
  first.close();
  const before = (await import("./wasm_codec.ts")).loadCodecModule(
    "g711",
    () => Promise.resolve(""),
  );
  const memoryBefore = (await before).memory.buffer.byteLength;
  for (let i = 0; i < 2000; i++) {
    const e = await pcmu.createEncoder();
    e.encode(new Int16Array(160));
    e.close();
  }
  assert.equal((await before).memory.buffer.byteLength, memoryBefore);
});

Deno.test("the 16-octet SIMD path and the scalar tail decode every octet alike", async () => {
  for (const codec of [pcmu, pcma]) {
    const dec = await codec.createDecoder();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const simd = dec.decode(all); // 256 = 16 whole SIMD steps
    for (let i = 0; i < 256; i++) {
      assert.equal(dec.decode(all.subarray(i, i + 1))[0], simd[i], `${codec.name} octet ${i}`);
    }
    dec.close();
  }
});
