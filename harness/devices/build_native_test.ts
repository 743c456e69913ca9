import assert from "node:assert/strict";
import { buildNative } from "./build_native.ts";

Deno.test("native test libraries build into build/audio and are reused", async () => {
  const path = await buildNative("phonejack_emu");
  assert.match(path, /\/build\/audio\/libphonejack_emu\.so$/);
  const built = (await Deno.stat(path)).mtime!.getTime();
  assert.equal(await buildNative("phonejack_emu"), path);
  assert.equal((await Deno.stat(path)).mtime!.getTime(), built, "not rebuilt");
});
