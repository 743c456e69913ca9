/**
 * `deno task conformance [--vectors DIR] [CODEC...]`: runs every registered codec
 * against the vector files described in MANIFEST.md and prints one row per file.
 * Exits 1 on any mismatch, on a family with no vector files, or (under CI=true)
 * when the vectors are missing.
 * @module
 */
import { parseArgs } from "node:util";
import { suites } from "./suites.ts";
import { type CaseResult, runCase, type Suite } from "./suite.ts";
import { MissingVectorsError, VectorDir } from "../harness/vectors.ts";

interface Options {
  vectors?: string;
  filters: string[];
}

function parseOptions(args: string[]): Options {
  const { values, positionals } = parseArgs({
    args,
    options: { vectors: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(
      "usage: deno task conformance [--vectors DIR] [CODEC...]\n" +
        `codecs: ${suites.flatMap((s) => [s.family, ...s.codecs]).join(", ")}`,
    );
    Deno.exit(0);
  }
  if (values.vectors === "") throw new Error("--vectors needs a directory");
  return { vectors: values.vectors, filters: positionals.map((f) => f.toLowerCase()) };
}

function selected(suite: Suite, filters: string[]): boolean {
  return filters.length === 0 ||
    filters.some((f) => f === suite.family || suite.codecs.includes(f));
}

function row(r: CaseResult): string {
  const result = r.ok ? "ok" : "FAIL";
  const at = r.mismatchAt >= 0 ? String(r.mismatchAt) : "-";
  return `${r.codec.padEnd(10)} ${r.expected.padEnd(44)} ${result.padEnd(5)} ${
    at.padStart(8)
  }  ${r.detail}`;
}

async function main(): Promise<number> {
  const options = parseOptions(Deno.args);
  const chosen = suites.filter((s) => selected(s, options.filters));
  const unknown = options.filters.filter((f) =>
    !suites.some((s) => s.family === f || s.codecs.includes(f))
  );
  if (unknown.length) {
    console.error(`no conformance suite for: ${unknown.join(", ")}`);
    return 1;
  }
  let vectors: VectorDir;
  try {
    vectors = await VectorDir.open(options.vectors);
  } catch (e) {
    if (!(e instanceof MissingVectorsError)) throw e;
    console.error(e.message);
    if (Deno.env.get("CI") === "true") return 1;
    console.error("conformance skipped: nothing was checked.");
    return 0;
  }
  console.log(`vectors: ${vectors.path}`);
  console.log(`${"codec".padEnd(10)} ${"file".padEnd(44)} result  offset  detail`);
  let passed = 0, failed = 0;
  for (const suite of chosen) {
    const cases = suite.cases(vectors);
    const list = await cases;
    if (list.length === 0) {
      console.log(`${suite.family.padEnd(10)} (no vector files found)`.padEnd(56) + "FAIL");
      failed++;
      continue;
    }
    for (const c of list) {
      const r = await runCase(c, vectors);
      console.log(row(r));
      r.ok ? passed++ : failed++;
    }
  }
  console.log(`conformance: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

try {
  Deno.exit(await main());
} catch (e) {
  console.error(`conformance: ${(e as Error).message}`);
  Deno.exit(2);
}
