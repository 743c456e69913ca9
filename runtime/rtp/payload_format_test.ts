import assert from "node:assert/strict";
import { concatBytes, splitError } from "./payload_format.ts";

Deno.test("concatBytes joins in order and always returns a fresh array", () => {
  const a = Uint8Array.of(1, 2);
  const joined = concatBytes([a, Uint8Array.of(), Uint8Array.of(3)]);
  assert.deepEqual([...joined], [1, 2, 3]);
  const single = concatBytes([a]);
  assert.deepEqual(single, a);
  assert.notEqual(single.buffer, a.buffer);
  assert.equal(concatBytes([]).length, 0);
});

Deno.test("splitError carries reason, offset and detail", () => {
  assert.deepEqual(splitError("bad-length", 3, "x"), {
    ok: false,
    reason: "bad-length",
    offset: 3,
    detail: "x",
  });
});
