/**
 * A line on an ALSA sound device: full-duplex 8 kHz mono S16_LE through two non-blocking
 * PCMs (capture and playback), with waits on worker threads so the event loop never
 * blocks, and underruns and overruns recovered with `snd_pcm_recover` while the call goes
 * on (each one counted). A device that keeps no time (ALSA's `null` PCM, alone or under the
 * `file` plugin) is paced by a timer instead.
 *
 * @example
 * ```ts
 * const line = await openAlsaLine({ kind: "alsa", device: "default", latencyMs: 60 });
 * const frame = await line.read();        // 160 samples, 20 ms
 * if (frame) await line.write(frame);
 * console.log(line.latency());            // periods, buffers, queued playback
 * await line.close();
 * ```
 * @module
 */
import { frameSamplesFor, LINE_SAMPLE_RATE, LineError } from "../line.ts";
import { LineBase } from "../line_base.ts";
import { Pacer } from "../pacer.ts";
import { AlsaConfig } from "./config.ts";
import {
  EAGAIN,
  EPIPE,
  ESTRPIPE,
  type Libasound,
  loadLibasound,
  SND_PCM_STATE_RUNNING,
} from "./libasound.ts";
import { AlsaError, AlsaPcm, type PcmParams } from "./pcm.ts";

/** How to open an ALSA line. */
export interface AlsaLineSpec {
  /** Selects this backend. */
  readonly kind: "alsa";
  /** ALSA PCM name for both directions (default `default`), as `-s` of ohphone. */
  readonly device?: string;
  /** PCM name for the microphone, if it differs from `device`. */
  readonly captureDevice?: string;
  /** PCM name for the speaker, if it differs from `device`. */
  readonly playbackDevice?: string;
  /**
   * Private ALSA configuration text defining the devices (asoundrc syntax, self-contained),
   * opened with `snd_pcm_open_lconf` instead of the system configuration.
   */
  readonly config?: string;
  /** Frame duration in ms (default 20). */
  readonly frameMs?: number;
  /** ALSA period in ms (default 10): how often the device wakes the phone. */
  readonly periodMs?: number;
  /** ALSA buffer in ms (default 80): the most audio the device holds in each direction. */
  readonly latencyMs?: number;
  /** Silence queued before playback starts, in ms (default: one frame plus one period). */
  readonly prefillMs?: number;
  /** `auto` (default): the device clock, or a timer if the device keeps no time. */
  readonly pacing?: "auto" | "device" | "clock";
  /** Path of libasound (default `libasound.so.2`). */
  readonly library?: string;
}

/** The latency an ALSA line adds, as configured and as it stands. */
export interface AlsaLatency {
  /** Period and buffer of the microphone side. */
  readonly capture: PcmParams;
  /** Period and buffer of the speaker side. */
  readonly playback: PcmParams;
  /** Silence queued ahead of the first frame played, in frames. */
  readonly prefillFrames: number;
  /** Frames queued for playback now (`snd_pcm_delay`), or a negative ALSA error. */
  readonly playbackDelayFrames: number;
  /** Frames captured but not yet read now, or a negative ALSA error. */
  readonly captureDelayFrames: number;
}

/** How long a read or write may find the device stuck before the line gives up. */
const STALL_MS = 2000;

/** A line on an ALSA device. */
export class AlsaLine extends LineBase {
  readonly #pacer: Pacer | undefined;
  #primed = false;

  /** Wraps two configured PCMs; use {@link openAlsaLine}. */
  constructor(
    name: string,
    frameSamples: number,
    pacedByClock: boolean,
    private readonly capture: AlsaPcm,
    private readonly playback: AlsaPcm,
    private readonly prefillFrames: number,
    private readonly config: AlsaConfig | undefined,
  ) {
    super({
      kind: "alsa",
      name,
      sampleRate: LINE_SAMPLE_RATE,
      frameSamples,
      pacing: pacedByClock ? "clock" : "device",
      hasHook: false,
      hasTones: false,
      hasRinger: false,
      hasPstn: false,
    });
    if (pacedByClock) this.#pacer = new Pacer(this.#frameMs);
  }

  get #frameMs(): number {
    return this.info.frameSamples * 1000 / LINE_SAMPLE_RATE;
  }

  /** Period and buffer sizes granted, prefill and the frames queued right now. */
  latency(): AlsaLatency {
    return {
      capture: this.capture.params,
      playback: this.playback.params,
      prefillFrames: this.prefillFrames,
      playbackDelayFrames: this.playback.delay(),
      captureDelayFrames: this.capture.delay(),
    };
  }

  /** Due time (performance.now() ms) of the last frame read when paced by a timer, else NaN. */
  lastFrameDue(): number {
    return this.#pacer?.lastDue() ?? NaN;
  }

  /** Brings a PCM back after an xrun; throws if ALSA cannot. */
  #recover(pcm: AlsaPcm, err: number): void {
    const result = pcm.recover(err);
    if (result < 0) {
      throw new AlsaError(this.info.name, `snd_pcm_recover(${pcm.stream})`, result, "failed");
    }
    if (pcm.stream === "capture") this.counters.captureOverruns++;
    else {
      this.counters.playbackUnderruns++;
      this.#primed = false;
    }
    this.noteRecovery(pcm.stream);
  }

  /** Waits until `pcm` is ready; false if it stayed stuck for {@link STALL_MS}. */
  async #waitReady(pcm: AlsaPcm, since: number): Promise<void> {
    if (performance.now() - since > STALL_MS) {
      throw new LineError(this.info.name, `${pcm.stream} stalled for ${STALL_MS} ms`);
    }
    const result = await pcm.wait(Math.max(2 * this.#frameMs, 20));
    if (result < 0 && result !== -EPIPE && result !== -ESTRPIPE) {
      throw new AlsaError(this.info.name, `snd_pcm_wait(${pcm.stream})`, result, "failed");
    }
  }

  /** Reads one whole frame, waiting on a worker thread and recovering overruns. */
  protected override async captureFrame(): Promise<Int16Array | null> {
    if (this.#pacer) {
      const tick = await this.#pacer.next();
      this.counters.captureOverruns += tick.skipped;
    }
    const frame = new Int16Array(this.info.frameSamples);
    const since = performance.now();
    for (let got = 0; got < frame.length;) {
      if (this.closed) return null;
      if (got === 0 && this.capture.state() === SND_PCM_STATE_RUNNING) {
        // Read whole frames only: a device whose pointer moves sample by sample would
        // otherwise leave a remainder below avail_min and wake one period late.
        const avail = this.capture.avail();
        if (avail >= 0 && avail < frame.length) {
          await this.#waitReady(this.capture, since);
          continue;
        }
      }
      const n = this.capture.readi(frame.subarray(got));
      if (n > 0) got += n;
      else if (n === 0 || n === -EAGAIN) await this.#waitReady(this.capture, since);
      else if (n === -EPIPE || n === -ESTRPIPE) this.#recover(this.capture, n);
      else throw new AlsaError(this.info.name, "snd_pcm_readi", n, "failed");
    }
    return frame;
  }

  /** Writes one frame (after the prefill on a fresh start), recovering underruns. */
  protected override async playbackFrame(frame: Int16Array): Promise<void> {
    if (!this.#primed) {
      this.#primed = true;
      await this.#writeAll(new Int16Array(this.prefillFrames));
    }
    await this.#writeAll(frame);
  }

  async #writeAll(samples: Int16Array): Promise<void> {
    const since = performance.now();
    for (let done = 0; done < samples.length;) {
      if (this.closed) return;
      const n = this.playback.writei(samples.subarray(done));
      if (n > 0) done += n;
      else if (n === 0 || n === -EAGAIN) {
        if (performance.now() - since > STALL_MS) {
          this.counters.writesDropped++;
          return;
        }
        await this.#waitReady(this.playback, since);
      } else if (n === -EPIPE || n === -ESTRPIPE) {
        this.#recover(this.playback, n);
        this.#primed = true;
        const silence = new Int16Array(this.prefillFrames);
        for (let put = 0; put < silence.length;) {
          const m = this.playback.writei(silence.subarray(put));
          if (m <= 0) break; // a full or failing device: go on with the frame itself
          put += m;
        }
      } else throw new AlsaError(this.info.name, "snd_pcm_writei", n, "failed");
    }
  }

  /** Closes both PCMs once any wait has returned, then frees the configuration. */
  protected override async shutdown(): Promise<void> {
    try {
      await this.capture.close();
      await this.playback.close();
    } finally {
      this.config?.free();
    }
  }
}

function resolvePacing(spec: AlsaLineSpec, capture: AlsaPcm): boolean {
  const pacing = spec.pacing ?? "auto";
  if (pacing === "auto") return capture.hasNullSlave();
  return pacing === "clock";
}

function msToFrames(ms: number, what: string, name: string): number {
  const frames = Math.round(ms * LINE_SAMPLE_RATE / 1000);
  if (!(frames >= 1)) throw new LineError(name, `${what} of ${ms} ms is too short`);
  return frames;
}

/**
 * Opens an ALSA line: both PCMs non-blocking at 8 kHz mono S16_LE. Throws {@link AlsaError}
 * naming the device and the step ALSA refused (no such device, busy, format refused).
 */
export async function openAlsaLine(spec: AlsaLineSpec): Promise<AlsaLine> {
  const device = spec.device ?? "default";
  const captureName = spec.captureDevice ?? device;
  const playbackName = spec.playbackDevice ?? device;
  const name = captureName === playbackName
    ? `alsa:${device}`
    : `alsa:${captureName}|${playbackName}`;
  const frameSamples = frameSamplesFor(name, spec.frameMs ?? 20);
  const periodFrames = msToFrames(spec.periodMs ?? 10, "period", name);
  const bufferFrames = msToFrames(spec.latencyMs ?? 80, "latency", name);
  if (bufferFrames < 2 * periodFrames) {
    throw new LineError(name, `latency must hold at least two periods`);
  }
  const lib: Libasound = loadLibasound(spec.library);
  const config = spec.config === undefined ? undefined : AlsaConfig.parse(lib, spec.config);
  const opened: AlsaPcm[] = [];
  try {
    const capture = AlsaPcm.open(lib, captureName, "capture", config);
    opened.push(capture);
    const playback = AlsaPcm.open(lib, playbackName, "playback", config);
    opened.push(playback);
    // Waits on capture return once a whole frame is there, not after every period.
    capture.configure({
      rate: LINE_SAMPLE_RATE,
      periodFrames,
      bufferFrames,
      availFrames: frameSamples,
    });
    const prefillWanted = spec.prefillMs === undefined
      ? frameSamples + periodFrames
      : Math.round(spec.prefillMs * LINE_SAMPLE_RATE / 1000);
    const granted = playback.configure({
      rate: LINE_SAMPLE_RATE,
      periodFrames,
      bufferFrames,
      startFrames: prefillWanted + frameSamples,
    });
    const prefill = Math.max(0, Math.min(prefillWanted, granted.bufferFrames - frameSamples));
    const clock = resolvePacing(spec, capture);
    return new AlsaLine(name, frameSamples, clock, capture, playback, prefill, config);
  } catch (e) {
    for (const pcm of opened) await pcm.close();
    config?.free();
    throw e;
  }
}
