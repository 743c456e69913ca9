/**
 * Time-scale modification of speech without pitch change (WSOLA style), used by the
 * playout path to build or shed jitter-buffer delay inside a talkspurt: a frame is
 * shortened by cutting out one waveform-similar span (a pitch period in voiced speech) or
 * lengthened by replaying one, with an overlap-add where the copies match best. The
 * result is close to the requested length, not exact: the span is 5-15 ms, never more
 * than asked when shortening, and voiced frames without a clear period are left alone.
 *
 * @example
 * ```ts
 * import { TimeScaler } from "./time_scaler.ts";
 * declare const frame160: Int16Array; // 20 ms of 8 kHz speech
 * const tsm = await TimeScaler.create();
 * const longer = tsm.process(frame160, 240);   // about 30 ms from 20 ms
 * ```
 * @module
 */
import { ClosedError, loadDspModule, type ModuleExports, WasmBuffer } from "./wasm_module.ts";

interface TimescaleExports extends ModuleExports {
  ts_create(rate: number, maxFrame: number): number;
  ts_reset(h: number): number;
  ts_destroy(h: number): void;
  ts_max_lag(h: number): number;
  ts_process(h: number, pcm: number, samples: number, target: number, out: number): number;
}

/** Options: sample rate (default 8000) and the longest frame accepted (default 60 ms). */
export interface TimeScalerOptions {
  sampleRate?: number;
  maxFrame?: number;
}

/** Stateful time-scaler for one stream (it remembers the previous frame's tail). */
export class TimeScaler {
  #h: number;
  #input: WasmBuffer;
  #output: WasmBuffer;
  /** Longest frame `process` accepts. */
  readonly maxFrame: number;
  /** Longest span that may be added, in samples. */
  readonly maxLag: number;

  private constructor(private readonly x: TimescaleExports, h: number, maxFrame: number) {
    this.#h = h;
    this.maxFrame = maxFrame;
    this.maxLag = x.ts_max_lag(h);
    this.#input = new WasmBuffer(x);
    this.#output = new WasmBuffer(x);
  }

  /** A new time-scaler; throws a `RangeError` for an unsupported rate or frame size. */
  static async create(options: TimeScalerOptions = {}): Promise<TimeScaler> {
    const x = await loadDspModule<TimescaleExports>("timescale");
    const rate = options.sampleRate ?? 8000;
    const maxFrame = options.maxFrame ?? (rate * 60) / 1000;
    const h = x.ts_create(rate, maxFrame);
    if (!h) {
      throw new RangeError(
        `time-scaler: rate ${rate} (4000-48000) or maxFrame ${maxFrame} out of range`,
      );
    }
    return new TimeScaler(x, h, maxFrame);
  }

  #live(): number {
    if (!this.#h) throw new ClosedError("time-scaler");
    return this.#h;
  }

  /** Returns `pcm` scaled towards `target` samples (see the module notes for how close). */
  process(pcm: Int16Array, target: number): Int16Array {
    const h = this.#live();
    if (pcm.length > this.maxFrame) {
      throw new RangeError(
        `time-scaler: frame of ${pcm.length} samples exceeds maxFrame ${this.maxFrame}`,
      );
    }
    const inPtr = this.#input.writeInt16(pcm);
    const outPtr = this.#output.ensure((pcm.length + this.maxLag) * 2 + 2);
    const n = this.x.ts_process(h, inPtr, pcm.length, Math.round(target), outPtr);
    return this.#output.readInt16(n);
  }

  /** Forgets the previous frame. */
  reset(): void {
    this.x.ts_reset(this.#live());
  }

  /** Frees the state. */
  close(): void {
    if (!this.#h) return;
    this.x.ts_destroy(this.#h);
    this.#h = 0;
    this.#input.free();
    this.#output.free();
  }
}
