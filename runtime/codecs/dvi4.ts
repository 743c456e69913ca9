/**
 * DVI4 (RFC 3551 section 4.5.1): IMA ADPCM, 4 bits a sample, at 8000 Hz (static payload
 * type 5, 32 kbit/s) and 16000 Hz (type 6, 64 kbit/s). Every packet is one DVI block: a
 * 4-octet header with the decoder state (predicted value, step index), then the codes, the
 * first sample in the high nibble. So one `encode` call makes one packet, one `decode`
 * call reads one packet, and a lost packet costs only itself. Bit-exact with spandsp's
 * `IMA_ADPCM_DVI4` (checked live in `dvi4_test.ts`).
 *
 * @example
 * ```ts
 * import { dvi4 } from "./dvi4.ts";
 * const enc = await dvi4.createEncoder();
 * const payload = enc.encode(new Int16Array(160)); // 20 ms -> 4 + 80 octets
 * enc.close();
 * ```
 * @module
 */
import { wasmCodec } from "./wasm_codec.ts";

const wasm = () => import("./wasm/dvi4.ts").then((m) => m.wasmBase64);
const common = {
  module: "dvi4",
  wasm,
  encoding: "DVI4",
  channels: 1,
  frameSamples: 2,
  frameBytes: 1,
  packetHeaderBytes: 4,
  ptimeMs: 20,
  // G.113 Appendix I gives no Ie for IMA ADPCM; G.726-32, the same kind of coder at
  // the same rate, is Ie 7. Bpl as for the other waveform coders with Appendix I PLC.
  impairment: { Ie: 7, Bpl: 25.1 },
};

/** DVI4 at 8000 Hz, RTP payload type 5. */
export const dvi4 = wasmCodec({
  ...common,
  name: "dvi4",
  payloadType: 5,
  clockRate: 8000,
  bitRate: 32000,
  mode: 0,
  description: "IMA ADPCM (DVI4), 32 kbit/s",
});

/** DVI4 at 16000 Hz, RTP payload type 6. */
export const dvi4_16 = wasmCodec({
  ...common,
  name: "dvi4-16",
  payloadType: 6,
  clockRate: 16000,
  bitRate: 64000,
  mode: 1,
  description: "IMA ADPCM (DVI4) wideband 16 kHz, 64 kbit/s",
});
