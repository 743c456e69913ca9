/**
 * Builds the native test doubles of the audio tests with gcc into `build/audio/`: the
 * PhoneJACK emulator (`libphonejack_emu.so`) and the real-time ALSA test plugin
 * (`libasound_module_pcm_phoneclock.so`, needs the libasound2-dev headers). A library is
 * rebuilt only when its C source is newer; concurrent test files build safely (each writes
 * a temporary file and renames it into place).
 *
 * @example
 * ```ts
 * const emulator = await buildNative("phonejack_emu"); // absolute path of the .so
 * ```
 * @module
 */

/** The native test libraries and how to build them. */
const TARGETS = {
  phonejack_emu: {
    source: "phonejack_emu.c",
    output: "libphonejack_emu.so",
    libs: ["-ldl", "-lpthread"],
  },
  alsa_clock_plugin: {
    source: "alsa_clock_plugin.c",
    output: "libasound_module_pcm_phoneclock.so",
    libs: ["-DPIC", "-lasound"],
  },
} as const;

/** Name of a native test library. */
export type NativeTarget = keyof typeof TARGETS;

const here = new URL(".", import.meta.url);
const buildDir = new URL("../../build/audio/", import.meta.url);

async function mtime(path: URL): Promise<number> {
  try {
    return (await Deno.stat(path)).mtime?.getTime() ?? 0;
  } catch {
    return -1;
  }
}

/** Compiles `target` if needed and returns the absolute path of the shared library. */
export async function buildNative(target: NativeTarget): Promise<string> {
  const { source, output, libs } = TARGETS[target];
  const src = new URL(source, here);
  const out = new URL(output, buildDir);
  if (await mtime(out) >= await mtime(src)) return out.pathname;
  await Deno.mkdir(buildDir, { recursive: true });
  const temp = new URL(`${output}.${Deno.pid}.${crypto.randomUUID()}.tmp`, buildDir);
  const args = ["-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-o", temp.pathname];
  const result = await new Deno.Command("gcc", {
    args: [...args, src.pathname, ...libs],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    await Deno.remove(temp).catch(() => {});
    const log = new TextDecoder().decode(result.stderr);
    throw new Error(`gcc failed to build ${source} (need gcc; libasound2-dev for ALSA):\n${log}`);
  }
  await Deno.rename(temp, out);
  return out.pathname;
}
