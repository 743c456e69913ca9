/**
 * ALSA configuration given as text (the asoundrc syntax), loaded into a private
 * `snd_config_t` tree with `snd_config_load` for `snd_pcm_open_lconf`. This defines PCMs
 * without touching the process-wide configuration or environment (`ALSA_CONFIG_PATH`). The
 * text must be self-contained: slaves are written inline (`slave.pcm { type null }`) and
 * external plugin types are declared with `pcm_type.NAME { lib "/path/to.so" }`.
 *
 * @example
 * ```ts
 * import { AlsaConfig } from "./config.ts";
 * import { loadLibasound } from "./libasound.ts";
 * const lib = loadLibasound();
 * const config = AlsaConfig.parse(lib, 'pcm.out { type file slave.pcm { type null } file "/tmp/o.raw" }');
 * // ... snd_pcm_open_lconf(..., config.handle) ...
 * config.free();
 * ```
 * @module
 */
import { alsaErrorText, type Libasound, outPointer } from "./libasound.ts";

/** A loaded configuration tree. */
export class AlsaConfig {
  #handle: Deno.PointerValue;

  private constructor(private readonly lib: Libasound, handle: Deno.PointerValue) {
    this.#handle = handle;
  }

  /** Parses `text`; throws an Error with ALSA's reason if it is not valid configuration. */
  static parse(lib: Libasound, text: string): AlsaConfig {
    const cell = new BigUint64Array(1);
    let err = lib.snd_config_top(cell);
    if (err < 0) throw new Error(`snd_config_top: ${alsaErrorText(lib, err)}`);
    const config = new AlsaConfig(lib, outPointer(cell));
    const bytes = new TextEncoder().encode(text);
    const input = new BigUint64Array(1);
    err = lib.snd_input_buffer_open(input, bytes, BigInt(bytes.length));
    if (err < 0) {
      config.free();
      throw new Error(`snd_input_buffer_open: ${alsaErrorText(lib, err)}`);
    }
    err = lib.snd_config_load(config.handle, outPointer(input));
    lib.snd_input_close(outPointer(input));
    if (err < 0) {
      config.free();
      throw new Error(`ALSA configuration text does not parse: ${alsaErrorText(lib, err)}`);
    }
    return config;
  }

  /** The `snd_config_t *` (null once freed). */
  get handle(): Deno.PointerValue {
    return this.#handle;
  }

  /** Releases the tree; call it after closing the PCMs opened from it. */
  free(): void {
    if (this.#handle) this.lib.snd_config_delete(this.#handle);
    this.#handle = null;
  }
}
