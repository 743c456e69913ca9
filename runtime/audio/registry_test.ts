import assert from "node:assert/strict";
import { LineError } from "./line.ts";
import { lineKinds, openLine, registerLineBackend } from "./registry.ts";
import { openNullLine } from "./null_line.ts";

Deno.test("the built-in backends are registered by name", async () => {
  assert.deepEqual(lineKinds(), ["alsa", "file", "null", "phonejack"]);
  const line = await openLine({ kind: "null", pacing: "none" });
  assert.equal(line.info.kind, "null");
  await line.close();
});

Deno.test("an unknown kind is refused with the known ones", async () => {
  await assert.rejects(
    () => openLine({ kind: "oss" }),
    (e: unknown) =>
      e instanceof LineError &&
      /unknown kind "oss"; known: alsa, file, null, phonejack/.test(e.message),
  );
});

Deno.test("a backend can be added", async () => {
  registerLineBackend(
    "quiet",
    () => Promise.resolve(openNullLine({ kind: "null", pacing: "none" })),
  );
  const line = await openLine({ kind: "quiet" });
  assert.equal((await line.read())!.length, 160);
  await line.close();
});
