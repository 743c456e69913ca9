/**
 * Sizes of the built package (`deno run -A packages/codecs/sizes.ts`, after build.ts):
 * the entry and each module's chunk (its WebAssembly inlined as base64), raw and gzipped,
 * as a Markdown table for the package README.
 * @module
 */
const dist = new URL("dist/", import.meta.url).pathname;

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** One row per file: name, bytes, gzipped bytes. */
export async function sizes(): Promise<[string, number, number][]> {
  const rows: [string, number, number][] = [];
  const files = ["index.mjs"];
  for await (const e of Deno.readDir(`${dist}chunks`)) {
    files.push(`chunks/${e.name}`);
  }
  for (const file of files.sort()) {
    const bytes = await Deno.readFile(`${dist}${file}`);
    const name = file === "index.mjs"
      ? "API (index.mjs)"
      : file.replace(/^chunks\/|-[A-Z0-9]+\.mjs$/g, "");
    rows.push([name, bytes.length, await gzipSize(bytes)]);
  }
  return rows;
}

if (import.meta.main) {
  console.log("| part | bytes | gzipped |\n| --- | ---: | ---: |");
  for (const [name, raw, gz] of await sizes()) {
    console.log(`| ${name} | ${raw} | ${gz} |`);
  }
}
