/**
 * Audio devices of the phone behind one interface, the {@link Line}: ALSA sound cards,
 * Quicknet PhoneJACK/LineJACK telephony cards, WAV/raw files and the null device, opened by
 * name; plus the WAV reader and writer.
 *
 * @example
 * ```ts
 * import { lineSpecFromOhphone, openLine } from "./mod.ts";
 * const line = await openLine(lineSpecFromOhphone({ sound: "default" })); // ohphone -s default
 * const frame = await line.read(); // 160 samples of 8 kHz PCM
 * await line.close();
 * ```
 * @module
 */
export * from "./line.ts";
export * from "./registry.ts";
export * from "./line_spec.ts";
export * from "./wav.ts";
export { type AlsaLatency, AlsaLine, type AlsaLineSpec } from "./alsa/alsa_line.ts";
export { AlsaError } from "./alsa/pcm.ts";
export { type FileLineSpec } from "./file_line.ts";
export { type NullLineSpec } from "./null_line.ts";
export {
  type CardInfo,
  type DialOptions,
  PhoneJackLine,
  type PhoneJackLineSpec,
} from "./phonejack/phonejack_line.ts";
export { TelephonyError } from "./phonejack/device.ts";
export { deviceFrameFromRtpPayload, rtpPayloadFromDeviceFrame } from "./phonejack/raw_frame.ts";
export { LineBase, type LineCounters } from "./line_base.ts";
export { type PcmParams } from "./alsa/pcm.ts";
export {
  type CapabilityType,
  type PhoneCapability,
  PhoneCodec,
  type PhonePortName,
} from "./phonejack/telephony.ts";
