import assert from "node:assert/strict";
import { codecBuildLine, versionText } from "./version.ts";

Deno.test("--version names the program, Deno and the codec build", () => {
  const pkg = JSON.parse(Deno.readTextFileSync(new URL("../package.json", import.meta.url)));
  const [program, deno] = versionText().split("\n");
  assert.equal(program, `phone ${pkg.version}`);
  assert.match(deno, new RegExp(`^deno ${Deno.version.deno} \\(v8 `));
});

Deno.test("the codec line shows the build id and modules, or that nothing is built", () => {
  const line = codecBuildLine({
    compiler: "assemblyscript 0.28.20",
    modules: { g711: "a5819fd490ec", g726: "d5cfd1e55e2b" },
    id: "fdef17d82f5b",
  });
  assert.equal(line, "codecs build fdef17d82f5b (assemblyscript 0.28.20; g711, g726)");
  assert.match(codecBuildLine(undefined), /not built/);
});
