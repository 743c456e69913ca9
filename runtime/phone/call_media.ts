/**
 * The media of one call: PCM from the line is encoded and packetized into RTP, and
 * RTP from the peer is validated, buffered (adaptive jitter buffer, concealment,
 * time-scaling) and decoded into line-sized frames. Knows no socket and no signaling.
 *
 * @example
 * ```ts
 * import { CallMedia } from "./call_media.ts";
 * import { findCodec } from "../codecs/mod.ts";
 * const media = await CallMedia.create({ codec: findCodec("PCMU"), payloadType: 0, lineSamples: 80 });
 * media.capture(new Int16Array(80));
 * media.capture(new Int16Array(80));
 * const packet = media.nextPacket(); // 20 ms of PCMU in RTP
 * const heard = media.playoutFrame(performance.now()); // 80 samples to play
 * ```
 * @module
 */
import type { Codec, Decoder, Encoder } from "../codecs/codec.ts";
import { RtpPacketizer } from "../rtp/packetizer.ts";
import { RtpReceiver } from "../rtp/receiver.ts";
import type { StreamStatsSnapshot } from "../rtp/stream_stats.ts";
import { Playout, type PlayoutStats } from "../dsp/playout.ts";
import { SampleFifo } from "./sample_fifo.ts";

const RTP_HEADER_BYTES = 12;

/** How one call's media is set up. */
export interface CallMediaOptions {
  readonly codec: Codec;
  /** RTP payload type of the stream, both ways (NOTASIP has no negotiation). */
  readonly payloadType: number;
  /** Samples in one line frame (the phone's clock tick). */
  readonly lineSamples: number;
  /** Packetization in ms; default the codec's own. */
  readonly ptimeMs?: number;
  /** Jitter buffer bounds in ms. */
  readonly jitterMinMs?: number;
  readonly jitterMaxMs?: number;
}

/** Counters of one call, both directions. */
export interface CallMediaStats {
  readonly packetsSent: number;
  readonly received?: StreamStatsSnapshot;
  readonly dropped: Readonly<Record<string, number>>;
  readonly playout: PlayoutStats;
}

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}

/**
 * The packet duration (ms) for a requested one: the nearest whole number of codec frames
 * that is also a whole number of line frames (G.723.1's 30 ms frames make a 20 ms request
 * 30 ms; LPC-10's 22.5 ms frames with 10 ms line frames make it 90 ms). Without a request,
 * the codec's own default, rounded the same way.
 */
export function packetization(codec: Codec, requestedMs?: number, lineSamples = 1): number {
  const unit = (codec.frameSamples * lineSamples) / gcd(codec.frameSamples, lineSamples);
  const wanted = ((requestedMs ?? codec.ptimeMs) * codec.clockRate) / 1000;
  return (Math.max(1, Math.round(wanted / unit)) * unit * 1000) / codec.clockRate;
}

/** Encoder, decoder, RTP and playout of one call. */
export class CallMedia {
  readonly packetSamples: number;
  #packetsSent = 0;
  readonly #outgoing: SampleFifo;
  readonly #incoming: SampleFifo;

  private constructor(
    readonly options: CallMediaOptions,
    private readonly encoder: Encoder,
    private readonly decoder: Decoder,
    private readonly playout: Playout,
    private readonly packetizer: RtpPacketizer,
    private readonly receiver: RtpReceiver,
  ) {
    const { codec, lineSamples } = options;
    const ptime = packetization(codec, options.ptimeMs, lineSamples);
    this.packetSamples = Math.round((codec.clockRate * ptime) / 1000);
    if (this.packetSamples % codec.frameSamples || this.packetSamples % lineSamples) {
      throw new RangeError(
        `${codec.name}: ${ptime} ms is not a whole number of codec frames and line frames`,
      );
    }
    this.#outgoing = new SampleFifo(this.packetSamples * 4);
    this.#incoming = new SampleFifo(codec.clockRate); // at most a second ahead
  }

  /** Sets up codec, RTP and playout; throws for a packetization the codec cannot do. */
  static async create(options: CallMediaOptions): Promise<CallMedia> {
    const { codec } = options;
    const encoder = await codec.createEncoder();
    const decoder = await codec.createDecoder();
    const waveform = codec.frameSamples <= 8; // sample codecs: G.711, G.726
    const playout = await Playout.create({
      decode: (payload: Uint8Array) => decoder.decode(payload),
      conceal: waveform ? "g711" : (samples: number) => decoder.conceal(samples),
      timeScale: waveform,
      jitter: {
        ...(options.jitterMinMs === undefined ? {} : { minDelayMs: options.jitterMinMs }),
        ...(options.jitterMaxMs === undefined ? {} : { maxDelayMs: options.jitterMaxMs }),
      },
    });
    const packetizer = new RtpPacketizer({ payloadType: options.payloadType });
    const receiver = new RtpReceiver({
      clockRate: codec.clockRate,
      payloadTypes: [options.payloadType],
    });
    return new CallMedia(options, encoder, decoder, playout, packetizer, receiver);
  }

  /** Hands over one captured line frame. */
  capture(frame: Int16Array): void {
    this.#outgoing.push(frame);
  }

  /** True when a whole packet of captured audio is waiting. */
  get packetReady(): boolean {
    return this.#outgoing.length >= this.packetSamples;
  }

  /**
   * Encodes one packet of captured audio (silence if too little was captured); with
   * `maxBytes`, only the whole codec frames that fit (see {@link packetOf}).
   */
  nextPacket(maxBytes?: number): Uint8Array {
    return this.packetOf(this.#outgoing.take(this.packetSamples), maxBytes, false);
  }

  /**
   * Encodes `pcm` (one packet's worth, e.g. ring-back) in place of the captured audio,
   * which is dropped: the microphone is not sent before the call is answered. With
   * `maxBytes` the packet is cut to the whole codec frames that fit, down to an RTP
   * header alone: a reply before establishment is never larger than what it answers.
   */
  packetOf(pcm: Int16Array, maxBytes?: number, dropCaptured = true): Uint8Array {
    if (dropCaptured) this.#outgoing.take(pcm.length);
    this.#packetsSent++;
    const samples = maxBytes === undefined ? pcm.length : this.#samplesFitting(maxBytes, pcm);
    const part = pcm.subarray(0, samples);
    const payload = samples > 0 ? this.encoder.encode(part) : new Uint8Array(0);
    return this.packetizer.packetize(payload, samples);
  }

  #samplesFitting(maxBytes: number, pcm: Int16Array): number {
    const { frameSamples, frameBytes } = this.options.codec;
    const frames = Math.floor(Math.max(0, maxBytes - RTP_HEADER_BYTES) / frameBytes);
    return Math.min(pcm.length, frames * frameSamples);
  }

  /** True for a datagram that is a valid RTP packet of this stream (counted either way). */
  receive(datagram: Uint8Array, arrivalMs: number): boolean {
    const result = this.receiver.receive(datagram, arrivalMs);
    if (!result.accepted) return false;
    const { packet } = result;
    if (packet.payload.length === 0) return true; // a short reply before establishment
    const samples = this.#samplesIn(packet.payload.length);
    this.playout.put(
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

  #samplesIn(payloadBytes: number): number {
    const { frameSamples, frameBytes } = this.options.codec;
    return Math.max(1, Math.round(payloadBytes / frameBytes)) * frameSamples;
  }

  /** The next line frame to play, from `nowMs`. */
  playoutFrame(nowMs: number): Int16Array {
    const need = this.options.lineSamples;
    while (this.#incoming.length < need) {
      const ahead = (this.#incoming.length * 1000) / this.options.codec.clockRate;
      this.#incoming.push(this.playout.next(nowMs + ahead).pcm);
    }
    return this.#incoming.take(need);
  }

  /** Counters of both directions. */
  stats(): CallMediaStats {
    return {
      packetsSent: this.#packetsSent,
      received: this.receiver.stats(),
      dropped: this.receiver.counters.dropped,
      playout: this.playout.stats(),
    };
  }

  /** Frees the codec states and buffers. */
  close(): void {
    this.encoder.close();
    this.decoder.close();
    this.playout.close();
  }
}
