import assert from "node:assert/strict";
import { openNullLine } from "./null_line.ts";

Deno.test("the null line gives silence of the asked frame size and takes any frame", async () => {
  const line = openNullLine({ kind: "null", frameMs: 30, pacing: "none" });
  assert.equal(line.info.frameSamples, 240);
  const frame = (await line.read())!;
  assert.equal(frame.length, 240);
  assert.ok(frame.every((s) => s === 0));
  await line.write(new Int16Array(240).fill(5));
  assert.equal(line.stats().framesWritten, 1);
  await line.close();
  assert.equal(await line.read(), null);
});
