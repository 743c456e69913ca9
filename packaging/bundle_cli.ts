/**
 * Bundles the command line (`cli/main.ts`, with commander and every codec's WebAssembly)
 * into `dist/phone.mjs` plus lazily loaded chunks, for the packed tarball: Deno runs no
 * TypeScript from under `node_modules`, and one JavaScript file with no bare imports
 * starts fastest. `npm pack` runs this (prepack); it builds the codecs first.
 *
 *     deno run -A packaging/bundle_cli.ts [OUTDIR]
 * @module
 */
import * as esbuild from "esbuild";
import { relative } from "node:path";
import { build } from "../codecs-as/build.ts";

const root = new URL("../", import.meta.url);
const rootPath = root.pathname;
const defaultOutdir = new URL("dist/", root).pathname;
const entry = new URL("cli/main.ts", root).pathname;

// Files that find their data through `import.meta.url` (the demo's sample, package.json)
// keep finding it: each module's `import.meta.url` becomes its original location, seen
// from dist/. `import.meta.main` is true only for the entry, as it was before bundling.
const keepLocations = (outdir: string): esbuild.Plugin => ({
  name: "keep-locations",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(rootPath)) return undefined;
      let text = await Deno.readTextFile(args.path);
      const fromDist = relative(outdir, args.path);
      text = text.replaceAll(
        "import.meta.url",
        `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`,
      );
      if (args.path !== entry) text = text.replaceAll("import.meta.main", "false");
      return { contents: text, loader: "ts" };
    });
  },
});

// commander's Node built-ins become Deno-native shims (see commander_shims/README.md):
// the first `node:` import would load Deno's Node layer, the largest start-up cost.
const shims = new URL("commander_shims/", import.meta.url).pathname;
const commanderShims: esbuild.Plugin = {
  name: "commander-shims",
  setup(build) {
    build.onResolve({ filter: /^node:(events|process|path|fs|child_process)$/ }, (args) => {
      if (!args.importer.includes("/node_modules/commander/")) return undefined;
      return { path: `${shims}${args.path.slice(5)}.cjs` };
    });
  },
};

/**
 * Builds the codecs (what changed), then writes `dist/` (built beside it and swapped in,
 * so a `phone` starting meanwhile finds the old or the new one); returns the entry's path.
 */
export async function bundleCli(outdir = defaultOutdir): Promise<string> {
  if (!outdir.endsWith("/")) outdir += "/";
  await build();
  const fresh = `${outdir.slice(0, -1)}.new-${Deno.pid}/`;
  try {
    await esbuild.build({
      entryPoints: { phone: entry },
      outdir: fresh,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "es2022",
      minify: true,
      legalComments: "none",
      plugins: [keepLocations(outdir), commanderShims],
      logLevel: "error",
    });
    await Deno.remove(outdir, { recursive: true }).catch(() => {});
    await Deno.rename(fresh, outdir);
  } finally {
    await esbuild.stop();
    await Deno.remove(fresh, { recursive: true }).catch(() => {});
  }
  return `${outdir}phone.mjs`;
}

if (import.meta.main) console.log(await bundleCli(Deno.args[0]));
