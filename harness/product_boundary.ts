/**
 * The product/harness boundary as a check: product code (`runtime/`, `cli/`, `codecs-as/`; test files
 * excepted) must not reach into the test harness, benches or conformance suite, so deleting those
 * still leaves a complete phone.
 *
 * @example
 * ```ts
 * import { boundaryViolations } from "./product_boundary.ts";
 * const root = new URL("../", import.meta.url).pathname;
 * for (const v of await boundaryViolations(root)) console.log(`${v.file}: ${v.specifier}`);
 * ```
 * @module
 */

/** Top-level folders the product may not import from. */
export const HARNESS_FOLDERS: readonly string[] = ["harness", "bench", "conformance"];

/** Top-level folders holding product code. */
export const PRODUCT_FOLDERS: readonly string[] = ["runtime", "cli", "codecs-as"];

/** One import from product code into the harness. */
export interface BoundaryViolation {
  /** The importing file, relative to the repository root. */
  file: string;
  /** The specifier as written. */
  specifier: string;
}

const RELATIVE_LITERAL = /(["'`])(\.\.?\/[^"'`\s]*)\1/g;

/**
 * The relative paths in `source` (file `file`, repo-relative) that resolve into a harness folder.
 * Every relative string literal counts, so `import`, `export from`, `import()` and
 * `new URL(..., import.meta.url)` are all caught, in code and in doc examples alike.
 */
export function harnessReferences(file: string, source: string): BoundaryViolation[] {
  const found: BoundaryViolation[] = [];
  const base = new URL(file, "file:///repo/");
  for (const match of source.matchAll(RELATIVE_LITERAL)) {
    const specifier = match[2];
    const path = new URL(specifier, base).pathname;
    if (!path.startsWith("/repo/")) continue;
    const top = path.slice("/repo/".length).split("/")[0];
    if (HARNESS_FOLDERS.includes(top)) found.push({ file, specifier });
  }
  return found;
}

/** Whether `file` is product code (under a product folder, not a test). */
export function isProductFile(file: string): boolean {
  const top = file.split("/")[0];
  return PRODUCT_FOLDERS.includes(top) && /\.(ts|js|mjs)$/.test(file) &&
    !/_test\.(ts|js|mjs)$/.test(file);
}

/** Every product file under `root` that references the harness. */
export async function boundaryViolations(root: string): Promise<BoundaryViolation[]> {
  const violations: BoundaryViolation[] = [];
  for (const folder of PRODUCT_FOLDERS) {
    for await (const file of _walk(`${root}/${folder}`, folder)) {
      if (!isProductFile(file)) continue;
      violations.push(...harnessReferences(file, await Deno.readTextFile(`${root}/${file}`)));
    }
  }
  return violations;
}

async function* _walk(dir: string, rel: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) yield* _walk(`${dir}/${entry.name}`, `${rel}/${entry.name}`);
    else if (entry.isFile) yield `${rel}/${entry.name}`;
  }
}
