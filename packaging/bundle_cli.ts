/**
 * Bundles the command line (`cli/main.ts`, with commander and every codec's WebAssembly)
 * into `dist/phone.mjs` plus lazily loaded chunks, for the packed tarball: Deno runs no
 * TypeScript from under `node_modules`, and one JavaScript file with no bare imports
 * starts fastest. `npm pack` runs this (prepack); it builds the codecs first.
 *
 *     deno run -A packaging/bundle_cli.ts
 * @module
 */
import * as esbuild from "esbuild";
import { relative } from "node:path";
import { build } from "../codecs-as/build.ts";

const root = new URL("../", import.meta.url);
const rootPath = root.pathname;
const outdir = new URL("dist/", root).pathname;
const entry = new URL("cli/main.ts", root).pathname;

// Files that find their data through `import.meta.url` (the demo's sample, package.json)
// keep finding it: each module's `import.meta.url` becomes its original location, seen
// from dist/. `import.meta.main` is true only for the entry, as it was before bundling.
const keepLocations: esbuild.Plugin = {
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
};

/** Builds the codecs (what changed), then writes `dist/`; returns the entry's path. */
export async function bundleCli(): Promise<string> {
  await build();
  await Deno.remove(outdir, { recursive: true }).catch(() => {});
  try {
    await esbuild.build({
      entryPoints: { phone: entry },
      outdir,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "es2022",
      minify: true,
      legalComments: "none",
      // commander is CommonJS: its require() of Node built-ins needs a real require.
      banner: {
        js: 'import { createRequire as __phoneRequire } from "node:module";\n' +
          "const require = __phoneRequire(import.meta.url);",
      },
      plugins: [keepLocations],
      logLevel: "error",
    });
  } finally {
    await esbuild.stop();
  }
  return `${outdir}phone.mjs`;
}

if (import.meta.main) console.log(await bundleCli());
