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
import { TelephoneEventReceiver, TelephoneEventSender } from "../rtp/telephone_event.ts";
import { type RtcpFigures, RtcpSession } from "../rtp/rtcp_session.ts";
import type { StreamStatsSnapshot } from "../rtp/stream_stats.ts";
import { Playout, type PlayoutStats } from "../dsp/playout.ts";
import { SampleFifo } from "./sample_fifo.ts";
import { Resampler } from "../dsp/resampler.ts";
import { LINE_SAMPLE_RATE } from "../audio/line.ts";
import { packetization } from "./packetization.ts";
export { packetization };

const RTP_HEADER_BYTES = 12;

/** How one call's media is set up. */
export interface CallMediaOptions {
  readonly codec: Codec;
  /** RTP payload type of the stream, both ways (NOTASIP has no negotiation). */
  readonly payloadType: number;
  /** Samples in one line frame (the phone's clock tick), at the line's 8000 Hz. */
  readonly lineSamples: number;
  /** Packetization in ms; default the codec's own. */
  readonly ptimeMs?: number;
  /** Jitter buffer bounds in ms. */
  readonly jitterMinMs?: number;
  readonly jitterMaxMs?: number;
  /**
   * Payload type of RFC 4733 telephone events in this call: received events are reported
   * to `onDigit`, and {@link CallMedia.sendEvents} sends digits under it.
   */
  readonly telephoneEventType?: number;
  /** Called once per DTMF event received (whatever the number of its packets). */
  readonly onDigit?: (digit: string) => void;
  /** RTCP for this call (RFC 3550), with this SDES CNAME; none without it. */
  readonly rtcp?: { readonly cname: string; readonly random?: () => number };
  /**
   * Sees the received audio at 8000 Hz in media order (RTP timestamps), as it was sent:
   * before the jitter buffer, so never time-scaled or concealed. Lost stretches come as
   * silence (at most 200 ms), late or repeated packets are left out. For detectors (in-band
   * DTMF) that the buffer's adaptation would mislead: squeezing a 100 ms tone or the pause
   * between two to make up for a stalled reader loses digits.
   */
  readonly onMediaAudio?: (pcm: Int16Array) => void;
}

/** Counters of one call, both directions. */
export interface CallMediaStats {
  readonly packetsSent: number;
  readonly received?: StreamStatsSnapshot;
  readonly dropped: Readonly<Record<string, number>>;
  readonly playout: PlayoutStats;
  /** What RTCP reports say (round trip, the peer's view of our stream). */
  readonly rtcp?: RtcpFigures;
}

/** Codec samples per line sample: 1, or 2 for a 16 kHz codec (resampled at both ends). */
function rateRatio(codec: Codec): number {
  const ratio = codec.clockRate / LINE_SAMPLE_RATE;
  if (ratio !== 1 && ratio !== 2) {
    throw new RangeError(
      `${codec.name}: ${codec.clockRate} Hz cannot be used in calls (lines are ${LINE_SAMPLE_RATE} Hz; 8000 and 16000 Hz codecs can)`,
    );
  }
  return ratio;
}

/**
 * Encoder, decoder, RTP and playout of one call. A 16 kHz codec's audio is converted
 * from and to the line's 8 kHz at the edges; inside, everything runs at the codec's rate.
 */
export class CallMedia {
  /** Samples in one packet, at the codec's clock rate. */
  readonly packetSamples: number;
  readonly #ratio: number;
  readonly #events?: TelephoneEventSender;
  readonly #heardEvents = new TelephoneEventReceiver();
  readonly #rtcp?: RtcpSession;
  #packetsSent = 0;
  readonly #outgoing: SampleFifo;
  readonly #incoming: SampleFifo;
  #tapNext?: number; // RTP timestamp the media-order tap expects next

  private constructor(
    readonly options: CallMediaOptions,
    private readonly encoder: Encoder,
    private readonly decoder: Decoder,
    private readonly playout: Playout,
    private readonly packetizer: RtpPacketizer,
    private readonly receiver: RtpReceiver,
    private readonly up?: Resampler,
    private readonly down?: Resampler,
    private readonly tap?: { decoder: Decoder; down?: Resampler },
  ) {
    const { codec } = options;
    this.#ratio = rateRatio(codec);
    const lineSamples = options.lineSamples * this.#ratio;
    const ptime = packetization(codec, options.ptimeMs, lineSamples);
    this.packetSamples = Math.round((codec.clockRate * ptime) / 1000);
    if (this.packetSamples % codec.frameSamples || this.packetSamples % lineSamples) {
      throw new RangeError(
        `${codec.name}: ${ptime} ms is not a whole number of codec frames and line frames`,
      );
    }
    if (options.telephoneEventType !== undefined) {
      this.#events = new TelephoneEventSender({
        payloadType: options.telephoneEventType,
        clockRate: codec.clockRate,
        packetSamples: this.packetSamples,
      });
    }
    if (options.rtcp) {
      // Session bandwidth: one stream's payload and RTP/UDP/IPv4 headers.
      const packetsPerSecond = codec.clockRate / this.packetSamples;
      this.#rtcp = new RtcpSession({
        ssrc: packetizer.ssrc,
        cname: options.rtcp.cname,
        clockRate: codec.clockRate,
        sessionBps: codec.bitRate + packetsPerSecond * (12 + 8 + 20) * 8,
        random: options.rtcp.random,
      });
    }
    this.#outgoing = new SampleFifo(this.packetSamples * 4);
    this.#incoming = new SampleFifo(codec.clockRate); // at most a second ahead
  }

  /** Sets up codec, RTP and playout; throws for a packetization the codec cannot do. */
  static async create(options: CallMediaOptions): Promise<CallMedia> {
    const { codec } = options;
    const wide = rateRatio(codec) === 2;
    const encoder = await codec.createEncoder();
    const decoder = await codec.createDecoder();
    const waveform = codec.frameSamples <= 8; // sample codecs: G.711, G.726, DVI4, L16
    const playout = await Playout.create({
      decode: (payload: Uint8Array) => decoder.decode(payload),
      // Appendix I concealment for waveform codecs (at 16 kHz with its lengths doubled).
      conceal: waveform ? "g711" : (samples: number) => decoder.conceal(samples),
      sampleRate: codec.clockRate,
      // WSOLA's spans are set in ms: 16 kHz streams stretch and shrink like 8 kHz ones.
      // Without it the buffer can only skip whole packets to shed delay.
      timeScale: waveform,
      scaleStep: wide ? 2 : 1, // played at 8 kHz: keep the decimation's phase
      jitter: {
        ...(options.jitterMinMs === undefined ? {} : { minDelayMs: options.jitterMinMs }),
        ...(options.jitterMaxMs === undefined ? {} : { maxDelayMs: options.jitterMaxMs }),
      },
    });
    const packetizer = new RtpPacketizer({ payloadType: options.payloadType });
    const receiver = new RtpReceiver({
      clockRate: codec.clockRate,
      payloadTypes: [options.payloadType],
      eventPayloadTypes: options.telephoneEventType === undefined
        ? []
        : [options.telephoneEventType],
    });
    const up = wide ? await Resampler.create("up") : undefined;
    const down = wide ? await Resampler.create("down") : undefined;
    // The tap decodes on its own (ADPCM and resampler states must not be shared).
    const tap = options.onMediaAudio
      ? {
        decoder: await codec.createDecoder(),
        down: wide ? await Resampler.create("down") : undefined,
      }
      : undefined;
    return new CallMedia(options, encoder, decoder, playout, packetizer, receiver, up, down, tap);
  }

  /** Samples in one packet at the line's rate (what {@link packetOf} takes). */
  get linePacketSamples(): number {
    return this.packetSamples / this.#ratio;
  }

  /** Hands over one captured line frame. */
  capture(frame: Int16Array): void {
    this.#outgoing.push(this.up ? this.up.process(frame) : frame);
  }

  /** True when a whole packet of captured audio is waiting. */
  get packetReady(): boolean {
    return this.#outgoing.length >= this.packetSamples;
  }

  /**
   * Queues DTMF digits (`0-9 * # A-D`) to send as RFC 4733 events: each replaces the audio
   * packets for its 100 ms and is followed by 100 ms of audio. Throws a RangeError for a
   * call without a telephone-event payload type or a character that is not a digit.
   */
  sendEvents(digits: string): void {
    if (!this.#events) throw new RangeError("this call has no telephone-event payload type");
    this.#events.enqueue(digits);
  }

  /** Digits queued or being sent as RFC 4733 events. */
  get eventsPending(): number {
    return this.#events?.pending ?? 0;
  }

  /**
   * Encodes one packet of captured audio (silence if too little was captured), or sends
   * the RFC 4733 event of this packet interval in its place. With `maxBytes`, only the
   * whole codec frames that fit (see {@link packetOf}).
   */
  nextPacket(maxBytes?: number): Uint8Array {
    const pcm = this.#outgoing.take(this.packetSamples);
    this.#packetsSent++;
    const event = this.#events?.tick(this.packetizer.timestamp);
    if (event) {
      const packet = this.packetizer.packetizeSide(event);
      this.packetizer.skip(this.packetSamples); // the audio clock runs on under the event
      return packet;
    }
    return this.#audioPacket(pcm, maxBytes);
  }

  /**
   * Moves the outgoing stream on by `samples` without sending: time the sender could not
   * keep (an overloaded process skipping ticks) becomes a gap the receiver conceals, instead of
   * a media clock that falls behind real time and makes every later packet late.
   */
  skipTime(samples: number): void {
    this.packetizer.skip(samples, false);
  }

  /**
   * Encodes `pcm` (one packet's worth at the line's rate, {@link linePacketSamples}, e.g.
   * ring-back) in place of the captured audio, which is dropped: the microphone is not
   * sent before the call is answered. With `maxBytes` the packet is cut to the whole codec
   * frames that fit, down to an RTP header alone: a reply before establishment is never
   * larger than the packet it answers.
   */
  packetOf(pcm: Int16Array, maxBytes?: number): Uint8Array {
    const coded = this.up ? this.up.process(pcm) : pcm;
    this.#outgoing.take(coded.length);
    this.#packetsSent++;
    return this.#audioPacket(coded, maxBytes);
  }

  #audioPacket(pcm: Int16Array, maxBytes?: number): Uint8Array {
    if (maxBytes === undefined) {
      return this.packetizer.packetize(this.encoder.encode(pcm), pcm.length);
    }
    const { frameSamples, frameBytes, packetHeaderBytes = 0 } = this.options.codec;
    // DVI4's state header comes with any frames at all.
    const room = maxBytes - RTP_HEADER_BYTES - packetHeaderBytes;
    const frames = Math.floor(Math.max(0, room) / frameBytes);
    const samples = Math.min(pcm.length, frames * frameSamples);
    const payload = samples > 0 ? this.encoder.encode(pcm.subarray(0, samples)) : new Uint8Array(0);
    return this.packetizer.packetize(payload, samples);
  }

  /** True for a datagram that is a valid RTP packet of this stream (counted either way). */
  receive(datagram: Uint8Array, arrivalMs: number): boolean {
    const result = this.receiver.receive(datagram, arrivalMs);
    if (!result.accepted) return false;
    const { packet } = result;
    if (packet.payloadType === this.options.telephoneEventType) {
      const notice = this.#heardEvents.receive(packet.timestamp, packet.payload);
      if (notice?.digit) this.options.onDigit?.(notice.digit);
      return true;
    }
    if (packet.payload.length === 0) return true; // a short reply before establishment
    const samples = this.#samplesIn(packet.payload.length);
    this.#tapMedia(packet.timestamp, packet.payload, samples);
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

  #tapMedia(timestamp: number, payload: Uint8Array, samples: number): void {
    const tap = this.tap;
    const hear = this.options.onMediaAudio;
    if (!tap || !hear) return;
    if (this.#tapNext !== undefined) {
      const gap = (timestamp - this.#tapNext) | 0; // modulo 2^32
      if (gap < 0) return; // late, reordered or repeated: its time has been given already
      const most = this.options.codec.clockRate / 5;
      if (gap > 0) hear(new Int16Array(Math.round(Math.min(gap, most) / this.#ratio)));
    }
    this.#tapNext = (timestamp + samples) >>> 0;
    let pcm: Int16Array;
    try {
      pcm = tap.decoder.decode(payload);
    } catch {
      pcm = new Int16Array(samples); // undecodable: heard as a gap
    }
    hear(tap.down ? tap.down.process(pcm) : pcm);
  }

  #samplesIn(payloadBytes: number): number {
    const { frameSamples, frameBytes, packetHeaderBytes = 0 } = this.options.codec;
    const frames = Math.round((payloadBytes - packetHeaderBytes) / frameBytes);
    return Math.max(1, frames) * frameSamples;
  }

  /**
   * The next line frame to play, from `nowMs`. The whole frame is decided now, so only
   * packets that have arrived by now can be in it: the buffer is asked for it as the frame
   * that ends at `nowMs`. Asked for the frame that starts now, a packet due within it but
   * not yet here (its arrival phase just after the line's tick) was concealed, then squeezed
   * out again by time-scaling, frame after frame: garbled voice and lost DTMF on a clean
   * network whenever the two clocks' phases met that way.
   */
  playoutFrame(nowMs: number): Int16Array {
    const need = this.options.lineSamples * this.#ratio;
    const rate = this.options.codec.clockRate;
    const frameStart = nowMs - (need * 1000) / rate;
    while (this.#incoming.length < need) {
      const ahead = (this.#incoming.length * 1000) / rate;
      this.#incoming.push(this.playout.next(frameStart + ahead).pcm);
    }
    const pcm = this.#incoming.take(need);
    return this.down ? this.down.process(pcm) : pcm;
  }

  /**
   * The RTCP compound to send at `nowMs`, when one is due (RFC 3550 interval), else
   * `undefined`; with `bye`, a final compound with a BYE, due or not.
   */
  rtcpReport(nowMs: number, bye?: string): Uint8Array | undefined {
    const rtcp = this.#rtcp;
    if (!rtcp || (bye === undefined && !rtcp.due(nowMs))) return undefined;
    const p = this.packetizer;
    const sender = p.packetCount > 0
      ? { packetCount: p.packetCount, octetCount: p.octetCount, rtpTimestamp: p.timestamp }
      : undefined;
    const stats = this.receiver.streamStats;
    const ssrc = this.receiver.ssrc;
    const receiver = stats && ssrc !== undefined ? { ssrc, stats } : undefined;
    return rtcp.report(nowMs, { sender, receiver }, bye);
  }

  /** Takes an RTCP compound from the peer; false when malformed (counted) or no RTCP. */
  receiveRtcp(bytes: Uint8Array, nowMs: number): boolean {
    return this.#rtcp?.receive(bytes, nowMs) ?? false;
  }

  /** Counters of both directions. */
  stats(): CallMediaStats {
    return {
      packetsSent: this.#packetsSent,
      received: this.receiver.stats(),
      dropped: this.receiver.counters.dropped,
      playout: this.playout.stats(),
      ...(this.#rtcp ? { rtcp: this.#rtcp.figures() } : {}),
    };
  }

  /** Frees the codec states and buffers. */
  close(): void {
    this.encoder.close();
    this.decoder.close();
    this.playout.close();
    this.up?.close();
    this.down?.close();
    this.tap?.decoder.close();
    this.tap?.down?.close();
  }
}
