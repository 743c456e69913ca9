import assert from "node:assert/strict";
import { decodeLpc10Float, lpc10, LPC10_FRAME_BYTES, LPC10_FRAME_SAMPLES } from "./lpc10.ts";
import { CodecError } from "./codec.ts";
import { findCodec } from "./registry.ts";
import { describeMode } from "./wasm_codec.ts";

// 0.9 s of a 200 Hz buzz with a slow 1 kHz tone and some noise: voiced and unvoiced.
function testSignal(frames: number): Int16Array {
  let seed = 12345;
  return Int16Array.from({ length: frames * LPC10_FRAME_SAMPLES }, (_, i) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const buzz = (i % 40) < 4 ? 6000 : -600;
    const tone = 3000 * Math.sin((2 * Math.PI * 1000 * i) / 8000);
    const noise = ((seed >> 16) % 2001) - 1000;
    return Math.round(i < 2000 ? buzz + tone : noise * 4);
  });
}

Deno.test("encode gives 7 bytes per 180 samples and decode gives them back", async () => {
  const enc = await lpc10.createEncoder();
  const dec = await lpc10.createDecoder();
  const payload = enc.encode(testSignal(4));
  assert.equal(payload.length, 4 * LPC10_FRAME_BYTES);
  // The two pad bits of each frame are zero; the sync bit alternates 0, 1, 0, 1.
  for (let f = 0; f < 4; f++) {
    assert.equal(payload[f * 7 + 6] & 0x03, 0);
    assert.equal((payload[f * 7 + 6] >> 2) & 1, f & 1);
  }
  assert.equal(dec.decode(payload).length, 4 * LPC10_FRAME_SAMPLES);
  enc.close();
  dec.close();
});

Deno.test("a partial frame is refused with a CodecError", async () => {
  const enc = await lpc10.createEncoder();
  const dec = await lpc10.createDecoder();
  assert.throws(() => enc.encode(new Int16Array(100)), CodecError);
  assert.throws(() => dec.decode(new Uint8Array(6)), CodecError);
  await assert.rejects(() => decodeLpc10Float(new Uint8Array(8)), CodecError);
  enc.close();
  dec.close();
});

Deno.test("the float decoder and the 16-bit decoder agree (SoX conversion)", async () => {
  const enc = await lpc10.createEncoder();
  const payload = enc.encode(testSignal(5));
  enc.close();
  const floats = await decodeLpc10Float(payload);
  const dec = await lpc10.createDecoder();
  const pcm = dec.decode(payload);
  dec.close();
  assert.equal(floats.length, pcm.length);
  let energy = 0;
  for (let i = 0; i < pcm.length; i++) {
    const t = Math.max(-2147483648, Math.min(2147483647, Math.trunc(floats[i] * 2 ** 31)));
    assert.equal(pcm[i], Math.min(32767, Math.floor((t + 32768) / 65536)), `sample ${i}`);
    energy += pcm[i] * pcm[i];
  }
  assert.ok(energy > 0, "decoded speech is not silent");
});

Deno.test("registry entry agrees with what the module reports", async () => {
  const wasm = () => import("./wasm/lpc10.ts").then((m) => m.wasmBase64);
  assert.deepEqual(await describeMode("lpc10", wasm, 0), {
    frameSamples: lpc10.frameSamples,
    frameBytes: lpc10.frameBytes,
    bitRate: lpc10.bitRate,
  });
  assert.deepEqual(await describeMode("lpc10", wasm, 1), {
    frameSamples: 0,
    frameBytes: 0,
    bitRate: 0,
  });
  assert.equal(findCodec("LPC10"), lpc10);
  assert.equal(lpc10.payloadType, undefined); // dynamic, never RFC 3551's LPC (7)
  assert.equal(lpc10.impairment, undefined); // G.113 has no value for LPC-10
  // 90 ms packets: whole codec frames and whole 10 ms line frames.
  const packet = (lpc10.ptimeMs * lpc10.clockRate) / 1000;
  assert.equal(packet % lpc10.frameSamples, 0);
  assert.equal(packet % 80, 0);
});

async function sox(args: string[], input: Uint8Array): Promise<Uint8Array | undefined> {
  try {
    const child = new Deno.Command("sox", { args, stdin: "piped", stdout: "piped" }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(input);
    await writer.close();
    const { code, stdout } = await child.output();
    return code === 0 ? stdout : undefined;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

const RAW = ["-t", "raw", "-r", "8000", "-e", "signed-integer", "-b", "16", "-c", "1", "-L"];

Deno.test("live: our encoder and decoder match Debian's sox byte for byte", async (t) => {
  const pcm = testSignal(20);
  const pcmBytes = new Uint8Array(pcm.buffer);
  const soxBits = await sox(["-D", ...RAW, "-", "-t", "lpc10", "-"], pcmBytes);
  if (!soxBits) {
    t.step({ name: "sox not installed (apt-get install sox)", ignore: true, fn: () => {} });
    return;
  }
  const enc = await lpc10.createEncoder();
  const ours = enc.encode(pcm);
  enc.close();
  assert.deepEqual(ours, soxBits);
  const soxPcm = await sox([
    "-D",
    "-t",
    "lpc10",
    "-",
    "-t",
    "raw",
    "-e",
    "signed-integer",
    "-b",
    "16",
    "-L",
    "-",
  ], soxBits);
  assert.ok(soxPcm);
  const dec = await lpc10.createDecoder();
  const decoded = dec.decode(ours);
  dec.close();
  assert.deepEqual(new Uint8Array(decoded.buffer), soxPcm);
});
