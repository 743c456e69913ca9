// The bundle (with commander on Deno-native shims) prints exactly what the sources print.
import assert from "node:assert/strict";
import { bundleCli } from "./bundle_cli.ts";

const root = new URL("../", import.meta.url).pathname;
const decoder = new TextDecoder();

async function run(args: string[], cwd: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

const INVOCATIONS = [
  ["--version"],
  ["-V"],
  ["--help"],
  ["call", "--help"],
  ["listen", "--help"],
  ["encode", "--help"],
  ["codecs"],
  ["codecs", "--ptime", "40"],
  ["lisen"],
  ["call"],
  ["--bogus"],
  ["listen", "--prot", "10000"],
  ["encode", "--codec", "nope", "a.wav", "b.raw"],
  ["help", "decode"],
];

Deno.test("the bundled command line behaves like the sources", async () => {
  const dir = await Deno.makeTempDir({ prefix: "phone-bundle-" });
  try {
    const bundle = await bundleCli(`${dir}/dist`);
    for (const args of INVOCATIONS) {
      const sources = await run(
        ["run", "-A", "--config", `${root}deno.json`, `${root}cli/main.ts`, ...args],
        dir,
      );
      const bundled = await run(["run", "-A", "--no-config", bundle, ...args], dir);
      assert.deepEqual(bundled, sources, `phone ${args.join(" ")}`);
      if (args[0] === "--help") assert.match(bundled.stdout, /^Usage: phone /);
      if (args[0] === "lisen") assert.equal(bundled.code, 1);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
