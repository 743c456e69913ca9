/**
 * ALSA configuration text for the audio tests, used with `snd_pcm_open_lconf` so no test
 * touches the system configuration. It defines:
 *
 * - `phone_play`: the `file` plugin writing raw S16_LE to `output`, over the `null` PCM;
 * - `phone_rec`: the `file` plugin reading raw S16_LE from `input`, over the `null` PCM
 *   (which keeps no time, so the line paces itself);
 * - `clocked`: the `phoneclock` test plugin (real-time pointer, genuine xruns);
 * - `clocked_play`: the `file` plugin writing to `output` over `phoneclock`.
 *
 * @example
 * ```ts
 * import { alsaTestConfig } from "./alsa_test_config.ts";
 * import { buildNative } from "./build_native.ts";
 * import { openAlsaLine } from "../../runtime/audio/alsa/alsa_line.ts";
 * const clockPlugin = await buildNative("alsa_clock_plugin");
 * const text = alsaTestConfig({ input: "/tmp/in.raw", output: "/tmp/out.raw", clockPlugin });
 * const line = await openAlsaLine({ kind: "alsa", device: "phone_rec", config: text });
 * ```
 * @module
 */

/** Files and plugin the configuration refers to. */
export interface AlsaTestFiles {
  /** Raw S16_LE file captured by `phone_rec`. */
  readonly input?: string;
  /** Raw S16_LE file `phone_play` and `clocked_play` write. */
  readonly output?: string;
  /** Path of `libasound_module_pcm_phoneclock.so` (needed for `clocked*`). */
  readonly clockPlugin?: string;
}

/** ALSA's string syntax: double quotes with backslash escapes. */
function quote(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** The configuration text for `files`. */
export function alsaTestConfig(files: AlsaTestFiles): string {
  const lines: string[] = [];
  if (files.output !== undefined) {
    lines.push(
      `pcm.phone_play { type file slave.pcm { type null } file ${
        quote(files.output)
      } format "raw" }`,
    );
  }
  const input = files.input === undefined ? "" : ` infile ${quote(files.input)}`;
  lines.push(
    `pcm.phone_rec { type file slave.pcm { type null } file "/dev/null"${input} format "raw" }`,
  );
  if (files.clockPlugin !== undefined) {
    lines.push(`pcm_type.phoneclock { lib ${quote(files.clockPlugin)} }`);
    lines.push(`pcm.clocked { type phoneclock }`);
    if (files.output !== undefined) {
      lines.push(
        `pcm.clocked_play { type file slave.pcm { type phoneclock } file ${
          quote(files.output)
        } format "raw" }`,
      );
    }
  }
  return lines.join("\n") + "\n";
}
