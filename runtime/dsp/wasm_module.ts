/**
 * Loading of the signal-processing modules built from `codecs-as/` (jitter buffer, PLC,
 * time-scaling, tones, DTMF). They are instantiated by the codec host's loader, so each
 * module exists once per process; this file adds what every wrapper needs on top: typed
 * exports and reusable I/O buffers in the module's memory.
 * @module
 */
import { loadCodecModule } from "../codecs/wasm_codec.ts";

/** Exports every module built from `codecs-as/` has. */
export interface ModuleExports {
  memory: WebAssembly.Memory;
  buffer_alloc(bytes: number): number;
  buffer_free(ptr: number): void;
}

/** Where each module's base64 lives (written by `deno task build`). */
const sources: Record<string, () => Promise<string>> = {
  jitter: () => import("../codecs/wasm/jitter.ts").then((m) => m.wasmBase64),
  plc: () => import("../codecs/wasm/plc.ts").then((m) => m.wasmBase64),
  timescale: () => import("../codecs/wasm/timescale.ts").then((m) => m.wasmBase64),
  tones: () => import("../codecs/wasm/tones.ts").then((m) => m.wasmBase64),
  dtmf: () => import("../codecs/wasm/dtmf.ts").then((m) => m.wasmBase64),
  resample: () => import("../codecs/wasm/resample.ts").then((m) => m.wasmBase64),
};

/**
 * The shared instance of a DSP module, typed as `T`.
 *
 * @example
 * ```ts
 * const x = await loadDspModule<ModuleExports>("plc");
 * const ptr = x.buffer_alloc(320);
 * ```
 */
export async function loadDspModule<T extends ModuleExports>(name: string): Promise<T> {
  const source = sources[name];
  if (!source) throw new Error(`unknown DSP module "${name}"; known: ${Object.keys(sources)}`);
  return (await loadCodecModule(name, source)) as unknown as T;
}

/**
 * A buffer in a module's memory that grows on demand and is reused, so a wrapper
 * allocates nothing per call once warmed up. Views are made fresh on every use because
 * the memory's `ArrayBuffer` is replaced whenever the module's memory grows.
 */
export class WasmBuffer {
  #ptr = 0;
  #size = 0;

  constructor(private readonly x: ModuleExports) {}

  /** Address of at least `bytes` bytes. */
  ensure(bytes: number): number {
    if (bytes > this.#size) {
      if (this.#ptr) this.x.buffer_free(this.#ptr);
      this.#size = Math.max(bytes, 2 * this.#size, 64);
      this.#ptr = this.x.buffer_alloc(this.#size);
    }
    return this.#ptr;
  }

  /** Copies `pcm` in; returns its address. */
  writeInt16(pcm: Int16Array): number {
    const ptr = this.ensure(Math.max(2, pcm.byteLength));
    new Int16Array(this.x.memory.buffer, ptr, pcm.length).set(pcm);
    return ptr;
  }

  /** Copies `values` in as f64; returns the address. */
  writeFloat64(values: ArrayLike<number>): number {
    const ptr = this.ensure(Math.max(8, values.length * 8));
    new Float64Array(this.x.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  /** A copy of `samples` int16 values at the buffer's start. */
  readInt16(samples: number): Int16Array {
    return new Int16Array(this.x.memory.buffer, this.#ptr, samples).slice();
  }

  /** Gives the memory back. */
  free(): void {
    if (this.#ptr) this.x.buffer_free(this.#ptr);
    this.#ptr = 0;
    this.#size = 0;
  }
}

/** Thrown when a wrapper is used after `close()`. */
export class ClosedError extends Error {
  constructor(what: string) {
    super(`${what} is closed`);
    this.name = "ClosedError";
  }
}
