// The README's TypeScript examples: every block type-checks, and every block runs. The
// "whole phone" example dials a documentation address (192.0.2.7); here it dials the
// discard port on loopback instead, where nobody answers, and must report events.
import assert from "node:assert/strict";
import { encodeWav } from "../runtime/audio/wav.ts";

const root = new URL("../", import.meta.url).pathname;
const readme = await Deno.readTextFile(`${root}README.md`);
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

async function deno(args: string[], cwd: string, timeoutMs = 60_000) {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { DENO_NO_UPDATE_CHECK: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const out = await child.output();
  clearTimeout(timer);
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** Runs `code` as a module beside README.md (so its relative imports hold), in `cwd`. */
async function runBlock(code: string, cwd: string) {
  const file = `${root}.readme_block_${crypto.randomUUID()}.ts`;
  await Deno.writeTextFile(file, code);
  try {
    return await deno(["run", "-A", file], cwd);
  } finally {
    await Deno.remove(file);
  }
}

Deno.test("README: there are TypeScript examples, and all of them type-check", async () => {
  assert.ok(blocks.length >= 2, `${blocks.length} ts blocks`);
  const r = await deno(["check", "--doc-only", "README.md"], root);
  assert.equal(r.code, 0, r.stderr);
});

Deno.test("README: the embedding example runs", async () => {
  const block = blocks.find((b) => b.includes("runtime/mod.ts"));
  assert.ok(block, "no block imports runtime/mod.ts");
  const r = await runBlock(block, root);
  assert.equal(r.code, 0, r.stderr);
});

Deno.test({
  name: "README: the whole-phone example runs and reports call events",
  sanitizeResources: false,
  fn: async () => {
    const block = blocks.find((b) => b.includes("Phone.create"));
    assert.ok(block, "no block creates a Phone");
    assert.ok(block.includes("192.0.2.7"), "the example's address changed; update this test");
    const dir = await Deno.makeTempDir({ prefix: "readme-phone-" });
    try {
      await Deno.writeFile(`${dir}/hello.wav`, encodeWav(new Int16Array(8000)));
      // Nobody listens on loopback's discard port: the call ends as busy, and the example
      // exits once its phone has nothing left to do (or is stopped after the first events).
      const code = block.replace("iphone://192.0.2.7/0", "iphone://127.0.0.1:9/0") +
        "\nsetTimeout(() => Deno.exit(0), 3000);\n";
      const r = await runBlock(code, dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /calling/, `no call event printed:\n${r.stdout}\n${r.stderr}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
