/**
 * The one codec interface every speech codec implements, whatever it is written in.
 *
 * @example
 * ```ts
 * import { findCodec } from "./registry.ts";
 * const pcmu = findCodec("PCMU");
 * const enc = await pcmu.createEncoder();
 * const payload = enc.encode(new Int16Array(160)); // 160 octets
 * enc.close();
 * ```
 * @module
 */

/** What a codec is, as the CLI, RTP and session URLs need to know it. */
export interface CodecInfo {
  /** Registry name, lower case, unique: `pcmu`, `g726-32`. */
  readonly name: string;
  /** RTP encoding name (RFC 3551 / IANA), as in SDP and session URLs: `PCMU`. */
  readonly encoding: string;
  /** Static RTP payload type, or `undefined` when the codec needs a dynamic one (96-127). */
  readonly payloadType?: number;
  /** RTP clock rate in Hz. */
  readonly clockRate: number;
  /** Audio channels. */
  readonly channels: number;
  /** PCM samples per codec frame (1 for sample-based codecs such as G.711). */
  readonly frameSamples: number;
  /** Encoded bytes per frame (the largest, when frame sizes vary). */
  readonly frameBytes: number;
  /**
   * Octets every packet carries on top of its frames (DVI4's 4-octet state header);
   * absent for none. Such a codec codes one packet per `encode` and `decode` call.
   */
  readonly packetHeaderBytes?: number;
  /** Bit rate in bit/s (of the frames, without a packet header). */
  readonly bitRate: number;
  /** Default packetization in milliseconds. */
  readonly ptimeMs: number;
  /** One line for `phone codecs`. */
  readonly description: string;
  /**
   * ITU-T G.113 Appendix I values for E-model (G.107) estimates: equipment impairment `Ie`
   * and packet-loss robustness `Bpl` as used by the phone (with its loss concealment).
   */
  readonly impairment?: { readonly Ie: number; readonly Bpl: number };
}

/** Turns 16-bit PCM into payload bytes. */
export interface Encoder {
  readonly info: CodecInfo;
  /**
   * Encodes a whole number of frames. The returned bytes are a fresh copy the caller
   * owns. Throws {@link CodecError} if `pcm.length` is not a multiple of `frameSamples`.
   */
  encode(pcm: Int16Array): Uint8Array;
  /**
   * Like {@link encode}, but writes into `out` (which must hold the result) and returns
   * the number of bytes written: no allocation, for per-packet use.
   */
  encodeInto(pcm: Int16Array, out: Uint8Array): number;
  /** Back to the initial state, as at a new call. */
  reset(): void;
  /** Frees the state. The encoder is unusable afterwards. */
  close(): void;
}

/** Turns payload bytes into 16-bit PCM. */
export interface Decoder {
  readonly info: CodecInfo;
  /** Decodes whole frames; throws {@link CodecError} on a length or content error. */
  decode(payload: Uint8Array): Int16Array;
  /** Like {@link decode}, into `out`; returns the number of samples written. */
  decodeInto(payload: Uint8Array, out: Int16Array): number;
  /** PCM for `samples` samples of a lost frame, from the codec's own erasure handling. */
  conceal(samples: number): Int16Array;
  reset(): void;
  close(): void;
}

/** A codec the registry can list and instantiate. */
export interface Codec extends CodecInfo {
  createEncoder(): Promise<Encoder>;
  createDecoder(): Promise<Decoder>;
}

/** Any failure inside a codec, with the codec's name in the message. */
export class CodecError extends Error {
  constructor(readonly codec: string, message: string) {
    super(`${codec}: ${message}`);
    this.name = "CodecError";
  }
}
