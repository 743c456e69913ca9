/**
 * Headless Chromium for tests: Debian's `/usr/bin/chromium` (or `$CHROMIUM`) driven by
 * puppeteer-core, never a downloaded browser, with a throwaway profile and nothing that
 * talks to the network on its own; and a static file server on an ephemeral loopback port.
 *
 * @example
 * ```ts
 * const site = serveFiles("/tmp/site");
 * const chromium = await launchChromium();
 * const page = await chromium.browser.newPage();
 * await page.goto(`${site.url}index.html`);
 * await chromium.close();
 * await site.close();
 * ```
 * @module
 */
import puppeteer, { type Browser } from "puppeteer-core";

/** The browser binary: `$CHROMIUM` or Debian's package. */
export function chromiumPath(): string {
  return Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";
}

const QUIET_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** A running browser and how to stop it (and remove its profile). */
export interface Chromium {
  browser: Browser;
  close(): Promise<void>;
}

/** Starts Chromium with `args` added to the quiet defaults. */
export async function launchChromium(args: string[] = []): Promise<Chromium> {
  const profile = await Deno.makeTempDir({ prefix: "phone-chromium-" });
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...QUIET_FLAGS, `--user-data-dir=${profile}`, ...args],
      protocolTimeout: 120_000,
    });
  } catch (e) {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
    throw new Error(`cannot start ${chromiumPath()}: ${(e as Error).message}`);
  }
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript",
  mjs: "text/javascript",
  json: "application/json",
  wasm: "application/wasm",
  wav: "audio/wav",
  css: "text/css",
  png: "image/png",
};

/** A static file server for `dir` on 127.0.0.1, ephemeral port. */
export function serveFiles(dir: string): { url: string; close(): Promise<void> } {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.split("/").includes("..")) return new Response("bad path", { status: 400 });
    const file = `${dir}${path.endsWith("/") ? `${path}index.html` : path}`;
    try {
      const body = await Deno.readFile(file);
      const type = TYPES[file.split(".").pop() ?? ""] ?? "application/octet-stream";
      return new Response(body, { headers: { "content-type": type } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  const { port } = server.addr as Deno.NetAddr;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.shutdown() };
}
