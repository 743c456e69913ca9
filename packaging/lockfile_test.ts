// The install is reproducible: on a fresh copy of package.json and package-lock.json,
// `npm ci` succeeds and a following `npm install` leaves both files as committed (the
// lockfile lists every platform's optional Deno and esbuild package, not only this one's).
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const decoder = new TextDecoder();

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const text = decoder.decode(out.stdout) + decoder.decode(out.stderr);
  assert.equal(out.code, 0, `${cmd} ${args.join(" ")} in ${cwd} failed:\n${text}`);
  return decoder.decode(out.stdout);
}

// Scripts stay off: they are the packages' own business (and the project's prepack
// builds codecs); only the dependency tree and the lockfile are under test here.
const NPM_FLAGS = ["--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"];

Deno.test("npm ci works and npm install leaves package files unchanged", async () => {
  const dir = await Deno.makeTempDir({ prefix: "phone-lockfile-" });
  try {
    for (const name of ["package.json", "package-lock.json", ".gitignore"]) {
      await Deno.copyFile(new URL(name, root), `${dir}/${name}`);
    }
    await run("git", ["init", "-q"], dir);
    await run("git", ["add", "-A"], dir);
    await run("git", [
      "-c",
      "user.name=test",
      "-c",
      "user.email=test@localhost",
      "commit",
      "-qm",
      "package files",
    ], dir);
    await run("npm", ["ci", ...NPM_FLAGS], dir);
    await Deno.stat(`${dir}/node_modules/deno/package.json`);
    await run("npm", ["install", ...NPM_FLAGS], dir);
    const status = await run("git", ["status", "--porcelain"], dir);
    const diff = status ? await run("git", ["diff"], dir) : "";
    assert.equal(status, "", `npm install changed the package files:\n${diff.slice(0, 4000)}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
