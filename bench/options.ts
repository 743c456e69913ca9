/**
 * Command-line options of the benchmarks, through `node:util` `parseArgs`: each benchmark
 * declares its options with defaults and ranges, and a bad one is one line naming it and the
 * usage. Every benchmark also takes `--vectors DIR` (where the speech vectors are).
 *
 * @example
 * ```ts
 * import { numberOption, parseBenchArgs } from "./options.ts";
 * const o = parseBenchArgs("g711", ["--seconds", "5"], {
 *   seconds: numberOption(60, 1, 3600),
 *   repeats: numberOption(15, 1, 1000),
 * });
 * o.seconds; // 5
 * ```
 * @module
 */
import { parseArgs } from "node:util";
import { VECTORS_ENV } from "../harness/vectors.ts";

/** A numeric option: default, inclusive range, whole numbers unless `integer` is false. */
export interface NumberOption {
  kind: "number";
  default: number;
  min: number;
  max: number;
  integer: boolean;
}

/** A text option, optionally one of `choices`. */
export interface StringOption {
  kind: "string";
  default: string;
  choices?: readonly string[];
}

/** Declares a numeric option. */
export function numberOption(
  fallback: number,
  min: number,
  max: number,
  integer = true,
): NumberOption {
  return { kind: "number", default: fallback, min, max, integer };
}

/** Declares a text option. */
export function stringOption(fallback: string, choices?: readonly string[]): StringOption {
  return { kind: "string", default: fallback, choices };
}

/** The parsed values, typed after the declaration. */
export type BenchOptions<S extends Record<string, NumberOption | StringOption>> = {
  [K in keyof S]: S[K] extends NumberOption ? number : string;
};

/**
 * Parses `args` against `spec`; throws an `Error` whose message is the problem and the usage.
 * `--vectors DIR` sets where every reader of the vectors looks (`$CONFORMANCE_VECTORS`).
 */
export function parseBenchArgs<S extends Record<string, NumberOption | StringOption>>(
  bench: string,
  args: string[],
  spec: S,
): BenchOptions<S> {
  const usage = `usage: deno task bench ${bench} ${
    Object.entries(spec).map(([name, o]) => `[--${name} ${o.kind === "number" ? "N" : "TEXT"}]`)
      .join(" ")
  } [--vectors DIR]`;
  let values: Record<string, string | undefined>;
  try {
    const options = Object.fromEntries(
      [...Object.keys(spec), "vectors"].map((name) => [name, { type: "string" as const }]),
    );
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | undefined
    >;
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${usage}`);
  }
  if (values.vectors) Deno.env.set(VECTORS_ENV, values.vectors);
  const out: Record<string, number | string> = {};
  for (const [name, o] of Object.entries(spec)) {
    const text = values[name];
    if (o.kind === "string") {
      const value = text ?? o.default;
      if (o.choices && !o.choices.includes(value)) {
        throw new Error(`--${name} is one of ${o.choices.join(", ")}, not "${value}"\n${usage}`);
      }
      out[name] = value;
      continue;
    }
    const value = text === undefined ? o.default : Number(text);
    if (
      text !== undefined &&
      (text.trim() === "" || !(value >= o.min && value <= o.max) ||
        (o.integer && !Number.isInteger(value)))
    ) {
      throw new Error(
        `--${name} takes ${
          o.integer ? "a whole number" : "a number"
        } ${o.min}..${o.max}, not "${text}"\n${usage}`,
      );
    }
    out[name] = value;
  }
  return out as BenchOptions<S>;
}
