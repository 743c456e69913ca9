import assert from "node:assert/strict";
import { l16, l16_16 } from "./l16.ts";
import { describeMode } from "./wasm_codec.ts";
import { findCodec } from "./registry.ts";
import { pcmToL16 } from "../rtp/l16.ts";

const wasm = () => import("./wasm/l16.ts").then((m) => m.wasmBase64);
const pcm = Int16Array.from({ length: 333 }, (_, i) => ((i * 7919) % 65536) - 32768);

Deno.test("L16 entries match the module and are found as SDP names them", async () => {
  for (const [codec, mode] of [[l16, 0], [l16_16, 1]] as const) {
    const m = await describeMode("l16", wasm, mode);
    assert.deepEqual(m, {
      frameSamples: codec.frameSamples,
      frameBytes: codec.frameBytes,
      bitRate: codec.bitRate,
    });
    assert.equal(codec.payloadType, undefined, "dynamic: static 10/11 are 44.1 kHz");
  }
  assert.equal(findCodec("L16/16000"), l16_16);
  assert.equal(findCodec("l16"), l16);
});

Deno.test("L16 is big-endian on the wire and back, at any length", async () => {
  const enc = await l16.createEncoder();
  const dec = await l16.createDecoder();
  const wire = enc.encode(pcm);
  assert.deepEqual(wire, pcmToL16(pcm)); // the RTP layer's own DataView conversion
  assert.deepEqual(dec.decode(wire), pcm);
  assert.deepEqual([...enc.encode(Int16Array.of(1, -2))], [0, 1, 0xff, 0xfe]);
  assert.throws(() => dec.decode(new Uint8Array(3)), /whole number/);
  enc.close();
  dec.close();
});

Deno.test("ffmpeg reads our L16 as s16be", async () => {
  const enc = await l16.createEncoder();
  const wire = enc.encode(pcm);
  enc.close();
  const child = new Deno.Command("ffmpeg", {
    args: ["-loglevel", "error", "-f", "s16be", "-ar", "8000", "-ac", "1", "-i", "pipe:0"]
      .concat(["-f", "s16le", "pipe:1"]),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(wire);
  await writer.close();
  const out = await child.output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.deepEqual(new Int16Array(out.stdout.slice().buffer), pcm);
});
