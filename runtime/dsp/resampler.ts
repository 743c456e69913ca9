/**
 * 2:1 sample-rate conversion between the phone's 8 kHz lines and 16 kHz codecs (a
 * half-band FIR, see codecs-as/resample): `up` doubles the rate, `down` halves it. State
 * carries over between calls of {@link Resampler.process}, so a stream may come in any
 * pieces (even-length ones for `down`). Delay: 31 samples at 16 kHz either way.
 *
 * @example
 * ```ts
 * import { Resampler } from "./resampler.ts";
 * const up = await Resampler.create("up");
 * const wide = up.process(new Int16Array(80)); // 160 samples at 16 kHz
 * up.close();
 * ```
 * @module
 */
import { ClosedError, loadDspModule, type ModuleExports, WasmBuffer } from "./wasm_module.ts";

interface ResampleExports extends ModuleExports {
  rs_create(direction: number): number;
  rs_reset(h: number): number;
  rs_destroy(h: number): void;
  rs_process(h: number, pcm: number, samples: number, out: number): number;
}

/** `up`: 8 to 16 kHz; `down`: 16 to 8 kHz. */
export type ResampleDirection = "up" | "down";

/** One direction of 2:1 conversion for one stream. */
export class Resampler {
  #h: number;
  readonly #input: WasmBuffer;
  readonly #output: WasmBuffer;

  private constructor(private readonly x: ResampleExports, readonly direction: ResampleDirection) {
    this.#h = x.rs_create(direction === "up" ? 0 : 1);
    this.#input = new WasmBuffer(x);
    this.#output = new WasmBuffer(x);
  }

  /** A resampler for one stream. */
  static async create(direction: ResampleDirection): Promise<Resampler> {
    if (direction !== "up" && direction !== "down") {
      throw new RangeError(`resampler direction must be "up" or "down", not ${direction}`);
    }
    return new Resampler(await loadDspModule<ResampleExports>("resample"), direction);
  }

  /** Converts the next piece of the stream; throws for an odd length going down. */
  process(pcm: Int16Array): Int16Array {
    if (!this.#h) throw new ClosedError("resampler");
    if (this.direction === "down" && pcm.length % 2) {
      throw new RangeError(`resampler: ${pcm.length} samples; going down needs an even count`);
    }
    const n = this.direction === "up" ? pcm.length * 2 : pcm.length / 2;
    const inPtr = this.#input.writeInt16(pcm);
    const outPtr = this.#output.ensure(Math.max(2, n * 2));
    this.x.rs_process(this.#h, inPtr, pcm.length, outPtr);
    return this.#output.readInt16(n);
  }

  /** Forgets the history, as for a new call. */
  reset(): void {
    if (this.#h) this.x.rs_reset(this.#h);
  }

  /** Frees the state. */
  close(): void {
    if (!this.#h) return;
    this.x.rs_destroy(this.#h);
    this.#h = 0;
    this.#input.free();
    this.#output.free();
  }
}
