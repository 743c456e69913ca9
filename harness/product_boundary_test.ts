import assert from "node:assert/strict";
import { boundaryViolations, harnessReferences, isProductFile } from "./product_boundary.ts";

const root = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

Deno.test("no product file (runtime/, cli/) imports the harness, benches or conformance", async () => {
  const violations = await boundaryViolations(root);
  assert.deepEqual(
    violations.map((v) => `${v.file} imports ${v.specifier}`),
    [],
    "product code must not depend on the test harness; move the shared piece into runtime/",
  );
});

Deno.test("the boundary check sees every form of reference", () => {
  const file = "runtime/phone/x.ts";
  const source = [
    `import { a } from "../../harness/netsim/mod.ts";`,
    `export { b } from '../../bench/traces.ts';`,
    `const c = await import("../../conformance/suite.ts");`,
    "const d = new URL(`../../harness/devices/phonejack_emu.c`, import.meta.url);",
    ` * import { e } from "../../harness/e2e/phone_process.ts";`,
    `import { ok } from "../net/mod.ts";`,
    `import { ok2 } from "../../cli/main.ts";`,
  ].join("\n");
  assert.deepEqual(harnessReferences(file, source).map((v) => v.specifier), [
    "../../harness/netsim/mod.ts",
    "../../bench/traces.ts",
    "../../conformance/suite.ts",
    "../../harness/devices/phonejack_emu.c",
    "../../harness/e2e/phone_process.ts",
  ]);
});

Deno.test("tests beside product code may use the harness; product files may not", () => {
  assert.equal(isProductFile("runtime/net/udp_socket.ts"), true);
  assert.equal(isProductFile("cli/main.ts"), true);
  assert.equal(isProductFile("runtime/net/udp_socket_test.ts"), false);
  assert.equal(isProductFile("bench/setup.ts"), false);
  assert.equal(isProductFile("harness/netsim/mod.ts"), false);
});

Deno.test({
  name: "without harness, bench, conformance and tests, the phone still type-checks",
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "product-only-" });
    try {
      for (const folder of ["runtime", "cli", "codecs-as"]) {
        await _copyProduct(`${root}/${folder}`, `${dir}/${folder}`);
      }
      for (const file of ["deno.json", "package.json"]) {
        await Deno.copyFile(`${root}/${file}`, `${dir}/${file}`);
      }
      await Deno.symlink(`${root}/node_modules`, `${dir}/node_modules`);
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["check", "--quiet", "runtime/mod.ts", "cli/main.ts"],
        cwd: dir,
        env: { DENO_NO_UPDATE_CHECK: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const errors = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `the product alone does not type-check:\n${errors}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

async function _copyProduct(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const src = `${from}/${entry.name}`, dst = `${to}/${entry.name}`;
    if (entry.isDirectory) await _copyProduct(src, dst);
    else if (entry.isFile && !/_test\.ts$/.test(entry.name)) await Deno.copyFile(src, dst);
  }
}
