/**
 * What a codec contributes to the conformance run: a list of cases, each producing
 * the bytes that must equal one vector file.
 * @module
 */
import type { VectorDir } from "../harness/vectors.ts";

/** One comparison: `produce()` must give exactly the bytes of `expected`. */
export interface VectorCase {
  /** Codec (registry name or family) the case exercises, for filtering and display. */
  codec: string;
  /** Expected-output file, relative to the vectors directory. */
  expected: string;
  /** Runs the codec on the case's input; resolves to the bytes to compare. */
  produce(): Promise<Uint8Array>;
}

/** A codec family's suite. `cases` lists every vector file it knows in `vectors`. */
export interface Suite {
  /** Codec family, e.g. `g711`; also matches the codec filter on the command line. */
  family: string;
  /** Registry names the suite covers, for the filter (`pcmu`, `pcma`). */
  codecs: string[];
  cases(vectors: VectorDir): Promise<VectorCase[]>;
}

/** Result of one case. */
export interface CaseResult {
  codec: string;
  expected: string;
  ok: boolean;
  /** First differing byte offset, or the shorter length when sizes differ; -1 if equal. */
  mismatchAt: number;
  detail: string;
}

/** Compares produced bytes with the expected file. */
export function compare(actual: Uint8Array, expected: Uint8Array): { at: number; detail: string } {
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) {
      return {
        at: i,
        detail: `byte ${i}: got 0x${hex(actual[i])}, expected 0x${hex(expected[i])}`,
      };
    }
  }
  if (actual.length !== expected.length) {
    return { at: n, detail: `length ${actual.length}, expected ${expected.length}` };
  }
  return { at: -1, detail: "" };
}

function hex(b: number): string {
  return b.toString(16).padStart(2, "0");
}

/** Runs one case, turning exceptions into failed results. */
export async function runCase(c: VectorCase, vectors: VectorDir): Promise<CaseResult> {
  try {
    const [actual, expected] = await Promise.all([c.produce(), vectors.read(c.expected)]);
    const { at, detail } = compare(actual, expected);
    return { codec: c.codec, expected: c.expected, ok: at < 0, mismatchAt: at, detail };
  } catch (e) {
    return {
      codec: c.codec,
      expected: c.expected,
      ok: false,
      mismatchAt: -1,
      detail: `error: ${(e as Error).message}`,
    };
  }
}
