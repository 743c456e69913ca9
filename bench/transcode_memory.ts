/**
 * `bench transcode_memory`: the codec commands on a gigabyte through pipes, with the peak
 * resident memory of the `phone` process (sampled from /proc) beside sox doing the same
 * conversion, in the same run. Also used by `cli/commands/transcode_stream_test.ts` with
 * a smaller size.
 * @module
 */
const MAIN = new URL("../cli/main.ts", import.meta.url).pathname;
/**
 * As `deno task phone` runs it: a small young generation (V8 semi-space 2 MiB) keeps the
 * garbage of a stream's chunks from piling up between collections.
 */
export const PHONE_COMMAND = [
  Deno.execPath(),
  "run",
  "-A",
  "--v8-flags=--max-semi-space-size=2",
  MAIN,
];

/** What one streamed run did. */
export interface StreamRun {
  readonly code: number;
  readonly inBytes: number;
  readonly outBytes: number;
  readonly seconds: number;
  readonly peakRssKb: number;
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`))?.[1] ?? 0);
  } catch {
    return 0; // gone
  }
}

/**
 * Runs a command (`phone ARGS` by default) with `bytes` of patterned input on stdin, drains
 * stdout, and samples the process's resident memory every 50 ms.
 */
export async function streamThrough(
  args: string[],
  bytes: number,
  command: string[] = PHONE_COMMAND,
): Promise<StreamRun> {
  const start = performance.now();
  const child = new Deno.Command(command[0], {
    args: [...command.slice(1), ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    env: { DENO_NO_UPDATE_CHECK: "1" },
  }).spawn();
  let peak = 0;
  const sampler = setInterval(() => peak = Math.max(peak, rssKb(child.pid)), 50);
  const block = new Uint8Array(1 << 20);
  for (let i = 0; i < block.length; i++) block[i] = (i * 7919) >> 3; // speech-like noise
  const writing = (async () => {
    const w = child.stdin.getWriter();
    for (let sent = 0; sent < bytes; sent += block.length) {
      await w.write(block.subarray(0, Math.min(block.length, bytes - sent)));
    }
    await w.close();
  })();
  let outBytes = 0;
  for await (const chunk of child.stdout) outBytes += chunk.length;
  await writing;
  const { code } = await child.status;
  clearInterval(sampler);
  return {
    code,
    inBytes: bytes,
    outBytes,
    seconds: (performance.now() - start) / 1000,
    peakRssKb: peak,
  };
}

/** Runs the benchmark: 1 GB encoded and decoded by `phone` and by sox, peak RSS each. */
export async function run(args: string[] = []): Promise<void> {
  const gb = Number(args[0] ?? 1);
  const bytes = gb * 1e9;
  const rows: string[][] = [];
  const peaks: number[] = [];
  const runs: [string, string[], number, string[]?][] = [
    ["phone encode pcmu", ["encode", "-c", "pcmu", "-", "-"], bytes],
    ["phone decode g726-16", ["decode", "-c", "g726-16", "-", "-"], bytes / 8],
    [
      "sox encode mu-law",
      [
        "-t",
        "raw",
        "-r",
        "8000",
        "-e",
        "signed",
        "-b",
        "16",
        "-c",
        "1",
        "-",
        "-t",
        "raw",
        "-e",
        "mu-law",
        "-",
      ],
      bytes,
      ["sox"],
    ],
  ];
  for (const [name, a, n, cmd] of runs) {
    const r = await streamThrough(a, n, cmd);
    peaks.push(r.peakRssKb);
    rows.push([
      name,
      `${(r.inBytes / 1e6).toFixed(0)} MB`,
      `${(r.outBytes / 1e6).toFixed(0)} MB`,
      `${r.seconds.toFixed(1)} s`,
      `${(r.peakRssKb / 1024).toFixed(1)} MiB`,
      r.code === 0 ? "ok" : `exit ${r.code}`,
    ]);
  }
  console.log("run | in | out | time | peak RSS | status");
  for (const row of rows) console.log(row.join(" | "));
  const phonePeaks = peaks.slice(0, 2);
  console.log(
    `phone peak RSS ${phonePeaks.map((kb) => (kb / 1024).toFixed(1)).join(" / ")} MiB: ${
      phonePeaks.every((kb) => kb * 1024 < 100e6) ? "under" : "OVER"
    } the 100 MB bound`,
  );
  console.log("(measured on a shared, loaded machine: times are indicative, memory is the point)");
}

if (import.meta.main) await run(Deno.args);
