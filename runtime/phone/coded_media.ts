/**
 * The media of a call on a line that speaks the call's codec itself (a Quicknet card set
 * to G.723.1 or mu-law): the card's frames go into RTP as they are, and received payloads
 * go through the jitter buffer and back to the card as they are. No transcoding; the
 * codec's encoder is used only for what the phone makes itself (ring-back, DTMF) and
 * for a frame of silence where nothing arrived in time.
 * @module
 */
import type { Codec, Encoder } from "../codecs/codec.ts";
import { JitterBuffer } from "../dsp/jitter_buffer.ts";
import type { PayloadFormat } from "../rtp/payload_format.ts";
import { findPayloadFormat } from "../rtp/payload_formats.ts";
import { RtpPacketizer } from "../rtp/packetizer.ts";
import { RtpReceiver } from "../rtp/receiver.ts";
import { type CallMediaStats, packetization } from "./call_media.ts";

/** How the coded media of one call is set up. */
export interface CodedMediaOptions {
  readonly codec: Codec;
  readonly payloadType: number;
  /** Samples in one frame of the device (240 for G.723.1, 160 for 20 ms of mu-law). */
  readonly deviceSamples: number;
  readonly ptimeMs?: number;
  readonly jitterMinMs?: number;
  readonly jitterMaxMs?: number;
}

/** Coded frames in and out, RTP in between. */
export class CodedCallMedia {
  readonly packetSamples: number;
  #packetsSent = 0;
  readonly #outgoing: Uint8Array[] = []; // one device frame each
  readonly #incoming: Uint8Array[] = [];
  readonly #silence: Uint8Array;
  readonly #bytesPerDeviceFrame: number;

  private constructor(
    readonly options: CodedMediaOptions,
    private readonly encoder: Encoder,
    private readonly format: PayloadFormat,
    private readonly jitter: JitterBuffer,
    private readonly packetizer: RtpPacketizer,
    private readonly receiver: RtpReceiver,
    silence: Uint8Array,
  ) {
    const { codec, deviceSamples } = options;
    this.packetSamples = Math.round(
      (packetization(codec, options.ptimeMs, deviceSamples) * codec.clockRate) / 1000,
    );
    this.#silence = silence;
    this.#bytesPerDeviceFrame = (deviceSamples / codec.frameSamples) * codec.frameBytes;
  }

  /** Sets up RTP and the jitter buffer; throws if RTP has no format for the codec. */
  static async create(options: CodedMediaOptions): Promise<CodedCallMedia> {
    const { codec, deviceSamples } = options;
    const format = findPayloadFormat(codec.encoding, codec.clockRate, codec.channels);
    if (!format) throw new Error(`${codec.encoding}: no RTP payload format to pass frames through`);
    if (deviceSamples % codec.frameSamples) {
      throw new RangeError(
        `${codec.name}: device frames of ${deviceSamples} samples split codec frames`,
      );
    }
    const encoder = await codec.createEncoder();
    const silence = encoder.encode(new Int16Array(deviceSamples));
    encoder.reset();
    const jitter = await JitterBuffer.create<Uint8Array>({
      clockRate: codec.clockRate,
      timeScale: false, // coded frames cannot be stretched
      ...(options.jitterMinMs === undefined ? {} : { minDelayMs: options.jitterMinMs }),
      ...(options.jitterMaxMs === undefined ? {} : { maxDelayMs: options.jitterMaxMs }),
    });
    const packetizer = new RtpPacketizer({ payloadType: options.payloadType });
    const receiver = new RtpReceiver({
      clockRate: codec.clockRate,
      formats: new Map([[options.payloadType, format]]),
    });
    return new CodedCallMedia(options, encoder, format, jitter, packetizer, receiver, silence);
  }

  /** Hands over one frame from the device, in RTP payload form. */
  captureCoded(frame: Uint8Array): void {
    this.#outgoing.push(frame);
  }

  /** Hands over PCM the phone made (DTMF) in place of the device's next frames. */
  capturePcm(pcm: Int16Array): void {
    this.#outgoing.push(this.encoder.encode(pcm));
  }

  get #framesPerPacket(): number {
    return this.packetSamples / this.options.deviceSamples;
  }

  /** True when a whole packet of frames is waiting. */
  get packetReady(): boolean {
    return this.#outgoing.length >= this.#framesPerPacket;
  }

  /**
   * One packet of the waiting frames, as they came from the device; with `maxBytes`
   * larger than that, an RTP header alone (a reply before establishment is never larger
   * than what it answers).
   */
  nextPacket(maxBytes?: number): Uint8Array {
    const frames = this.#outgoing.splice(0, this.#framesPerPacket);
    while (frames.length < this.#framesPerPacket) frames.push(this.#silence);
    this.#packetsSent++;
    const packet = this.packetizer.packetize(this.format.join(frames), this.packetSamples);
    return fits(packet, maxBytes) ? packet : packet.subarray(0, RTP_HEADER_BYTES);
  }

  /** Encodes `pcm` (ring-back) in place of the device's frames, which are dropped. */
  /** Samples in one packet at the line's rate: the card's codecs are all 8 kHz. */
  get linePacketSamples(): number {
    return this.packetSamples;
  }

  packetOf(pcm: Int16Array, maxBytes?: number): Uint8Array {
    this.#outgoing.splice(0, pcm.length / this.options.deviceSamples);
    this.#packetsSent++;
    const packet = this.packetizer.packetize(this.encoder.encode(pcm), pcm.length);
    return fits(packet, maxBytes) ? packet : packet.subarray(0, RTP_HEADER_BYTES);
  }

  /** True for a datagram that is a valid RTP packet of this stream (counted either way). */
  receive(datagram: Uint8Array, arrivalMs: number): boolean {
    const result = this.receiver.receive(datagram, arrivalMs);
    if (!result.accepted || !result.frames) return false;
    if (result.packet.payload.length === 0) return true; // a short reply before establishment
    const { packet, frames } = result;
    const samples = frames.reduce((n, f) => n + f.samples, 0);
    this.jitter.put(
      {
        sequence: packet.sequence,
        timestamp: packet.timestamp,
        ssrc: packet.ssrc,
        marker: packet.marker,
        samples,
      },
      arrivalMs,
      packet.payload,
    );
    return true;
  }

  /** The next device frame to play, from `nowMs`: received, or silence if none is due. */
  playoutCoded(nowMs: number): Uint8Array {
    if (this.#incoming.length === 0) this.#refill(nowMs);
    return this.#incoming.shift() ?? this.#silence;
  }

  #refill(nowMs: number): void {
    const decision = this.jitter.get(nowMs);
    const frames = decision.kind === "play" ? this.#deviceFrames(decision.payload) : [];
    const missing = Math.ceil(decision.samples / this.options.deviceSamples) - frames.length;
    for (let i = 0; i < missing; i++) frames.push(this.#silence);
    this.#incoming.push(...frames);
    this.jitter.played(decision.samples);
  }

  // A payload as device frames: the format's frames (G.723.1), cut to the device's size
  // where one holds several (a packet of mu-law octets).
  #deviceFrames(payload: Uint8Array): Uint8Array[] {
    const split = this.format.split(payload);
    if (!split.ok) return [];
    const size = this.#bytesPerDeviceFrame;
    return split.frames.flatMap((f) => {
      if (f.samples <= this.options.deviceSamples) return [f.data];
      const pieces: Uint8Array[] = [];
      for (let at = 0; at < f.data.length; at += size) pieces.push(f.data.subarray(at, at + size));
      return pieces;
    });
  }

  /** Counters of both directions, in the same form as {@link CallMedia}'s. */
  stats(): CallMediaStats {
    return {
      packetsSent: this.#packetsSent,
      received: this.receiver.stats(),
      dropped: this.receiver.counters.dropped,
      playout: { ...this.jitter.stats(), undecodable: 0 },
    };
  }

  /** Frees the encoder and the buffer. */
  close(): void {
    this.encoder.close();
    this.jitter.close();
  }
}

const RTP_HEADER_BYTES = 12;

function fits(packet: Uint8Array, maxBytes?: number): boolean {
  return maxBytes === undefined || packet.length <= maxBytes;
}
