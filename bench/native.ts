/**
 * Builds a native C harness from `bench/native/NAME.c` into `build/bench/NAME`
 * (only when the source changed) and runs it. Harnesses print one JSON object.
 * @module
 */
const root = new URL("../", import.meta.url);

/** Compiles the harness with gcc -O2 -march=native; `libs` are `-l` names. */
export async function buildNative(name: string, libs: string[]): Promise<string> {
  const source = new URL(`bench/native/${name}.c`, root).pathname;
  const out = new URL(`build/bench/${name}`, root).pathname;
  await Deno.mkdir(new URL("build/bench/", root), { recursive: true });
  const srcTime = (await Deno.stat(source)).mtime!.getTime();
  const outTime = await Deno.stat(out).then((s) => s.mtime!.getTime(), () => 0);
  if (outTime > srcTime) return out;
  const args = ["-O2", "-march=native", "-o", out, source, ...libs.map((l) => `-l${l}`)];
  const { code, stderr } = await new Deno.Command("gcc", { args, stderr: "piped" }).output();
  if (code !== 0) {
    throw new Error(
      `building bench/native/${name}.c failed (is gcc and the -dev package installed?):\n` +
        new TextDecoder().decode(stderr),
    );
  }
  return out;
}

/** Runs a harness and parses the JSON it prints. */
export async function runNative<T>(path: string, args: string[]): Promise<T> {
  const { code, stdout, stderr } = await new Deno.Command(path, {
    args,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (code !== 0) throw new Error(`${path} failed: ${new TextDecoder().decode(stderr)}`);
  return JSON.parse(new TextDecoder().decode(stdout));
}
