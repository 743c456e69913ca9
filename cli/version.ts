/**
 * `phone --version`: this program's version, the Deno that runs it and the build of the
 * codecs (compiler and a short hash of the WebAssembly), for bug reports.
 *
 * @example
 * ```ts
 * import { versionText } from "./version.ts";
 * console.log(versionText()); // "phone 0.1.0\ndeno 2.9.6 (v8 ..., typescript ...)\ncodecs ..."
 * ```
 * @module
 */

const PACKAGE = new URL("../package.json", import.meta.url);
const BUILD = new URL("../runtime/codecs/wasm/build.json", import.meta.url);

function readJson(url: URL): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(url));
  } catch {
    return undefined;
  }
}

/** The codec line: build id, compiler, modules; or why there is none. */
export function codecBuildLine(info: Record<string, unknown> | undefined): string {
  if (!info || typeof info.id !== "string") {
    return "codecs not built (run: deno task build)";
  }
  const modules = Object.keys(info.modules as Record<string, string> ?? {});
  return `codecs build ${info.id} (${info.compiler}; ${modules.join(", ")})`;
}

/** Three lines: program, Deno, codecs. */
export function versionText(): string {
  const version = readJson(PACKAGE)?.version ?? "unknown";
  const { deno, v8, typescript } = Deno.version;
  return [
    `phone ${version}`,
    `deno ${deno} (v8 ${v8}, typescript ${typescript})`,
    codecBuildLine(readJson(BUILD)),
  ].join("\n");
}
