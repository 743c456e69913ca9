import assert from "node:assert/strict";
import { BENCHMARKS } from "./main.ts";

Deno.test("every benchmark module (one exporting run) is in the registry, and each loads", async () => {
  const here = new URL("./", import.meta.url);
  const modules: string[] = [];
  for await (const e of Deno.readDir(here)) {
    if (!e.isFile || !e.name.endsWith(".ts") || e.name.endsWith("_test.ts")) continue;
    const text = await Deno.readTextFile(new URL(e.name, here));
    if (/^export (async )?function run\(/m.test(text)) modules.push(e.name.slice(0, -3));
  }
  assert.deepEqual(Object.keys(BENCHMARKS).sort(), modules.sort());
  for (const [name, load] of Object.entries(BENCHMARKS)) {
    assert.equal(typeof (await load()).run, "function", name);
  }
});
