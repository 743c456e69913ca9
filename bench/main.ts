/**
 * `deno task bench NAME [OPTIONS]`: runs one benchmark from the registry below.
 * `deno task bench` alone lists them. Every benchmark takes `--vectors DIR`.
 * @module
 */

/** What a benchmark module provides. */
interface Benchmark {
  run(args: string[]): Promise<void>;
}

/** Every benchmark, one line each: its name and its module. */
export const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  g711: () => import("./g711.ts"),
  g726: () => import("./g726.ts"),
  g723: () => import("./g723.ts"),
  jitter: () => import("./jitter.ts"),
  setup: () => import("./setup.ts"),
  audio_latency: () => import("./audio_latency.ts"),
  calls: () => import("./calls.ts"),
  lpc10: () => import("./lpc10.ts"),
  dvi4: () => import("./dvi4.ts"),
  transcode_memory: () => import("./transcode_memory.ts"),
  startup: () => import("./startup.ts"),
  whitepages: () => import("./whitepages.ts"),
  radius: () => import("./radius.ts"),
  bridged: () => import("./bridged.ts"),
};

if (import.meta.main) {
  const [name, ...args] = Deno.args;
  const names = Object.keys(BENCHMARKS);
  if (!name || !(name in BENCHMARKS)) {
    if (name) console.error(`unknown benchmark "${name}"`);
    console.error(`usage: deno task bench NAME [OPTIONS]\nbenchmarks: ${names.join(", ")}`);
    Deno.exit(name ? 1 : 0);
  }
  try {
    await (await BENCHMARKS[name]()).run(args);
  } catch (e) {
    console.error(`bench ${name}: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
