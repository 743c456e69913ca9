// The configuration page in a real browser: Debian's Chromium, headless, driven by
// puppeteer-core (no browser is downloaded). A person sets the password, logs in, gets a
// form wrong and is told what, changes settings, adds a quick dial, and watches a call
// come in, get answered and end, live, without reloading. Screenshots go to
// build/screenshots/ for review.
import assert from "node:assert/strict";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { openLine } from "../audio/registry.ts";
import { Phone } from "../phone/phone.ts";
import { UdpTransports } from "../phone/udp_transport.ts";
import { TaStore } from "./store.ts";
import { TerminalAdapter } from "./terminal_adapter.ts";
import { taWebApp } from "./web.ts";

// What page functions touch in the browser, typed here without the DOM library (which
// would change the global types of every module checked with this one).
type Dom = {
  document: { querySelector(s: string): { textContent: string | null } | null };
};
type Input = { value: string };

const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";
const SHOTS = new URL("../../build/screenshots/", import.meta.url).pathname;

async function chromiumPresent(): Promise<boolean> {
  try {
    await Deno.stat(CHROMIUM);
    return true;
  } catch {
    return false;
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await Deno.mkdir(SHOTS, { recursive: true });
  const path = `${SHOTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}

async function waitText(page: Page, selector: string, text: string, timeoutMs = 10000) {
  await page.waitForFunction(
    (s: string, t: string) =>
      (globalThis as unknown as Dom).document.querySelector(s)?.textContent?.trim() === t,
    { timeout: timeoutMs },
    selector,
    text,
  );
}

Deno.test({
  name: "configuration page in Chromium: password, settings, phone book, a call seen live",
  ignore: !(await chromiumPresent()) && Deno.env.get("CI") !== "true",
  sanitizeResources: false, // the browser's pipes outlive single steps
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "ta-web-" });
    const port = 20000 + Math.floor(Math.random() * 20000);
    const store = TaStore.open(`${dir}/ta.sqlite`);
    const ta = await TerminalAdapter.start({
      store,
      openLine: () => openLine({ kind: "null", frameMs: 10 }),
      listen: { address: "127.0.0.1", port },
    });
    const app = taWebApp({ ta, store });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req, info) => app.fetch(req, { remoteAddr: info.remoteAddr }),
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    const profile = await Deno.makeTempDir({ prefix: "ta-chromium-" });
    let browser: Browser | undefined;
    const caller = await Phone.create({
      line: await openLine({ kind: "null", frameMs: 10 }),
      transports: new UdpTransports(),
    });
    const callerRunning = caller.run();
    try {
      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        userDataDir: profile,
        headless: true,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-dev-shm-usage",
        ],
      });
      const page = await browser.newPage();
      await page.setViewport({ width: 1100, height: 900 });

      // First start: the password is set here, from this machine.
      await page.goto(`${base}/`);
      assert.match(page.url(), /\/setup$/);
      await page.type("#password", "short");
      await page.type("#repeat", "short");
      await Promise.all([page.waitForNavigation(), page.click("#set-password")]);
      assert.match(await page.$eval("#err-password", (e) => e.textContent ?? ""), /at least 10/);
      await page.type("#password", "a telephone password");
      await page.type("#repeat", "a telephone password");
      await Promise.all([page.waitForNavigation(), page.click("#set-password")]);
      assert.match(page.url(), /\/status$/);
      assert.ok(store.passwordHash()?.startsWith("scrypt$"));

      // Log out and in again; a wrong password is refused.
      await Promise.all([page.waitForNavigation(), page.click("#logout")]);
      assert.match(page.url(), /\/login$/);
      await page.type("#password", "not the password");
      await Promise.all([page.waitForNavigation(), page.click("#login")]);
      assert.equal(await page.$eval("#err-password", (e) => e.textContent), "wrong password");
      await page.type("#password", "a telephone password");
      await Promise.all([page.waitForNavigation(), page.click("#login")]);
      assert.match(page.url(), /\/status$/);

      // Settings: a wrong value is named and nothing is saved; then a good change sticks.
      await page.goto(`${base}/settings`);
      const setField = async (id: string, value: string) => {
        await page.$eval(`#${id}`, (e, v) => (e as unknown as Input).value = v as string, value);
      };
      await setField("jitterMaxMs", "20");
      await setField("codecs", "pcmu, opus");
      await Promise.all([page.waitForNavigation(), page.click("#save-settings")]);
      assert.match(await page.$eval("#err-jitterMaxMs", (e) => e.textContent ?? ""), /lower bound/);
      assert.match(await page.$eval("#err-codecs", (e) => e.textContent ?? ""), /opus/);
      await shot(page, "ta-settings-errors");
      assert.equal(store.settings().jitterMaxMs, 300);
      await setField("jitterMaxMs", "250");
      await setField("codecs", "pcma, pcmu");
      await page.select("#toneCountry", "jp");
      await Promise.all([page.waitForNavigation(), page.click("#save-settings")]);
      await page.waitForSelector("#saved");
      assert.equal(store.settings().jitterMaxMs, 250);
      assert.equal(store.settings().toneCountry, "jp");
      assert.deepEqual(store.settings().codecs, ["pcma", "pcmu"]);
      await shot(page, "ta-settings-saved");

      // Phone book: a bad entry is explained; a good one is listed and served as white pages.
      await page.goto(`${base}/book`);
      await page.type("#book-name", "Bob");
      await page.type("#book-quick", "123");
      await page.type("#book-url", "http://not-a-session");
      await Promise.all([page.waitForNavigation(), page.click("#add-entry")]);
      assert.match(await page.$eval("#err-quick", (e) => e.textContent ?? ""), /1 or 2 digits/);
      assert.match(await page.$eval("#err-url", (e) => e.textContent ?? ""), /iphone:/);
      await page.$eval("#book-quick", (e) => (e as unknown as Input).value = "2");
      await page.$eval("#book-number", (e) => (e as unknown as Input).value = "555-0107");
      await page.$eval(
        "#book-url",
        (e) => (e as unknown as Input).value = "iphone://bob.example/0",
      );
      await Promise.all([page.waitForNavigation(), page.click("#add-entry")]);
      assert.match(await page.$eval("#book", (e) => e.textContent ?? ""), /Bob/);
      await shot(page, "ta-phone-book");
      const wp = await fetch(`${base}/?5550107`);
      assert.equal(wp.headers.get("content-type"), "application/x-iphone-url");
      assert.equal((await wp.text()).trim(), "iphone://bob.example/0");

      // Status: a call comes in and is seen live (server-sent events, no reload).
      await page.goto(`${base}/status`);
      assert.match(await page.$eval("#own-url", (e) => e.getAttribute("href") ?? ""), /^iphone:/);
      await waitText(page, "#live-state", "idle");
      await caller.call(`iphone://127.0.0.1:${port}/8`);
      await waitText(page, "#live-state", "ringing");
      await waitText(page, "#live-handset", "ringing");
      ta.controller.hook(true); // the person lifts the handset
      await waitText(page, "#live-state", "talking");
      await waitText(page, "#live-codec", "pcma");
      await page.waitForFunction(
        () =>
          Number(
            (globalThis as unknown as Dom).document.querySelector("#live-packetsReceived")
              ?.textContent,
          ) > 20,
        { timeout: 10000 },
      );
      assert.notEqual(await page.$eval("#live-mos", (e) => e.textContent), "–");
      await shot(page, "ta-status-live-call");
      caller.hangUp();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as Dom).document.querySelector("#history")?.textContent?.includes(
            "answered",
          ),
        { timeout: 15000 },
      );
      ta.controller.hook(false);
      await waitText(page, "#live-state", "idle");
      await shot(page, "ta-status-history");
    } finally {
      await browser?.close();
      await caller.close();
      await callerRunning;
      await ta.close();
      await server.shutdown();
      store.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
});
