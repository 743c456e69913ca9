/**
 * One ALSA PCM handle (one direction of a sound device) opened non-blocking and set up for
 * 8 kHz mono S16_LE with a chosen period and buffer: thin, typed calls over libasound that
 * return ALSA's negative error codes for the caller to act on (`-EAGAIN`, `-EPIPE`).
 *
 * @example
 * ```ts
 * import { AlsaPcm } from "./pcm.ts";
 * import { loadLibasound } from "./libasound.ts";
 * const lib = loadLibasound();
 * const pcm = AlsaPcm.open(lib, "default", "playback");
 * pcm.configure({ rate: 8000, periodFrames: 80, bufferFrames: 480, startFrames: 160 });
 * pcm.writei(new Int16Array(160)); // 160 on success, -EAGAIN when full, -EPIPE on underrun
 * await pcm.close();
 * ```
 * @module
 */
import { LineError } from "../line.ts";
import type { AlsaConfig } from "./config.ts";
import {
  alsaErrorText,
  cString,
  type Libasound,
  outPointer,
  SND_PCM_ACCESS_RW_INTERLEAVED,
  SND_PCM_FORMAT_S16_LE,
  SND_PCM_NONBLOCK,
  SND_PCM_STREAM_CAPTURE,
  SND_PCM_STREAM_PLAYBACK,
} from "./libasound.ts";

/** Direction of a PCM. */
export type PcmStream = "playback" | "capture";

/** The hardware and software setup asked for. */
export interface PcmSetup {
  /** Sample rate in Hz (exact; ALSA may resample). */
  readonly rate: number;
  /** Period: frames between wake-ups. */
  readonly periodFrames: number;
  /** Buffer: frames the device holds (the latency bound). */
  readonly bufferFrames: number;
  /** Frames queued before a playback stream starts by itself (capture starts on first read). */
  readonly startFrames?: number;
  /** Frames that must be readable (or writable) before a wait returns (default: a period). */
  readonly availFrames?: number;
}

/** The setup ALSA actually granted. */
export interface PcmParams {
  /** Frames per period. */
  readonly periodFrames: number;
  /** Frames the buffer holds. */
  readonly bufferFrames: number;
}

/** An ALSA failure: the device, the call, ALSA's reason and its code. */
export class AlsaError extends LineError {
  /** `call` on `device` failed with ALSA's negative error `code` and its `reason`. */
  constructor(device: string, call: string, readonly code: number, reason: string) {
    super(device, `${call} failed: ${reason} (${code})`);
    this.name = "AlsaError";
  }
}

/** An open ALSA PCM. */
export class AlsaPcm {
  #handle: Deno.PointerValue;
  #waiting: Promise<number> | undefined;
  #params: PcmParams = { periodFrames: 0, bufferFrames: 0 };

  private constructor(
    private readonly lib: Libasound,
    handle: Deno.PointerValue,
    readonly name: string,
    readonly stream: PcmStream,
  ) {
    this.#handle = handle;
  }

  /**
   * Opens `name` in non-blocking mode, from `config` if given (a private configuration,
   * `snd_pcm_open_lconf`) or else from the system configuration. Throws {@link AlsaError}.
   */
  static open(lib: Libasound, name: string, stream: PcmStream, config?: AlsaConfig): AlsaPcm {
    const cell = new BigUint64Array(1);
    const dir = stream === "playback" ? SND_PCM_STREAM_PLAYBACK : SND_PCM_STREAM_CAPTURE;
    const err = config
      ? lib.snd_pcm_open_lconf(cell, cString(name), dir, SND_PCM_NONBLOCK, config.handle)
      : lib.snd_pcm_open(cell, cString(name), dir, SND_PCM_NONBLOCK);
    if (err < 0) {
      throw new AlsaError(`alsa:${name}`, `snd_pcm_open(${stream})`, err, alsaErrorText(lib, err));
    }
    return new AlsaPcm(lib, outPointer(cell), name, stream);
  }

  /** The `snd_pcm_t *`; throws once closed. */
  get handle(): Deno.PointerValue {
    if (!this.#handle) throw new LineError(`alsa:${this.name}`, `${this.stream} PCM is closed`);
    return this.#handle;
  }

  /** Period and buffer ALSA granted by {@link configure}. */
  get params(): PcmParams {
    return this.#params;
  }

  #check(call: string, err: number): void {
    if (err < 0) {
      throw new AlsaError(`alsa:${this.name}`, call, err, alsaErrorText(this.lib, err));
    }
  }

  /**
   * Sets interleaved S16_LE mono at `setup.rate` with the nearest period and buffer the
   * device allows, a start threshold and an avail_min (one period unless given). Throws
   * {@link AlsaError} naming the setting the device refused.
   */
  configure(setup: PcmSetup): PcmParams {
    const lib = this.lib;
    const pcm = this.handle;
    const cell = new BigUint64Array(1);
    this.#check("snd_pcm_hw_params_malloc", lib.snd_pcm_hw_params_malloc(cell));
    const hw = outPointer(cell);
    try {
      this.#check("snd_pcm_hw_params_any", lib.snd_pcm_hw_params_any(pcm, hw));
      this.#check("set rate resampling", lib.snd_pcm_hw_params_set_rate_resample(pcm, hw, 1));
      this.#check(
        "set access RW_INTERLEAVED",
        lib.snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED),
      );
      this.#check(
        "set format S16_LE",
        lib.snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE),
      );
      this.#check("set 1 channel", lib.snd_pcm_hw_params_set_channels(pcm, hw, 1));
      this.#check(`set rate ${setup.rate}`, lib.snd_pcm_hw_params_set_rate(pcm, hw, setup.rate, 0));
      const period = BigUint64Array.of(BigInt(setup.periodFrames));
      this.#check(
        `set period ${setup.periodFrames}`,
        lib.snd_pcm_hw_params_set_period_size_near(pcm, hw, period, new Int32Array(1)),
      );
      const buffer = BigUint64Array.of(BigInt(setup.bufferFrames));
      this.#check(
        `set buffer ${setup.bufferFrames}`,
        lib.snd_pcm_hw_params_set_buffer_size_near(pcm, hw, buffer),
      );
      this.#check("snd_pcm_hw_params", lib.snd_pcm_hw_params(pcm, hw));
    } finally {
      lib.snd_pcm_hw_params_free(hw);
    }
    const params = this.#readParams();
    const start = Math.min(setup.startFrames ?? params.periodFrames, params.bufferFrames);
    const avail = Math.min(setup.availFrames ?? params.periodFrames, params.bufferFrames);
    this.#configureSoftware(start, avail);
    this.#params = params;
    return params;
  }

  #readParams(): PcmParams {
    const buffer = new BigUint64Array(1);
    const period = new BigUint64Array(1);
    this.#check("snd_pcm_get_params", this.lib.snd_pcm_get_params(this.handle, buffer, period));
    return { periodFrames: Number(period[0]), bufferFrames: Number(buffer[0]) };
  }

  #configureSoftware(startFrames: number, availMin: number): void {
    const lib = this.lib;
    const pcm = this.handle;
    const cell = new BigUint64Array(1);
    this.#check("snd_pcm_sw_params_malloc", lib.snd_pcm_sw_params_malloc(cell));
    const sw = outPointer(cell);
    try {
      this.#check("snd_pcm_sw_params_current", lib.snd_pcm_sw_params_current(pcm, sw));
      this.#check(
        "set start threshold",
        lib.snd_pcm_sw_params_set_start_threshold(pcm, sw, BigInt(Math.max(1, startFrames))),
      );
      this.#check("set avail_min", lib.snd_pcm_sw_params_set_avail_min(pcm, sw, BigInt(availMin)));
      this.#check("snd_pcm_sw_params", lib.snd_pcm_sw_params(pcm, sw));
    } finally {
      lib.snd_pcm_sw_params_free(sw);
    }
  }

  /** Reads up to `samples.length` frames; frames read, or a negative ALSA error code. */
  readi(samples: Int16Array): number {
    return Number(this.lib.snd_pcm_readi(this.handle, samples, BigInt(samples.length)));
  }

  /** Writes up to `samples.length` frames; frames written, or a negative ALSA error code. */
  writei(samples: Int16Array): number {
    return Number(this.lib.snd_pcm_writei(this.handle, samples, BigInt(samples.length)));
  }

  /**
   * Waits on a worker thread until the device can be read or written or `timeoutMs` passes:
   * 1 ready, 0 timeout, negative ALSA error. One wait at a time.
   */
  wait(timeoutMs: number): Promise<number> {
    if (this.#waiting) throw new LineError(`alsa:${this.name}`, "wait() already in progress");
    const waiting = this.lib.snd_pcm_wait(this.handle, Math.round(timeoutMs));
    this.#waiting = waiting;
    return waiting.finally(() => this.#waiting = undefined);
  }

  /** `snd_pcm_recover` after -EPIPE (xrun) or -ESTRPIPE (suspend); 0 if the PCM is usable. */
  recover(err: number): number {
    return this.lib.snd_pcm_recover(this.handle, err, 1);
  }

  /** Frames between the application and the converter (queued playback, unread capture). */
  delay(): number {
    const cell = new BigInt64Array(1);
    const err = this.lib.snd_pcm_delay(this.handle, cell);
    return err < 0 ? err : Number(cell[0]);
  }

  /** Frames ready to read or room to write, or a negative ALSA error code. */
  avail(): number {
    return Number(this.lib.snd_pcm_avail(this.handle));
  }

  /** `snd_pcm_state`. */
  state(): number {
    return this.lib.snd_pcm_state(this.handle);
  }

  /** Back to PREPARED, dropping pending frames. */
  prepare(): number {
    return this.lib.snd_pcm_prepare(this.handle);
  }

  /** ALSA's description of the PCM and its plugin chain (`snd_pcm_dump`). */
  describe(): string {
    const lib = this.lib;
    const cell = new BigUint64Array(1);
    if (lib.snd_output_buffer_open(cell) < 0) return "";
    const out = outPointer(cell);
    try {
      lib.snd_pcm_dump(this.handle, out);
      const text = new BigUint64Array(1);
      const length = Number(lib.snd_output_buffer_string(out, text));
      const pointer = outPointer(text);
      if (!pointer || length === 0) return "";
      return new TextDecoder().decode(
        new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(pointer, length)),
      );
    } finally {
      lib.snd_output_close(out);
    }
  }

  /** True if ALSA's `null` PCM is in the plugin chain: such a device keeps no time. */
  hasNullSlave(): boolean {
    return /\bNull PCM\b/.test(this.describe());
  }

  /** Drops pending frames and closes, after any wait in progress has returned. */
  async close(): Promise<void> {
    if (!this.#handle) return;
    if (this.#waiting) await this.#waiting.catch(() => 0);
    const handle = this.#handle;
    this.#handle = null;
    this.lib.snd_pcm_drop(handle);
    this.lib.snd_pcm_close(handle);
  }
}
