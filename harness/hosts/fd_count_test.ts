import assert from "node:assert/strict";
import { openFdCount, openFdTargets } from "./fd_count.ts";
import { runIsolated } from "./isolated.ts";

/** Counts around opening and closing a file; runs in its own process (see below). */
export function countAroundAFile(): number[] {
  const before = openFdCount();
  const file = Deno.openSync("/proc/self/status");
  const open = openFdCount();
  file.close();
  return [before, open, openFdCount()];
}

Deno.test("openFdCount sees a file opened and closed", async () => {
  const [before, open, after] = await runIsolated<number[]>(import.meta.url, "countAroundAFile");
  assert.equal(open, before + 1);
  assert.equal(after, before);
});

Deno.test("openFdTargets names the open descriptors", () => {
  const file = Deno.openSync("/proc/self/status");
  try {
    assert.ok(openFdTargets().some((t) => t.endsWith("/status")), "the open file is listed");
  } finally {
    file.close();
  }
});
