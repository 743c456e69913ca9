import assert from "node:assert/strict";
import { alsaErrorText, cString, loadLibasound, outPointer } from "./libasound.ts";

Deno.test("libasound loads once per path and explains ALSA error codes", () => {
  const lib = loadLibasound();
  assert.equal(loadLibasound("libasound.so.2"), lib);
  assert.equal(alsaErrorText(lib, -32), "Broken pipe");
  assert.equal(alsaErrorText(lib, -11), "Resource temporarily unavailable");
});

Deno.test("a missing library names the package to install", () => {
  assert.throws(
    () => loadLibasound("/nonexistent/libasound.so.2"),
    /install the libasound2 package/,
  );
});

Deno.test("C strings end in NUL and out-pointers read back", () => {
  assert.deepEqual([...cString("hw")], [0x68, 0x77, 0]);
  assert.equal(outPointer(BigUint64Array.of(0n)), null);
  assert.equal(Deno.UnsafePointer.value(outPointer(BigUint64Array.of(0x1000n))), 0x1000n);
});
