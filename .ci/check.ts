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

/** Failed test names, printed again just above the closing count so a short log shows them. */
const failures: string[] = [];

/** Runs `deno test` with `args`, adding its JUnit totals and failed test names to the counts. */
async function unitTests(name: string, args: string[], tag: string) {
  const junit = `${root}build/junit-${tag}.xml`;
  const run = await step(name, deno, ["test", "-A", `--junit-path=${junit}`, ...args]);
  try {
    const xml = await Deno.readTextFile(junit);
    const m = xml.match(/<testsuites[^>]*tests="(\d+)"[^>]*failures="(\d+)"[^>]*errors="(\d+)"/);
    if (!m) throw new Error("no totals in the JUnit report");
    const total = Number(m[1]), bad = Number(m[2]) + Number(m[3]);
    passed += total - bad;
    failed += bad;
    failures.push(...failedCases(xml));
    if (!run.ok && bad === 0) { // the run failed outside any test (type check, load)
      failed++;
      failures.push(`${name}: deno test exited non-zero outside any test`);
    }
  } catch (e) {
    console.error(`${name}: ${(e as Error).message}`);
    failures.push(`${name}: ${(e as Error).message}`);
    failed++;
  }
}

/** `file => test name` of each test case that has a <failure> or <error> in a JUnit report. */
function failedCases(xml: string): string[] {
  const out: string[] = [];
  const re = /<testcase\s([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    if (!m[3] || !/<(failure|error)\b/.test(m[3])) continue;
    const attr = (k: string) => m[1].match(new RegExp(`${k}="([^"]*)"`))?.[1] ?? "?";
    out.push(`${attr("classname")} => ${unescapeXml(attr("name"))}`);
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function count(name: string, ok: boolean) {
  ok ? passed++ : failed++;
  if (!ok) failures.push(name);
}

async function main() {
  count("system packages", await installSystemPackages());
  count("build", (await step("build", deno, ["run", "-A", "codecs-as/build.ts"])).ok);
  count("format", (await step("format", deno, ["fmt", "--check"])).ok);
  count("lint", (await step("lint", deno, ["lint"])).ok);
  // The whole repository (AssemblyScript sources excluded in deno.json), then every doc example.
  count("type-check", (await step("type-check", deno, ["check", "--quiet", "."])).ok);
  count(
    "doc examples",
    (await step("doc examples", deno, ["check", "--quiet", "--doc-only", "."])).ok,
  );

  await Deno.mkdir(`${root}build`, { recursive: true });
  // Tests that run phones, namespaces, browsers and exchanges in real time go one file at a time:
  // two of them side by side on a 2-core machine starve each other's 20 ms media clocks.
  const serial = (await Deno.readTextFile(`${root}.ci/serial-tests.txt`))
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  await unitTests("unit tests (parallel)", ["--parallel", `--ignore=${serial.join(",")}`], "fast");
  await unitTests("real-time tests (one file at a time)", serial, "serial");
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
  if (m && Number(m[2]) > 0) failures.push(`conformance: ${m[2]} vector(s) failed`);

  if (failures.length) console.log(`\nfailed:\n${failures.map((f) => `  ${f}`).join("\n")}`);

  console.log(`\n${passed} passed, ${failed} failed`);
  Deno.exit(failed ? 1 : 0);
}

await main();
