// The codec package as a user gets it: `npm pack`, installed from the tarball in a fresh
// directory, used from Node, type-checked by TypeScript, and loaded by a page in headless
// Chromium; each gives the same bytes as the sources do in Deno.
import assert from "node:assert/strict";
import * as sources from "./src/index.ts";
import { probe } from "./testdata/probe.mjs";
import { launchChromium, serveFiles } from "../../harness/browser/chromium.ts";

const here = new URL("./", import.meta.url).pathname;
const root = new URL("../../", import.meta.url).pathname;
const decoder = new TextDecoder();
const NAME = "simple-internet-phone-codecs";

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { DENO_NO_UPDATE_CHECK: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = decoder.decode(out.stdout);
  assert.equal(
    out.code,
    0,
    `${cmd} ${args.join(" ")} (in ${cwd}):\n${text}${decoder.decode(out.stderr)}`,
  );
  return text;
}

const CONSUMER_TS = `
import { findCodec, Playout, type Codec, type PlayoutStats, VERSION } from "${NAME}";
const codec: Codec = findCodec("pcma");
const encoder = await codec.createEncoder();
const payload: Uint8Array = encoder.encode(new Int16Array(160));
const playout = await Playout.create({ decode: (p: Uint8Array) => new Int16Array(p.length) });
playout.put({ sequence: 1, timestamp: 0, ssrc: 1, marker: true, samples: 160 }, 0, payload);
const stats: PlayoutStats = playout.stats();
const version: string = VERSION;
// @ts-expect-error: a codec name is a string, not a number of samples
const wrong: number = codec.name;
export { stats, version, wrong };
`;

Deno.test("the codec package from its tarball works in Node, TypeScript and Chromium", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "phone-codecs-pkg-" });
  try {
    const packed = await ok("npm", ["pack", "--json", "--pack-destination", dir], here);
    const [info] = JSON.parse(packed.slice(packed.indexOf("[")));
    const files: string[] = info.files.map((f: { path: string }) => f.path);
    assert.ok(files.includes("dist/index.mjs") && files.includes("dist/index.d.ts"), String(files));
    assert.ok(files.some((f) => /^dist\/chunks\/g711-.*\.mjs$/.test(f)), "no G.711 chunk");
    const app = `${dir}/app`;
    await Deno.mkdir(app);
    await Deno.writeTextFile(
      `${app}/package.json`,
      '{ "name": "app", "private": true, "type": "module" }\n',
    );
    await ok("npm", [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      `${dir}/${info.filename}`,
    ], app);
    await Deno.copyFile(`${here}testdata/probe.mjs`, `${app}/probe.mjs`);
    const expected = JSON.parse(JSON.stringify(await probe(sources)));
    assert.deepEqual(Object.keys(expected.codecs), sources.codecs.map((c) => c.name));
    assert.ok(
      expected.playout.concealed > 0 && expected.playout.samples > 0,
      "playout did nothing",
    );

    await t.step("Node imports it by name and gets the same bytes", async () => {
      const script = `import * as m from "${NAME}"; import { probe } from "./probe.mjs";` +
        `console.log(JSON.stringify(await probe(m)));`;
      const out = await ok("node", ["--input-type=module", "-e", script], app);
      assert.deepEqual(JSON.parse(out), expected);
    });

    await t.step("its declarations type-check a consumer (and catch a type error)", async () => {
      await Deno.writeTextFile(`${app}/use.ts`, CONSUMER_TS);
      const tsc = `${root}node_modules/typescript/bin/tsc`;
      await Deno.writeTextFile(
        `${app}/tsconfig.json`,
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: "es2022",
            module: "nodenext",
            moduleResolution: "nodenext",
            lib: ["es2022", "dom"],
            types: [],
          },
          files: ["use.ts"],
        }),
      );
      await ok("node", [tsc, "-p", "."], app);
    });

    await t.step("a page in headless Chromium loads it and gets the same bytes", async () => {
      await Deno.writeTextFile(
        `${app}/index.html`,
        `<!doctype html><script type="importmap">{"imports":{"${NAME}":` +
          `"./node_modules/${NAME}/dist/index.mjs"}}</script>` +
          `<script type="module">import * as m from "${NAME}"; import { probe } from "./probe.mjs";` +
          `probe(m).then((r) => window.result = r, (e) => window.failure = String(e));</script>`,
      );
      const site = serveFiles(app);
      const chromium = await launchChromium();
      try {
        const page = await chromium.browser.newPage();
        await page.goto(`${site.url}index.html`);
        await page.waitForFunction("window.result || window.failure", { timeout: 60_000 });
        assert.equal(await page.evaluate("window.failure"), undefined);
        assert.deepEqual(await page.evaluate("window.result"), expected);
      } finally {
        await chromium.close();
        await site.close();
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
