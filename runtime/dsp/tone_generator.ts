/**
 * Plays tone cadences (call-progress tones of {@link TONE_PLANS}, or any segments) as
 * 16-bit PCM, continuing seamlessly across calls to `render`. Oscillators keep their phase
 * across segments and levels glide over 2 ms at cadence edges, so there are no clicks.
 *
 * @example
 * ```ts
 * import { ToneGenerator } from "./tone_generator.ts";
 * const ring = await ToneGenerator.create({ country: "jp", kind: "ringback" });
 * const pcm = ring.render(160);   // the next 20 ms, over and over
 * ```
 * @module
 */
import { sinePeak } from "./levels.ts";
import { type ToneKind, tonePlan, type ToneSegment } from "./tone_plans.ts";
import { ClosedError, loadDspModule, type ModuleExports, WasmBuffer } from "./wasm_module.ts";

interface ToneExports extends ModuleExports {
  tone_create(rate: number): number;
  tone_destroy(h: number): void;
  tone_load(h: number, segments: number, count: number, loop: number): number;
  tone_render(h: number, out: number, samples: number): number;
  tone_restart(h: number): number;
  tone_finished(h: number): number;
}

const MAX_SEGMENTS = 32;

/** What to play: a country's tone, or explicit segments. */
export type ToneSource =
  | { country: string; kind: ToneKind }
  | { segments: ToneSegment[]; loop?: boolean };

/** The segments in the module's layout (f64 fields), after checking them. */
export function encodeSegments(segments: ToneSegment[]): number[] {
  if (segments.length < 1 || segments.length > MAX_SEGMENTS) {
    throw new RangeError(`a tone needs 1 to ${MAX_SEGMENTS} segments, not ${segments.length}`);
  }
  return segments.flatMap((s, i) => {
    if (!(s.ms >= 0) || s.tones.length > 2) {
      throw new RangeError(`tone segment ${i}: duration must be >= 0 ms and at most 2 components`);
    }
    const [a, b] = s.tones;
    const depth = s.modulationDepth ?? 0;
    if (!(depth >= 0 && depth <= 1)) {
      throw new RangeError(`tone segment ${i}: modulation depth ${depth} not in 0..1`);
    }
    return [
      s.ms,
      a?.hz ?? 0,
      a ? sinePeak(a.dbm0) : 0,
      b?.hz ?? 0,
      b ? sinePeak(b.dbm0) : 0,
      s.modulationHz ?? 0,
      depth,
    ];
  });
}

/** A cadenced tone source. */
export class ToneGenerator {
  #h: number;
  #io: WasmBuffer;

  private constructor(private readonly x: ToneExports, h: number) {
    this.#h = h;
    this.#io = new WasmBuffer(x);
  }

  /**
   * A generator for a country's tone (looping) or for explicit segments.
   * Throws a `RangeError` for an unknown country or kind, or malformed segments.
   */
  static async create(source: ToneSource, sampleRate = 8000): Promise<ToneGenerator> {
    const x = await loadDspModule<ToneExports>("tones");
    const h = x.tone_create(sampleRate);
    if (!h) throw new RangeError(`tone generator: sample rate ${sampleRate} not in 4000..48000`);
    const g = new ToneGenerator(x, h);
    try {
      g.load(source);
    } catch (e) {
      g.close();
      throw e;
    }
    return g;
  }

  /** Switches to another tone (from its start). */
  load(source: ToneSource): void {
    const h = this.#live();
    const segments = "country" in source ? tonePlan(source.country, source.kind) : source.segments;
    const loop = "country" in source ? true : source.loop ?? true;
    const ptr = this.#io.writeFloat64(encodeSegments(segments));
    if (this.x.tone_load(h, ptr, segments.length, loop ? 1 : 0) !== 0) {
      throw new RangeError("tone generator: segments contain a non-finite number");
    }
  }

  #live(): number {
    if (!this.#h) throw new ClosedError("tone generator");
    return this.#h;
  }

  /** The next `samples` samples. A one-shot tone that has ended gives silence. */
  render(samples: number): Int16Array {
    const h = this.#live();
    if (!Number.isInteger(samples) || samples < 0) {
      throw new RangeError(`tone generator: ${samples} is not a whole number of samples`);
    }
    const ptr = this.#io.ensure(Math.max(2, samples * 2));
    this.x.tone_render(h, ptr, samples);
    return this.#io.readInt16(samples);
  }

  /** True once a one-shot tone has played to its end. */
  get finished(): boolean {
    return this.x.tone_finished(this.#live()) === 1;
  }

  /** Back to the first segment. */
  restart(): void {
    this.x.tone_restart(this.#live());
  }

  /** Frees the state. */
  close(): void {
    if (!this.#h) return;
    this.x.tone_destroy(this.#h);
    this.#h = 0;
    this.#io.free();
  }
}
