/**
 * The whole check, as `npm test` runs it: system packages, build, format, lint,
 * unit tests, conformance. Prints one closing line `N passed, N failed`.
 * @module
 */
const root = new URL("../", import.meta.url).pathname;
// Every Deno this starts (tests spawn more) inherits it: no update check over the network.
Deno.env.set("DENO_NO_UPDATE_CHECK", "1");
const deno = Deno.execPath();
const decoder = new TextDecoder();

let passed = 0;
let failed = 0;

async function step(name: string, cmd: string, args: string[], env?: Record<string, string>) {
  console.log(`\n== ${name}: ${cmd} ${args.join(" ")}`);
  const child = new Deno.Command(cmd, { args, cwd: root, env, stdout: "piped", stderr: "inherit" })
    .spawn();
  let out = "";
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk);
    out += text;
    await Deno.stdout.write(chunk);
  }
  const { code } = await child.status;
  return { ok: code === 0, out };
}

async function missingPackages(): Promise<string[]> {
  const wanted = (await Deno.readTextFile(`${root}.ci/system-packages.txt`))
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const missing: string[] = [];
  for (const pkg of wanted) {
    const q = await new Deno.Command("dpkg-query", {
      args: ["-W", "-f=${Status}", pkg],
      stdout: "piped",
      stderr: "null",
    })
      .output();
    if (!decoder.decode(q.stdout).includes("install ok installed")) missing.push(pkg);
  }
  return missing;
}

async function installSystemPackages(): Promise<boolean> {
  const missing = await missingPackages();
  if (missing.length === 0) return true;
  if (Deno.uid() !== 0) {
    console.error(
      `missing Debian packages: ${missing.join(" ")}\ninstall them with: sudo apt-get install ${
        missing.join(" ")
      }`,
    );
    return false;
  }
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await step("apt-get update", "apt-get", ["update", "-qq"], env);
  const r = await step("apt-get install", "apt-get", [
    "install",
    "-y",
    "-qq",
    "--no-install-recommends",
    ...missing,
  ], env);
  return r.ok;
}

function count(ok: boolean) {
  ok ? passed++ : failed++;
}

async function main() {
  count(await installSystemPackages());
  count((await step("build", deno, ["run", "-A", "codecs-as/build.ts"])).ok);
  count((await step("format", deno, ["fmt", "--check"])).ok);
  count((await step("lint", deno, ["lint"])).ok);
  // The whole repository (AssemblyScript sources excluded in deno.json), then every doc example.
  count((await step("type-check", deno, ["check", "--quiet", "."])).ok);
  count((await step("doc examples", deno, ["check", "--quiet", "--doc-only", "."])).ok);

  const junit = `${root}build/junit.xml`;
  await Deno.mkdir(`${root}build`, { recursive: true });
  const tests = await step("unit tests", deno, [
    "test",
    "-A",
    "--parallel",
    `--junit-path=${junit}`,
  ]);
  try {
    const xml = await Deno.readTextFile(junit);
    const m = xml.match(/<testsuites[^>]*tests="(\d+)"[^>]*failures="(\d+)"[^>]*errors="(\d+)"/);
    if (!m) throw new Error("no totals in the JUnit report");
    const total = Number(m[1]), bad = Number(m[2]) + Number(m[3]);
    passed += total - bad;
    failed += bad;
    if (!tests.ok && bad === 0) failed++; // the run failed outside any test (type check, load)
  } catch (e) {
    console.error(`unit tests: ${(e as Error).message}`);
    failed++;
  }

  const conf = await step("conformance", deno, [
    "run",
    "--allow-read",
    "--allow-env",
    "conformance/main.ts",
  ]);
  const m = conf.out.match(/conformance: (\d+) passed, (\d+) failed/);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (!conf.ok && (!m || Number(m[2]) === 0)) failed++;

  console.log(`\n${passed} passed, ${failed} failed`);
  Deno.exit(failed ? 1 : 0);
}

await main();
