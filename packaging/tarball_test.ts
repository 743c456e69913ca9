// The packed tarball, installed as a user would in a fresh directory, gives a `phone`
// command that works from anywhere: `npm install -g` (into a private prefix) and `npx`.
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { findCodec } from "../runtime/codecs/mod.ts";
import { parseWav } from "../runtime/audio/wav.ts";
import { envelopeMatch } from "../runtime/dsp/signal_compare.ts";

const root = new URL("../", import.meta.url).pathname;
const decoder = new TextDecoder();
const pkg = JSON.parse(await Deno.readTextFile(`${root}package.json`));
const env = { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(cmd: string, args: string[], cwd: string): Promise<Result> {
  const out = await new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" })
    .output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await run(cmd, args, cwd);
  assert.equal(r.code, 0, `${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const NPM = ["--prefer-offline", "--no-audit", "--no-fund"];

/** `npm pack` into `dir` (prepack builds the codecs and the bundle); the tarball's path. */
async function pack(dir: string): Promise<string> {
  const out = await ok("npm", ["pack", "--json", "--pack-destination", dir], root);
  const [info] = JSON.parse(out.slice(out.indexOf("[")));
  const files = info.files.map((f: { path: string }) => f.path);
  for (const need of ["bin/phone", "dist/phone.mjs", "runtime/codecs/wasm/build.json"]) {
    assert.ok(files.includes(need), `${need} is not in the tarball: ${files.join(" ")}`);
  }
  assert.ok(!files.some((f: string) => f.endsWith("_test.ts")), "tests are packed");
  return `${dir}/${info.filename}`;
}

function checkVersion(text: string) {
  const lines = text.trim().split("\n");
  assert.equal(lines[0], `phone ${pkg.version}`);
  assert.match(lines[1], new RegExp(`^deno ${pkg.dependencies.deno.replaceAll(".", "\\.")} `));
  assert.match(lines[2], /^codecs build [0-9a-f]{12} \(assemblyscript [\d.]+; .*g711/);
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket("udp4");
    s.once("error", reject);
    s.bind(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForLine(stream: ReadableStream<Uint8Array>, pattern: RegExp, seen: string[]) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`ended before ${pattern}:\n${text}`);
    text += decoder.decode(value, { stream: true });
  }
  seen.push(text);
  // Keep draining so the child never blocks on a full pipe.
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen.push(decoder.decode(value, { stream: true }));
    }
  })();
}

/** One call over loopback between two `phone` processes, with relative file names. */
async function loopbackCall(phone: string, cwd: string) {
  const port = await freeUdpPort();
  const callee = new Deno.Command(phone, {
    args: ["listen", "--bind", "127.0.0.1", "--port", String(port), "-a", "--json", "-s", "null"]
      .concat(["--record", "heard.wav", "--duration", "60"]),
    cwd,
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const calleeOut: string[] = [];
  try {
    await waitForLine(callee.stdout, /"to":"open"/, calleeOut);
    await ok(phone, ["call", `127.0.0.1:${port}`, "--file", "hello.wav", "--plain"], cwd);
  } finally {
    callee.kill("SIGTERM");
  }
  const status = await callee.status;
  const stderr = decoder.decode(await new Response(callee.stderr).arrayBuffer());
  assert.equal(status.code, 0, `callee: ${calleeOut.join("")}${stderr}`);
  const sent = parseWav(await Deno.readFile(`${cwd}/hello.wav`)).samples;
  const heard = parseWav(await Deno.readFile(`${cwd}/heard.wav`)).samples;
  // Real-time pacing on a loaded machine moves the jitter buffer about: the loudness
  // contour, not the waveform, shows that the speech went through (silence gives ~0).
  const { correlation } = envelopeMatch(sent, heard, 30_000); // recorded from listen on
  assert.ok(correlation > 0.6, `the callee heard something else: correlation ${correlation}`);
  assert.ok(heard.length > sent.length / 2, `the callee heard ${heard.length} samples`);
}

Deno.test("the packed tarball installs a phone command that works from any directory", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "phone-tarball-" });
  try {
    const tarball = await pack(dir);
    const work = `${dir}/elsewhere`;
    await Deno.mkdir(work);
    await Deno.copyFile(`${root}cli/assets/hello.wav`, `${work}/hello.wav`);

    await t.step("npm install -g (a private prefix, install scripts off)", async () => {
      await ok("npm", ["install", "-g", "--prefix", `${dir}/global`, ...NPM, tarball], dir);
    });
    const phone = `${dir}/global/bin/phone`;

    await t.step("phone --version and -V", async () => {
      checkVersion(await ok(phone, ["--version"], work));
      checkVersion(await ok(phone, ["-V"], work));
    });

    await t.step("a mistyped command is an error with a suggestion, not a call", async () => {
      const r = await run(phone, ["lisen"], work);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /unknown command "lisen" \(did you mean "listen"\?\)/);
      assert.doesNotMatch(r.stdout + r.stderr, /calling/);
    });

    await t.step("phone encode and decode with paths relative to the caller", async () => {
      await ok(phone, ["encode", "--codec", "pcmu", "hello.wav", "hello.ulaw"], work);
      await ok(phone, ["decode", "--codec", "pcmu", "hello.ulaw", "back.wav"], work);
      const pcm = parseWav(await Deno.readFile(`${work}/hello.wav`)).samples;
      const encoder = await findCodec("pcmu").createEncoder();
      assert.deepEqual(await Deno.readFile(`${work}/hello.ulaw`), encoder.encode(pcm));
      encoder.close();
      assert.equal(parseWav(await Deno.readFile(`${work}/back.wav`)).samples.length, pcm.length);
    });

    await t.step("a call over loopback between two installed phones", async () => {
      await loopbackCall(phone, work);
    });

    await t.step("npx --package TARBALL phone --version", async () => {
      const cache = (await ok("npm", ["config", "get", "cache"], dir)).trim();
      const before = new Set(await names(`${cache}/_npx`));
      try {
        const out = await ok("npx", ["--yes", ...NPM, "--package", tarball, "phone", "-V"], work);
        checkVersion(out);
      } finally {
        // npx keeps what it installed (with a 95 MB Deno) under the cache: take ours away.
        for (const name of await names(`${cache}/_npx`)) {
          if (!before.has(name)) await Deno.remove(`${cache}/_npx/${name}`, { recursive: true });
        }
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function names(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
  } catch {
    return [];
  }
}
