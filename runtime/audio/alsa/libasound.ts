/**
 * The part of ALSA's `libasound.so.2` the phone calls, through `Deno.dlopen`, and its
 * constants. `snd_pcm_wait` is declared non-blocking: it runs on a worker thread and
 * returns a Promise, so waiting for the sound card never blocks the event loop.
 *
 * @example
 * ```ts
 * const alsa = loadLibasound();
 * const message = alsaErrorText(alsa, -32); // "Broken pipe"
 * ```
 * @module
 */

/** Stream directions (`snd_pcm_stream_t`). */
export const SND_PCM_STREAM_PLAYBACK = 0;
export const SND_PCM_STREAM_CAPTURE = 1;
/** `snd_pcm_open` mode flag: non-blocking reads and writes. */
export const SND_PCM_NONBLOCK = 1;
/** `snd_pcm_format_t` of signed 16-bit little-endian samples. */
export const SND_PCM_FORMAT_S16_LE = 2;
/** `snd_pcm_access_t` of interleaved `readi`/`writei`. */
export const SND_PCM_ACCESS_RW_INTERLEAVED = 3;
/** `snd_pcm_state_t` values the line looks at. */
export const SND_PCM_STATE_PREPARED = 2;
export const SND_PCM_STATE_RUNNING = 3;
export const SND_PCM_STATE_XRUN = 4;

/** Negative errno values ALSA returns. */
export const EAGAIN = 11;
export const EPIPE = 32;
export const ESTRPIPE = 86;

const symbols = {
  snd_strerror: { parameters: ["i32"], result: "pointer" },
  snd_pcm_open: { parameters: ["buffer", "buffer", "i32", "i32"], result: "i32" },
  snd_pcm_open_lconf: {
    parameters: ["buffer", "buffer", "i32", "i32", "pointer"],
    result: "i32",
  },
  snd_pcm_close: { parameters: ["pointer"], result: "i32" },
  snd_pcm_name: { parameters: ["pointer"], result: "pointer" },
  snd_pcm_hw_params_malloc: { parameters: ["buffer"], result: "i32" },
  snd_pcm_hw_params_free: { parameters: ["pointer"], result: "void" },
  snd_pcm_hw_params_any: { parameters: ["pointer", "pointer"], result: "i32" },
  snd_pcm_hw_params_set_access: { parameters: ["pointer", "pointer", "i32"], result: "i32" },
  snd_pcm_hw_params_set_format: { parameters: ["pointer", "pointer", "i32"], result: "i32" },
  snd_pcm_hw_params_set_channels: { parameters: ["pointer", "pointer", "u32"], result: "i32" },
  snd_pcm_hw_params_set_rate_resample: {
    parameters: ["pointer", "pointer", "u32"],
    result: "i32",
  },
  snd_pcm_hw_params_set_rate: { parameters: ["pointer", "pointer", "u32", "i32"], result: "i32" },
  snd_pcm_hw_params_set_period_size_near: {
    parameters: ["pointer", "pointer", "buffer", "buffer"],
    result: "i32",
  },
  snd_pcm_hw_params_set_buffer_size_near: {
    parameters: ["pointer", "pointer", "buffer"],
    result: "i32",
  },
  snd_pcm_hw_params: { parameters: ["pointer", "pointer"], result: "i32" },
  snd_pcm_sw_params_malloc: { parameters: ["buffer"], result: "i32" },
  snd_pcm_sw_params_free: { parameters: ["pointer"], result: "void" },
  snd_pcm_sw_params_current: { parameters: ["pointer", "pointer"], result: "i32" },
  snd_pcm_sw_params_set_start_threshold: {
    parameters: ["pointer", "pointer", "u64"],
    result: "i32",
  },
  snd_pcm_sw_params_set_avail_min: { parameters: ["pointer", "pointer", "u64"], result: "i32" },
  snd_pcm_sw_params: { parameters: ["pointer", "pointer"], result: "i32" },
  snd_pcm_get_params: { parameters: ["pointer", "buffer", "buffer"], result: "i32" },
  snd_pcm_prepare: { parameters: ["pointer"], result: "i32" },
  snd_pcm_drop: { parameters: ["pointer"], result: "i32" },
  snd_pcm_state: { parameters: ["pointer"], result: "i32" },
  snd_pcm_readi: { parameters: ["pointer", "buffer", "u64"], result: "i64" },
  snd_pcm_writei: { parameters: ["pointer", "buffer", "u64"], result: "i64" },
  snd_pcm_recover: { parameters: ["pointer", "i32", "i32"], result: "i32" },
  snd_pcm_avail: { parameters: ["pointer"], result: "i64" },
  snd_pcm_delay: { parameters: ["pointer", "buffer"], result: "i32" },
  snd_pcm_wait: { parameters: ["pointer", "i32"], result: "i32", nonblocking: true },
  snd_pcm_dump: { parameters: ["pointer", "pointer"], result: "i32" },
  snd_output_buffer_open: { parameters: ["buffer"], result: "i32" },
  snd_output_buffer_string: { parameters: ["pointer", "buffer"], result: "usize" },
  snd_output_close: { parameters: ["pointer"], result: "i32" },
  snd_config_top: { parameters: ["buffer"], result: "i32" },
  snd_config_load: { parameters: ["pointer", "pointer"], result: "i32" },
  snd_config_delete: { parameters: ["pointer"], result: "i32" },
  snd_input_buffer_open: { parameters: ["buffer", "buffer", "isize"], result: "i32" },
  snd_input_close: { parameters: ["pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The loaded library: `Deno.dlopen`'s symbols for the functions above. */
export type Libasound = Deno.DynamicLibrary<typeof symbols>["symbols"];

const loaded = new Map<string, Libasound>();

/**
 * Loads libasound (once per path; `libasound.so.2` from the system unless another path is
 * given). Throws an Error saying which package to install if it is missing.
 */
export function loadLibasound(path = "libasound.so.2"): Libasound {
  let lib = loaded.get(path);
  if (!lib) {
    try {
      lib = Deno.dlopen(path, symbols).symbols;
    } catch (e) {
      throw new Error(
        `cannot load ${path} (install the libasound2 package): ${(e as Error).message}`,
      );
    }
    loaded.set(path, lib);
  }
  return lib;
}

/** ALSA's text for a negative error code. */
export function alsaErrorText(lib: Libasound, code: number): string {
  const text = lib.snd_strerror(code);
  return text ? Deno.UnsafePointerView.getCString(text) : `error ${code}`;
}

/** A C string for FFI (NUL-terminated UTF-8). */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text + "\0");
}

/** Reads the pointer an out-parameter (`T **`) received. */
export function outPointer(cell: BigUint64Array): Deno.PointerValue {
  return Deno.UnsafePointer.create(cell[0]);
}
