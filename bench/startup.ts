/**
 * `deno task bench startup [--runs N]`: time from starting the `phone` command to its
 * first line of output, warm (after one unmeasured run), side by side with `deno run` of
 * an empty script on the same Deno in the same run. Measured for the command installed
 * from the packed tarball (`npm install -g` into a temporary prefix: the bundle), for
 * `bin/phone` in this clone (which first checks that its bundle is newer than the sources)
 * and for `deno task phone`.
 * @module
 */
import { median, percentile, printTable } from "./report.ts";

const root = new URL("../", import.meta.url).pathname;
const deno = `${root}node_modules/.bin/deno`;
const env = { DENO_NO_UPDATE_CHECK: "1" };

/** Milliseconds from spawn to the first bytes on stdout. */
async function firstOutputMs(cmd: string, args: string[], cwd: string): Promise<number> {
  const start = performance.now();
  const child = new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "null" })
    .spawn();
  const reader = child.stdout.getReader();
  const { done } = await reader.read();
  const ms = performance.now() - start;
  if (done) throw new Error(`${cmd} ${args.join(" ")} printed nothing`);
  while (!(await reader.read()).done) { /* drain */ }
  const status = await child.status;
  if (!status.success) throw new Error(`${cmd} ${args.join(" ")} exited with ${status.code}`);
  return ms;
}

async function measure(cmd: string, args: string[], cwd: string, runs: number) {
  await firstOutputMs(cmd, args, cwd); // warm the caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await firstOutputMs(cmd, args, cwd));
  return { median: median(times), p90: percentile(times, 90) };
}

async function installTarball(dir: string): Promise<string> {
  const npm = (args: string[], cwd: string) =>
    new Deno.Command("npm", { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const packed = await npm(["pack", "--json", "--pack-destination", dir], root);
  if (!packed.success) {
    throw new Error(`npm pack failed: ${new TextDecoder().decode(packed.stderr)}`);
  }
  const text = new TextDecoder().decode(packed.stdout);
  const [{ filename }] = JSON.parse(text.slice(text.indexOf("[")));
  const flags = ["--prefer-offline", "--no-audit", "--no-fund"];
  const installed = await npm(["install", "-g", "--prefix", `${dir}/g`, ...flags, filename], dir);
  if (!installed.success) throw new Error(new TextDecoder().decode(installed.stderr));
  return `${dir}/g/bin/phone`;
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<void> {
  const i = args.indexOf("--runs");
  const runs = i >= 0 ? Number(args[i + 1]) : 10;
  if (!(runs >= 1)) throw new Error(`--runs must be a positive number, not "${args[i + 1]}"`);
  const dir = await Deno.makeTempDir({ prefix: "phone-startup-" });
  try {
    const empty = `${dir}/empty.ts`;
    await Deno.writeTextFile(empty, 'console.log("");\n');
    const installed = await installTarball(dir);
    const cwd = `${dir}`;
    const cases: [string, string, string[], string][] = [
      ["deno run empty.ts (reference)", deno, ["run", "--no-config", empty], cwd],
      ["phone --version (installed tarball)", installed, ["--version"], cwd],
      ["phone --help (installed tarball)", installed, ["--help"], cwd],
      ["bin/phone --version (clone: checks sources, runs bundle)", `${root}bin/phone`, [
        "--version",
      ], cwd],
      ["deno task phone --version (before)", deno, ["task", "phone", "--version"], root],
    ];
    const rows: (string | number)[][] = [];
    let reference = 0;
    for (const [name, cmd, cmdArgs, where] of cases) {
      const m = await measure(cmd, cmdArgs, where, runs);
      if (!reference) reference = m.median;
      rows.push([name, m.median, m.p90, m.median / reference, m.median <= 700 ? "yes" : "no"]);
    }
    console.log(`warm start-up to first output, ${runs} runs each (${Deno.build.target})`);
    printTable(["command", "median ms", "p90 ms", "x empty", "<= 700 ms"], rows);
    console.log(`load average: ${Deno.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
