/**
 * Packet loss concealment for 8 kHz waveform streams (G.711, G.726), and 16 kHz ones (DVI4,
 * L16) with every length doubled, after ITU-T G.711 Appendix I: a lost stretch is filled by repeating the last pitch period(s), smoothed by
 * overlap-add at every seam, faded by 20 % per 10 ms after the first 10 ms and silent
 * after 60 ms; the first received samples after a loss fade in from the synthetic signal.
 * All output, received or synthetic, runs {@link Concealer.delay} samples (3.75 ms) late:
 * that look-back is what lets the start of a loss be smoothed.
 *
 * @example
 * ```ts
 * import { Concealer } from "./concealer.ts";
 * declare const decoded: Int16Array; // a decoded 20 ms packet
 * const plc = await Concealer.create();
 * const a = plc.good(decoded);     // 160 samples in, 160 out (30 of them from before)
 * const b = plc.lost(160);         // a lost 20 ms packet
 * ```
 * @module
 */
import { ClosedError, loadDspModule, type ModuleExports, WasmBuffer } from "./wasm_module.ts";

interface PlcExports extends ModuleExports {
  plc_create(rate: number): number;
  plc_reset(h: number): number;
  plc_destroy(h: number): void;
  plc_delay(rate: number): number;
  plc_good(h: number, pcm: number, samples: number, out: number): number;
  plc_bad(h: number, out: number, samples: number): number;
}

/** G.711 Appendix I concealment state for one 8 or 16 kHz stream. */
export class Concealer {
  #h: number;
  #input: WasmBuffer;
  #output: WasmBuffer;
  /** Output delay in samples (30 = 3.75 ms at 8 kHz). */
  readonly delay: number;

  private constructor(private readonly x: PlcExports, h: number, rate: number) {
    this.#h = h;
    this.#input = new WasmBuffer(x);
    this.#output = new WasmBuffer(x);
    this.delay = x.plc_delay(rate);
  }

  /** A concealer for one stream at `sampleRate` (8000, the default, or 16000). */
  static async create(options: { sampleRate?: number } = {}): Promise<Concealer> {
    const rate = options.sampleRate ?? 8000;
    const x = await loadDspModule<PlcExports>("plc");
    const h = rate === 8000 || rate === 16000 ? x.plc_create(rate) : 0;
    if (!h) throw new RangeError(`concealer: ${rate} Hz (8000 or 16000 Hz can be concealed)`);
    return new Concealer(x, h, rate);
  }

  #live(): number {
    if (!this.#h) throw new ClosedError("concealer");
    return this.#h;
  }

  /** Passes received samples; returns as many, delayed, blended in after a loss. */
  good(pcm: Int16Array): Int16Array {
    const h = this.#live();
    const inPtr = this.#input.writeInt16(pcm);
    const outPtr = this.#output.ensure(Math.max(2, pcm.byteLength));
    this.x.plc_good(h, inPtr, pcm.length, outPtr);
    return this.#output.readInt16(pcm.length);
  }

  /** Synthesises `samples` samples for a lost stretch. */
  lost(samples: number): Int16Array {
    const h = this.#live();
    if (!Number.isInteger(samples) || samples < 0) {
      throw new RangeError(
        `concealer: lost(${samples}): a sample count must be a whole number >= 0`,
      );
    }
    const outPtr = this.#output.ensure(Math.max(2, samples * 2));
    this.x.plc_bad(h, outPtr, samples);
    return this.#output.readInt16(samples);
  }

  /** Forgets the history, as for a new call. */
  reset(): void {
    this.x.plc_reset(this.#live());
  }

  /** Frees the state. */
  close(): void {
    if (!this.#h) return;
    this.x.plc_destroy(this.#h);
    this.#h = 0;
    this.#input.free();
    this.#output.free();
  }
}
