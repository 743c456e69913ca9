/**
 * iproute2's netem distribution tables (`normal.dist`, `pareto.dist`, `paretonormal.dist`,
 * `experimental.dist`): whitespace-separated signed 16-bit integers, `#` comments, at most
 * 16384 (`NETEM_DIST_MAX`) entries. A value t stands for t / 8192 (`NETEM_DIST_SCALE`)
 * standard deviations: netem draws a random entry and delays by `mean + jitter * t / 8192`.
 *
 * Debian's `iproute2` installs them in `/usr/lib/x86_64-linux-gnu/tc/`; other builds use
 * `/usr/lib/tc/` or `/usr/lib64/tc/`.
 *
 * @example
 * ```ts
 * import { loadDistTable } from "./netem_table.ts";
 * const normal = loadDistTable("normal"); // found in the iproute2 directories
 * normal.values.length; // 4096
 * ```
 * @module
 */

import { NetError } from "../../runtime/net/net_error.ts";

/** `NETEM_DIST_SCALE` from `<linux/pkt_sched.h>`: table units per standard deviation. */
export const NETEM_DIST_SCALE = 8192;
/** `NETEM_DIST_MAX` from `<linux/pkt_sched.h>`: the most entries the kernel accepts. */
export const NETEM_DIST_MAX = 16384;

/** Where iproute2 installs its `.dist` files, most specific first. */
export const DIST_DIRECTORIES = [
  "/usr/lib/x86_64-linux-gnu/tc",
  "/usr/lib/tc",
  "/usr/lib64/tc",
  "/usr/share/tc",
];

/** A parsed distribution table. */
export interface DistTable {
  /** Where it came from (a path, or a name given by the caller). */
  readonly source: string;
  /** Entries in units of 1/{@link NETEM_DIST_SCALE} standard deviation. */
  readonly values: Int16Array;
}

/** Parses the text of a `.dist` file; `source` names it in errors. */
export function parseDistTable(text: string, source = "table"): DistTable {
  const values: number[] = [];
  text.split("\n").forEach((line, index) => {
    const content = line.replace(/#.*/, "").trim();
    if (content === "") return;
    for (const word of content.split(/\s+/)) {
      if (!/^[+-]?\d+$/.test(word) || Number(word) < -32768 || Number(word) > 32767) {
        throw NetError.invalid(
          "parse dist table",
          `${source} line ${index + 1}: "${word}" is not a 16-bit signed integer`,
        );
      }
      values.push(Number(word));
    }
  });
  if (values.length === 0) throw NetError.invalid("parse dist table", `${source} has no values`);
  if (values.length > NETEM_DIST_MAX) {
    throw NetError.invalid(
      "parse dist table",
      `${source} has ${values.length} values, more than netem's ${NETEM_DIST_MAX}`,
    );
  }
  return { source, values: Int16Array.from(values) };
}

/** The path of an installed `<name>.dist`, or `undefined` if none of the directories has it. */
export function findDistFile(name: string): string | undefined {
  for (const dir of DIST_DIRECTORIES) {
    const path = `${dir}/${name}.dist`;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Loads a table by name (`"normal"`, searched in {@link DIST_DIRECTORIES}) or by path (anything
 * containing `/`). Throws a clear error naming the directories searched when it is missing.
 */
export function loadDistTable(nameOrPath: string): DistTable {
  const path = nameOrPath.includes("/") ? nameOrPath : findDistFile(nameOrPath);
  if (path === undefined) {
    throw NetError.invalid(
      "load dist table",
      `"${nameOrPath}.dist" not found in ${DIST_DIRECTORIES.join(", ")} (install iproute2)`,
    );
  }
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (cause) {
    throw NetError.invalid("load dist table", `cannot read ${path}: ${(cause as Error).message}`);
  }
  return parseDistTable(text, path);
}
