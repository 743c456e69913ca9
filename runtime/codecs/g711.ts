/**
 * G.711 (ITU-T, 1972): 64 kbit/s logarithmic PCM, mu-law (PCMU, North America and
 * Japan) and A-law (PCMA, elsewhere), bit-exact with the ITU-T G.191 STL.
 * @module
 */
import { wasmCodec } from "./wasm_codec.ts";

const wasm = () => import("./wasm/g711.ts").then((m) => m.wasmBase64);
const common = {
  module: "g711",
  wasm,
  clockRate: 8000,
  channels: 1,
  frameSamples: 1,
  frameBytes: 1,
  bitRate: 64000,
  ptimeMs: 20,
  // G.113 Table I.3: G.711 with Appendix I concealment, which the phone applies.
  impairment: { Ie: 0, Bpl: 25.1 },
};

/** G.711 mu-law, RTP payload type 0. */
export const pcmu = wasmCodec({
  ...common,
  name: "pcmu",
  encoding: "PCMU",
  payloadType: 0,
  mode: 0,
  description: "G.711 mu-law, 64 kbit/s",
});

/** G.711 A-law, RTP payload type 8. */
export const pcma = wasmCodec({
  ...common,
  name: "pcma",
  encoding: "PCMA",
  payloadType: 8,
  mode: 1,
  description: "G.711 A-law, 64 kbit/s",
});
