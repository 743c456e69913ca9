/**
 * The child side of `isolated.ts`: `deno run -A isolated_runner.ts <module> <export> <json>`
 * imports the module, awaits the export called with the parsed input, and prints the result
 * after the marker. Errors go to stderr with exit code 1.
 *
 * @module
 */

import { RESULT_MARKER } from "./isolated.ts";

if (import.meta.main) {
  const [module, exportName, input] = Deno.args;
  try {
    const mod = await import(module);
    const fn = mod[exportName];
    if (typeof fn !== "function") throw new Error(`${module} exports no function "${exportName}"`);
    const result = await fn(JSON.parse(input ?? "null"));
    console.log(RESULT_MARKER + JSON.stringify(result ?? null));
  } catch (err) {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    Deno.exit(1);
  }
}
