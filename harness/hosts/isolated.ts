/**
 * Runs one exported function in a fresh Deno process. For checks that count process-wide
 * resources (open descriptors): `deno test --parallel` runs test files as workers of one
 * process, so counting `/proc/self/fd` there also counts the other files' sockets.
 *
 * The function is imported from `module` under `deno run -A` (where `Deno.test` registers
 * nothing, so it may live in a `_test.ts` file), called with `input`, and its JSON result is
 * returned. A throw in the child becomes an `Error` here carrying the child's message.
 *
 * @example
 * ```ts
 * import { runIsolated } from "./isolated.ts";
 * const counts = await runIsolated<{ before: number; after: number }>(
 *   new URL("./my_test.ts", import.meta.url),
 *   "leakScenario",
 * );
 * ```
 * @module
 */

const RUNNER = new URL("./isolated_runner.ts", import.meta.url);
/** The marker before the result line the runner prints. */
export const RESULT_MARKER = "@@isolated-result@@ ";

/** Imports `module` in a new process, awaits `exportName(input)`, returns the result. */
export async function runIsolated<T>(
  module: string | URL,
  exportName: string,
  input?: unknown,
): Promise<T> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--no-prompt",
      RUNNER.href,
      String(module),
      exportName,
      JSON.stringify(input ?? null),
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
  if (out.code !== 0 || line === undefined) {
    throw new Error(
      `${exportName} in ${module} failed in its own process (exit ${out.code}):\n${stderr}${stdout}`,
    );
  }
  return JSON.parse(line.slice(RESULT_MARKER.length)) as T;
}
