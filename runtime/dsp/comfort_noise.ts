/**
 * Comfort noise (RFC 3389 style): white, near-Gaussian noise at a level given in dBov, for
 * the silences between talkspurts so a call does not sound dead. Deterministic per seed.
 *
 * @example
 * ```ts
 * import { ComfortNoise } from "./comfort_noise.ts";
 * const cn = await ComfortNoise.create();
 * const pcm = cn.render(160, -60);   // 20 ms at -60 dBov (an RFC 3389 level byte of 60)
 * ```
 * @module
 */
import { rmsOfDbov } from "./levels.ts";
import { ClosedError, loadDspModule, type ModuleExports, WasmBuffer } from "./wasm_module.ts";

interface NoiseExports extends ModuleExports {
  cn_create(seed: number): number;
  cn_destroy(h: number): void;
  cn_render(h: number, out: number, samples: number, rms: number): number;
}

/** A comfort-noise source. */
export class ComfortNoise {
  #h: number;
  #out: WasmBuffer;

  private constructor(private readonly x: NoiseExports, seed: number) {
    this.#h = x.cn_create(seed >>> 0);
    this.#out = new WasmBuffer(x);
  }

  /** A source with the given seed (any 32-bit number). */
  static async create(seed = 1): Promise<ComfortNoise> {
    return new ComfortNoise(await loadDspModule<NoiseExports>("tones"), seed);
  }

  /**
   * `samples` samples at `levelDbov` (0 loudest; RFC 3389 sends the level as 0..127
   * meaning 0..-127 dBov: pass the negated byte).
   */
  render(samples: number, levelDbov: number): Int16Array {
    if (!this.#h) throw new ClosedError("comfort noise");
    if (!Number.isInteger(samples) || samples < 0) {
      throw new RangeError(`comfort noise: ${samples} is not a whole number of samples`);
    }
    if (!(levelDbov <= 0)) {
      throw new RangeError(`comfort noise: level ${levelDbov} dBov must be <= 0`);
    }
    const ptr = this.#out.ensure(Math.max(2, samples * 2));
    this.x.cn_render(this.#h, ptr, samples, rmsOfDbov(levelDbov));
    return this.#out.readInt16(samples);
  }

  /** Frees the state. */
  close(): void {
    if (!this.#h) return;
    this.x.cn_destroy(this.#h);
    this.#h = 0;
    this.#out.free();
  }
}
