import assert from "node:assert/strict";
import { runIsolated } from "./isolated.ts";

/** Runs in the child: reports its own pid and doubles the input. */
export function childInfo(input: { n: number }): { pid: number; doubled: number } {
  return { pid: Deno.pid, doubled: input.n * 2 };
}

/** Runs in the child and fails. */
export function childFails(): never {
  throw new Error("deliberate failure in the child");
}

Deno.test("runIsolated runs an export in another process and returns its result", async () => {
  const result = await runIsolated<{ pid: number; doubled: number }>(
    import.meta.url,
    "childInfo",
    { n: 21 },
  );
  assert.equal(result.doubled, 42);
  assert.notEqual(result.pid, Deno.pid);
});

Deno.test("runIsolated reports a failing child and a missing export", async () => {
  await assert.rejects(
    runIsolated(import.meta.url, "childFails"),
    /deliberate failure in the child/,
  );
  await assert.rejects(runIsolated(import.meta.url, "nothing"), /exports no function "nothing"/);
});
