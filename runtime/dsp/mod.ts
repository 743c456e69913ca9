/**
 * Signal processing for the phone's audio paths, in WebAssembly: the adaptive jitter
 * buffer and the receive path built on it, G.711 Appendix I packet loss concealment,
 * WSOLA time-scaling, call-progress tones of several countries, comfort noise, and DTMF
 * generation and detection.
 *
 * @example The receive path of one call
 * ```ts
 * import { Playout } from "./mod.ts";
 * import { findCodec } from "../codecs/mod.ts";
 * declare const sequence: number, timestamp: number, ssrc: number, marker: boolean;
 * declare const payload: Uint8Array, arrivalMs: number, playMs: number;
 * const dec = await findCodec("PCMU").createDecoder();
 * const playout = await Playout.create({ decode: (p: Uint8Array) => dec.decode(p), comfortNoiseDbov: -60 });
 * // for every RTP packet:
 * playout.put({ sequence, timestamp, ssrc, marker, samples: payload.length }, arrivalMs, payload);
 * // whenever the device needs audio, with the time its first sample will be heard:
 * const { pcm } = playout.next(playMs);
 * ```
 *
 * @example Tones and digits
 * ```ts
 * import { DtmfDetector, DtmfGenerator, ToneGenerator } from "./mod.ts";
 * const busy = await ToneGenerator.create({ country: "uk", kind: "busy" });
 * const digits = (await DtmfGenerator.create()).generate("0354#");
 * const keys = (await DtmfDetector.create()).process(digits);
 * ```
 * @module
 */
export {
  JitterBuffer,
  type JitterBufferOptions,
  type JitterStats,
  type PacketInfo,
  type PlayoutDecision,
  type Refusal,
} from "./jitter_buffer.ts";
export { Playout, type PlayoutOptions, type PlayoutStats, type PlayoutStep } from "./playout.ts";
export { Concealer } from "./concealer.ts";
export { TimeScaler, type TimeScalerOptions } from "./time_scaler.ts";
export { ToneGenerator, type ToneSource } from "./tone_generator.ts";
export {
  type CountryTones,
  TONE_PLANS,
  type ToneComponent,
  type ToneKind,
  tonePlan,
  type ToneSegment,
} from "./tone_plans.ts";
export { ComfortNoise } from "./comfort_noise.ts";
export { type ResampleDirection, Resampler } from "./resampler.ts";
export {
  DTMF_HIGH,
  DTMF_LOW,
  dtmfFrequencies,
  DtmfGenerator,
  type DtmfOptions,
} from "./dtmf_generator.ts";
export { DtmfDetector, type DtmfDetectorOptions, type DtmfEvent, keysOf } from "./dtmf_detector.ts";
export { DBM0_PEAK, dbovOf, rmsOfDbov, sinePeak } from "./levels.ts";
export { type CallProgress, CallProgressDetector } from "./call_progress.ts";
