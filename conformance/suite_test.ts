import assert from "node:assert/strict";
import { compare, runCase } from "./suite.ts";
import { MissingVectorsError, VectorDir } from "../harness/vectors.ts";

Deno.test("compare reports the first differing byte and length differences", () => {
  assert.deepEqual(compare(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3)), { at: -1, detail: "" });
  assert.deepEqual(compare(Uint8Array.of(1, 9, 3), Uint8Array.of(1, 2, 3)), {
    at: 1,
    detail: "byte 1: got 0x09, expected 0x02",
  });
  assert.equal(compare(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3)).at, 2);
});

Deno.test("a case that throws is a failed row, not a crash", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/MANIFEST.md`, "test");
  await Deno.writeFile(`${dir}/x.bin`, Uint8Array.of(5));
  const vectors = await VectorDir.open(dir);
  const bad = await runCase({
    codec: "t",
    expected: "x.bin",
    produce: () => Promise.reject(new Error("boom")),
  }, vectors);
  assert.equal(bad.ok, false);
  assert.match(bad.detail, /boom/);
  const good = await runCase({
    codec: "t",
    expected: "x.bin",
    produce: () => Promise.resolve(Uint8Array.of(5)),
  }, vectors);
  assert.equal(good.ok, true);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a missing vectors directory says where to get the data", async () => {
  await assert.rejects(() => VectorDir.open("/nonexistent/vectors"), (e: unknown) => {
    assert.ok(e instanceof MissingVectorsError);
    assert.match(e.message, /--vectors DIR/);
    assert.match(e.message, /G\.191 STL/);
    return true;
  });
});
