/**
 * Builds the codec package into `packages/codecs/dist/`: the codecs' WebAssembly
 * (`codecs-as/build.ts`), one ESM entry with each module's WebAssembly inlined in a chunk
 * of its own (loaded on first use, so a page that needs G.711 loads only G.711), and
 * TypeScript declarations. `npm pack` in this folder runs it (prepack).
 *
 *     deno run -A packages/codecs/build.ts
 * @module
 */
import * as esbuild from "esbuild";
import { build as buildWasm } from "../../codecs-as/build.ts";

const here = new URL("./", import.meta.url);
const root = new URL("../../", import.meta.url);
const defaultDist = new URL("dist/", here).pathname;

async function checkVersion(): Promise<void> {
  const pkg = JSON.parse(await Deno.readTextFile(new URL("package.json", here)));
  const source = await Deno.readTextFile(new URL("src/index.ts", here));
  const m = /export const VERSION = "([^"]+)"/.exec(source);
  if (m?.[1] !== pkg.version) {
    throw new Error(`src/index.ts VERSION ${m?.[1]} differs from package.json ${pkg.version}`);
  }
}

async function bundle(dist: string): Promise<void> {
  try {
    await esbuild.build({
      entryPoints: { index: new URL("src/index.ts", here).pathname },
      outdir: dist,
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunks/[name]-[hash]",
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      minify: true,
      legalComments: "none",
      logLevel: "error",
    });
  } finally {
    await esbuild.stop();
  }
}

// tsc writes declarations for every module reached from src/index.ts under dist/types/;
// their imports name `.ts` files, which consumers' TypeScript resolves as `.js`.
async function declarations(dist: string): Promise<void> {
  const tsc = new URL("node_modules/typescript/bin/tsc", root).pathname;
  const out = await new Deno.Command("node", {
    args: [tsc, "-p", new URL("tsconfig.json", here).pathname, "--outDir", `${dist}types`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    throw new Error(`tsc failed:\n${text}`);
  }
  for await (const file of walk(`${dist}types`)) {
    const text = (await Deno.readTextFile(file))
      .replace(/(from\s+["'][^"']+)\.ts(["'])/g, "$1.js$2")
      // The generated WebAssembly modules: a string, not the whole base64 as a literal type.
      .replace(
        /export declare const wasmBase64 = "[^"]*";/,
        "export declare const wasmBase64: string;",
      );
    await Deno.writeTextFile(file, text);
  }
  await Deno.writeTextFile(
    `${dist}index.d.ts`,
    'export * from "./types/packages/codecs/src/index.js";\n',
  );
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) yield* walk(path);
    else if (e.name.endsWith(".d.ts")) yield path;
  }
}

/** Builds everything into `dist` (default `packages/codecs/dist/`); returns it. */
export async function buildPackage(dist = defaultDist): Promise<string> {
  if (!dist.endsWith("/")) dist += "/";
  await checkVersion();
  await buildWasm();
  await Deno.remove(dist, { recursive: true }).catch(() => {});
  await bundle(dist);
  await declarations(dist);
  return dist;
}

if (import.meta.main) console.log(await buildPackage());
