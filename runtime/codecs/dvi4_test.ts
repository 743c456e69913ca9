import assert from "node:assert/strict";
import { dvi4, dvi4_16 } from "./dvi4.ts";
import { findCodec } from "./registry.ts";
import { CodecError } from "./codec.ts";
import { describeMode } from "./wasm_codec.ts";
import { parseDvi4Header } from "../rtp/dvi4.ts";

const wasm = () => import("./wasm/dvi4.ts").then((m) => m.wasmBase64);
const vectors = Deno.env.get("CONFORMANCE_VECTORS") ??
  new URL("../../../shared/vectors", import.meta.url).pathname;

async function speech(): Promise<Int16Array> {
  const bytes = await Deno.readFile(`${vectors}/inputs/speech_a.pcm`).catch((e) => {
    throw new Error(`speech vector missing under ${vectors} (set CONFORMANCE_VECTORS): ${e}`);
  });
  const all = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
  return all.slice(0, all.length - (all.length % 320));
}

/** Signals that reach the step table's ends and the 16-bit limits. */
function hardSignals(): Int16Array {
  const n = 16000;
  const out = new Int16Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    if (i < 4000) out[i] = (i >> 5) & 1 ? 32767 : -32768; // full-scale square
    else if (i < 8000) out[i] = Math.round(32767 * Math.sin((i * i) / 40000)); // chirp
    else if (i < 12000) out[i] = (seed >>> 16) - 32768; // white noise
    else out[i] = i % 400 < 200 ? 0 : 30000; // steps and silence
  }
  return out;
}

function packets(pcm: Int16Array, size: number): Int16Array[] {
  const out: Int16Array[] = [];
  for (let at = 0; at + size <= pcm.length; at += size) out.push(pcm.subarray(at, at + size));
  return out;
}

Deno.test("the registry entries match the module and RFC 3551", async () => {
  for (const [codec, mode] of [[dvi4, 0], [dvi4_16, 1]] as const) {
    const m = await describeMode("dvi4", wasm, mode);
    assert.deepEqual(m, {
      frameSamples: codec.frameSamples,
      frameBytes: codec.frameBytes,
      bitRate: codec.bitRate,
    });
  }
  assert.equal(findCodec(5), dvi4);
  assert.equal(findCodec(6), dvi4_16);
  assert.equal(findCodec("DVI4"), dvi4);
  assert.equal(findCodec("dvi4/16000"), dvi4_16);
});

Deno.test("a DVI4 packet is the state header then codes, high nibble first", async () => {
  const enc = await dvi4.createEncoder();
  const first = enc.encode(Int16Array.of(1000, 1000, 1000, 1000));
  assert.equal(first.length, 4 + 2);
  assert.deepEqual([...first.subarray(0, 4)], [0, 0, 0, 0], "initial state, reserved 0");
  // From 0 with step 7: +1000 is far above the step, so the code is 0b0111.
  assert.equal(first[4] >> 4, 7);
  const second = enc.encode(new Int16Array(160));
  const header = parseDvi4Header(second);
  assert.ok(header.ok && header.header.stepIndex > 0, "state carried into the next header");
  assert.equal(second.length, 84);
  assert.throws(() => enc.encode(new Int16Array(3)), CodecError);
  enc.close();
});

Deno.test("the decoder starts each packet from its header and rejects bad ones", async () => {
  const enc = await dvi4.createEncoder();
  const dec = await dvi4.createDecoder();
  const pcm = await speech();
  const payloads = packets(pcm.subarray(0, 3200), 160).map((p) => enc.encode(p));
  const inOrder = payloads.map((p) => [...dec.decode(p)]);
  // Decoding packet 7 alone gives what it gave in sequence: no memory between packets.
  dec.reset();
  assert.deepEqual([...dec.decode(payloads[7])], inOrder[7]);
  assert.throws(() => dec.decode(Uint8Array.of(0, 0)), /whole number/);
  assert.throws(() => dec.decode(Uint8Array.of(0, 0, 89, 0, 0x12)), /not valid/);
  assert.equal(dec.decode(Uint8Array.of(0, 0, 88, 0)).length, 0);
  enc.close();
  dec.close();
});

// spandsp (Debian libspandsp2) is an independent implementation of IMA ADPCM with an
// RFC 3551 DVI4 variant: run live through Deno.dlopen. CI: apt-get install libspandsp-dev.
const IMA_ADPCM_DVI4 = 1;

function openSpandsp() {
  const names = ["libspandsp.so.2", "libspandsp.so"];
  for (const name of names) {
    try {
      return Deno.dlopen(name, {
        ima_adpcm_init: { parameters: ["pointer", "i32", "i32"], result: "pointer" },
        ima_adpcm_encode: { parameters: ["pointer", "buffer", "buffer", "i32"], result: "i32" },
        ima_adpcm_decode: { parameters: ["pointer", "buffer", "buffer", "i32"], result: "i32" },
        ima_adpcm_free: { parameters: ["pointer"], result: "i32" },
      });
    } catch { /* try the next name */ }
  }
  throw new Error(`spandsp not found (${names.join(", ")}): apt-get install libspandsp-dev`);
}

Deno.test("spandsp's DVI4 encodes like us and decodes our packets, bit for bit", async () => {
  const lib = openSpandsp();
  const s = lib.symbols;
  try {
    const inputs = { speech: await speech(), hard: hardSignals() };
    for (const codec of [dvi4, dvi4_16]) {
      for (const [what, pcm] of Object.entries(inputs)) {
        for (const size of [160, 320, 2]) {
          const label = `${codec.name} ${what} ${size}-sample packets`;
          const enc = await codec.createEncoder();
          const dec = await codec.createDecoder();
          const se = s.ima_adpcm_init(null, IMA_ADPCM_DVI4, 0);
          const sd = s.ima_adpcm_init(null, IMA_ADPCM_DVI4, 0);
          let packetsChecked = 0;
          try {
            for (const block of packets(pcm, size)) {
              const ours = enc.encode(block);
              const theirs = new Uint8Array(4 + size / 2);
              const n = s.ima_adpcm_encode(se, theirs, block, block.length);
              assert.equal(n, ours.length, label);
              assert.deepEqual(ours, theirs, `${label}: packet ${packetsChecked} encoded`);
              const heard = new Int16Array(size);
              assert.equal(s.ima_adpcm_decode(sd, heard, ours, ours.length), size, label);
              assert.deepEqual(dec.decode(ours), heard, `${label}: packet ${packetsChecked}`);
              packetsChecked++;
            }
          } finally {
            s.ima_adpcm_free(se);
            s.ima_adpcm_free(sd);
            enc.close();
            dec.close();
          }
          assert.ok(packetsChecked >= 50, `${label}: ${packetsChecked} packets`);
        }
      }
    }
  } finally {
    lib.close();
  }
});

Deno.test("DVI4 keeps speech intelligible (SNR above 15 dB)", async () => {
  const pcm = await speech();
  const enc = await dvi4.createEncoder();
  const dec = await dvi4.createDecoder();
  let signal = 0, noise = 0;
  for (const block of packets(pcm, 160)) {
    const back = dec.decode(enc.encode(block));
    for (let i = 0; i < block.length; i++) {
      signal += block[i] ** 2;
      noise += (block[i] - back[i]) ** 2;
    }
  }
  const snr = 10 * Math.log10(signal / noise);
  assert.ok(snr > 15, `SNR ${snr.toFixed(1)} dB`);
  enc.close();
  dec.close();
});
