import assert from "node:assert/strict";
import { AlsaConfig } from "./config.ts";
import { loadLibasound } from "./libasound.ts";

Deno.test("configuration text loads into a private tree and frees once", () => {
  const lib = loadLibasound();
  const config = AlsaConfig.parse(lib, "pcm.quiet { type null }\n");
  assert.notEqual(config.handle, null);
  config.free();
  assert.equal(config.handle, null);
  config.free();
});

Deno.test("text that is no ALSA configuration is refused with ALSA's reason", () => {
  assert.throws(
    () => AlsaConfig.parse(loadLibasound(), "pcm.broken { type null"),
    /ALSA configuration text does not parse: /,
  );
});
