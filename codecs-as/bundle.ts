/**
 * Bundles the codec API (`runtime/codecs/mod.ts`) with every codec's WebAssembly
 * inlined into one ESM file, `build/bundle/codecs.mjs`, that runs under Deno, Node
 * and browsers with no file access.
 *
 *     deno task bundle
 * @module
 */
import * as esbuild from "esbuild";
import { build } from "./build.ts";

const root = new URL("../", import.meta.url);

/** Writes the bundle; returns its path. */
export async function bundle(): Promise<string> {
  await build();
  const outfile = new URL("build/bundle/codecs.mjs", root).pathname;
  try {
    await esbuild.build({
      entryPoints: [new URL("runtime/codecs/mod.ts", root).pathname],
      outfile,
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      minify: true,
      sourcemap: false,
      logLevel: "error",
    });
  } finally {
    await esbuild.stop();
  }
  return outfile;
}

if (import.meta.main) console.log(await bundle());
