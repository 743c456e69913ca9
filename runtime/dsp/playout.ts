/**
 * The receive path from packets to PCM: {@link JitterBuffer} decides, the codec decodes,
 * {@link Concealer} fills losses (G.711 Appendix I), {@link TimeScaler} stretches or
 * shortens frames as the buffer asks, {@link ComfortNoise} fills silences. The caller
 * owns the clock: it calls `next(playMs)` whenever its output needs more audio, with the
 * time the first returned sample will be heard.
 *
 * @example
 * ```ts
 * import { Playout } from "./playout.ts";
 * import { findCodec } from "../codecs/mod.ts";
 * declare const sequence: number, timestamp: number, ssrc: number, marker: boolean;
 * declare const payload: Uint8Array, nowMs: number, playMs: number;
 * const dec = await findCodec("PCMU").createDecoder();
 * const playout = await Playout.create({ decode: (p: Uint8Array) => dec.decode(p) });
 * playout.put({ sequence, timestamp, ssrc, marker, samples: payload.length }, nowMs, payload);
 * const pcm = playout.next(playMs);   // play these samples from playMs on
 * ```
 * @module
 */
import { ComfortNoise } from "./comfort_noise.ts";
import { Concealer } from "./concealer.ts";
import {
  JitterBuffer,
  type JitterBufferOptions,
  type JitterStats,
  type PacketInfo,
  type PlayoutDecision,
  type Refusal,
} from "./jitter_buffer.ts";
import { TimeScaler } from "./time_scaler.ts";

// Frames below this mean square (RMS 30, about -61 dBov) are quiet whatever the level.
const QUIET_FLOOR = 30 * 30;

/** How a playout path is put together. */
export interface PlayoutOptions<P> {
  /** Decodes one payload to PCM (throwing on bad data is fine: it is concealed and counted). */
  decode(payload: P): Int16Array;
  /**
   * Loss concealment: `"g711"` (Appendix I, 8 and 16 kHz waveform codecs, the default), a
   * function (e.g. a codec's own frame-erasure decoding), or `"silence"`.
   */
  conceal?: "g711" | "silence" | ((samples: number) => Int16Array);
  /** Time-scale frames inside talkspurts (waveform codecs). Default true. */
  timeScale?: boolean;
  /**
   * Time-scaling changes a frame's length by whole multiples of this many samples; 2 for a
   * 16 kHz stream played at 8 kHz, so a splice never moves the 2:1 decimation by half an
   * output sample. Default 1.
   */
  scaleStep?: number;
  /** Comfort-noise level in silences (dBov), or undefined for digital silence. */
  comfortNoiseDbov?: number;
  /** Sample rate of the decoded PCM; default 8000. */
  sampleRate?: number;
  /** Jitter-buffer tuning (`clockRate` defaults to `sampleRate`). */
  jitter?: JitterBufferOptions;
  /**
   * Time-scaling is heard least in pauses: while the delay is off its target by no more
   * than this (ms), frames are scaled only inside a pause (after `pauseMs` of frames 30 dB
   * or more under the recent speech level), so a clean network plays speech bit-exact and
   * its delay moves only where nobody speaks. 0 scales any frame. Default 30.
   */
  loudScaleMs?: number;
  /** Quiet time after which a frame counts as inside a pause. Default 60. */
  pauseMs?: number;
}

/** One step of playout: the samples and the decision that produced them. */
export interface PlayoutStep<P> {
  pcm: Int16Array;
  decision: PlayoutDecision<P>;
}

/** Jitter-buffer statistics plus what only the playout path sees. */
export interface PlayoutStats extends JitterStats {
  /** Payloads the decoder refused (concealed instead). */
  undecodable: number;
}

/** Packets in, PCM out, for one RTP stream. */
export class Playout<P = Uint8Array> {
  #undecodable = 0;
  // Speech level (mean square of a frame), a peak that decays by half in about 2 s.
  #level = 0;
  // Quiet samples played in a row before the current frame.
  #quietRun = 0;

  private constructor(
    private readonly options: PlayoutOptions<P>,
    readonly jitter: JitterBuffer<P>,
    private readonly plc?: Concealer,
    private readonly scaler?: TimeScaler,
    private readonly noise?: ComfortNoise,
  ) {}

  /** Builds the path; throws a `RangeError` for bad jitter-buffer options. */
  static async create<P = Uint8Array>(options: PlayoutOptions<P>): Promise<Playout<P>> {
    const rate = options.sampleRate ?? 8000;
    const conceal = options.conceal ?? "g711";
    const timeScale = options.timeScale ?? true;
    if (conceal === "g711" && rate !== 8000 && rate !== 16000) {
      throw new RangeError(
        `playout: G.711 Appendix I concealment needs 8000 or 16000 Hz, not ${rate}`,
      );
    }
    const jitter = await JitterBuffer.create<P>({ clockRate: rate, timeScale, ...options.jitter });
    const plc = conceal === "g711" ? await Concealer.create({ sampleRate: rate }) : undefined;
    const scaler = timeScale ? await TimeScaler.create({ sampleRate: rate }) : undefined;
    const noise = options.comfortNoiseDbov !== undefined ? await ComfortNoise.create() : undefined;
    return new Playout(options, jitter, plc, scaler, noise);
  }

  /** Queues a received packet; see {@link JitterBuffer.put}. */
  put(packet: PacketInfo, arrivalMs: number, payload: P): number | Refusal {
    return this.jitter.put(packet, arrivalMs, payload);
  }

  /** The next stretch of audio, to be heard from `playMs` on. */
  next(playMs: number): PlayoutStep<P> {
    const decision = this.jitter.get(playMs);
    let pcm: Int16Array;
    if (decision.kind === "play") {
      const decoded = this.#decoded(decision.payload, decision.samples);
      pcm = this.#scale(decoded, this.#scaleTarget(decoded, decision.outSamples, decision.errorMs));
    } else if (decision.kind === "conceal") {
      pcm = this.#scale(this.#concealed(decision.samples), decision.samples);
      this.#quietRun = 0;
    } else {
      pcm = this.#scale(this.#silence(decision.samples), decision.samples);
      this.#quietRun += pcm.length;
    }
    this.jitter.played(pcm.length);
    return { pcm, decision };
  }

  #decoded(payload: P, samples: number): Int16Array {
    let pcm: Int16Array;
    try {
      pcm = this.options.decode(payload);
    } catch {
      this.#undecodable++;
      return this.#concealed(samples);
    }
    return this.plc ? this.plc.good(pcm) : pcm;
  }

  #concealed(samples: number): Int16Array {
    const c = this.options.conceal;
    if (this.plc) return this.plc.lost(samples);
    if (typeof c === "function") return c(samples);
    return new Int16Array(samples);
  }

  #silence(samples: number): Int16Array {
    const level = this.options.comfortNoiseDbov;
    const pcm = this.noise && level !== undefined
      ? this.noise.render(samples, level)
      : new Int16Array(samples);
    // Through the concealer too, so its history and delay line stay continuous.
    return this.plc ? this.plc.good(pcm) : pcm;
  }

  // The length to play a decoded frame at: the buffer's wish, unless the frame is speech
  // and the correction can wait for a pause.
  #scaleTarget(pcm: Int16Array, wanted: number, errorMs: number): number {
    let energy = 0;
    for (let i = 0; i < pcm.length; i++) energy += pcm[i] * pcm[i];
    energy /= Math.max(1, pcm.length);
    const rate = this.options.sampleRate ?? 8000;
    this.#level = Math.max(energy, this.#level * Math.pow(0.5, pcm.length / (2 * rate)));
    const quiet = energy <= QUIET_FLOOR || energy * 1000 <= this.#level;
    const inPause = quiet && this.#quietRun >= ((this.options.pauseMs ?? 60) * rate) / 1000;
    this.#quietRun = quiet ? this.#quietRun + pcm.length : 0;
    if (wanted === pcm.length) return wanted;
    const patience = this.options.loudScaleMs ?? 30;
    return inPause || Math.abs(errorMs) > patience ? wanted : pcm.length;
  }

  // Every frame goes through the scaler (unchanged ones too): it keeps the last input as
  // the history a later stretch replays from.
  #scale(pcm: Int16Array, target: number): Int16Array {
    if (!this.scaler || pcm.length > this.scaler.maxFrame) return pcm;
    const out = this.scaler.process(pcm, target);
    const step = this.options.scaleStep ?? 1;
    const odd = (out.length - pcm.length) % step;
    // The scaler comes close to the target, not exactly: drop the last samples that break
    // the step (the buffer is told the length that really came out).
    return odd === 0 ? out : out.subarray(0, out.length - (odd + step) % step);
  }

  /** Jitter-buffer counters plus undecodable payloads. */
  stats(): PlayoutStats {
    return { ...this.jitter.stats(), undecodable: this.#undecodable };
  }

  /** Frees every part. */
  close(): void {
    this.jitter.close();
    this.plc?.close();
    this.scaler?.close();
    this.noise?.close();
  }
}
