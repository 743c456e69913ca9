// The browser demo in headless Chromium with a fake microphone playing a WAV file: the
// page runs microphone -> encoder -> lossy, jittery network -> playout -> speaker, and
// what it plays follows the file. A screenshot is kept in build/screenshots/.
import assert from "node:assert/strict";
import { buildPackage } from "../../packages/codecs/build.ts";
import { serveDemo } from "./serve.ts";
import { launchChromium } from "../../harness/browser/chromium.ts";
import { parseWav } from "../../runtime/audio/wav.ts";
import { envelopeMatch } from "../../runtime/dsp/signal_compare.ts";

const root = new URL("../../", import.meta.url).pathname;
const WAV = `${root}cli/assets/hello.wav`;

function looped(pcm: Int16Array, times: number): Int16Array {
  const out = new Int16Array(pcm.length * times);
  for (let i = 0; i < times; i++) out.set(pcm, i * pcm.length);
  return out;
}

Deno.test("the demo page plays what the microphone hears, through loss and jitter", async () => {
  const dir = await Deno.makeTempDir({ prefix: "phone-demo-web-" });
  const dist = await buildPackage(`${dir}/pkg`);
  const { url, server } = serveDemo(dist, 0);
  const chromium = await launchChromium([
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-audio-capture=${WAV}`,
    "--autoplay-policy=no-user-gesture-required",
  ]);
  try {
    const page = await chromium.browser.newPage();
    await page.setViewport({ width: 900, height: 800 });
    await page.goto(`${url}?codec=pcmu&loss=5&jitter=60&autostart=1`);
    await page.waitForFunction(
      "window.demo && (window.demo.state.startsWith('failed') || (window.demo.stats().played > 600))",
      { timeout: 90_000, polling: 250 },
    );
    const state = await page.evaluate("window.demo.state") as string;
    assert.equal(state, "running", state);
    const stats = await page.evaluate("window.demo.stats()") as Record<string, number>;
    assert.ok(stats.received > 500 && stats.droppedByNetwork > 0, JSON.stringify(stats));
    assert.ok(stats.concealed > 0, `losses were not concealed: ${JSON.stringify(stats)}`);
    await Deno.mkdir(`${root}build/screenshots`, { recursive: true });
    await page.screenshot({ path: `${root}build/screenshots/demo-web.png` });

    const heard = Int16Array.from(
      await page.evaluate("Array.from(window.demo.heard.all().slice(-10 * 8000))") as number[],
    );
    const input = parseWav(await Deno.readFile(WAV)).samples;
    // The fake microphone loops the file from an unknown point: find the heard stretch in
    // three copies of it by the loudness contour.
    const loop = looped(input, 3);
    const match = envelopeMatch(heard, loop, (2 * input.length) / 8);
    const reversed = looped(input.slice().reverse(), 3);
    const control = envelopeMatch(heard, reversed, (2 * input.length) / 8);
    const captured = Int16Array.from(
      await page.evaluate("Array.from(window.demo.captured.all().slice(-10 * 8000))") as number[],
    );
    const mic = envelopeMatch(captured, loop, (2 * input.length) / 8);
    // The fake microphone delivers the file (its own check), and the speaker follows it
    // clearly better than it follows the same speech backwards (an unrelated signal with the
    // same loudness statistics): on this loaded machine the audio thread stalls at times,
    // so the bar is relative, not a fixed waveform match.
    const report = `played vs file ${match.correlation.toFixed(2)}, vs reversed file ` +
      `${control.correlation.toFixed(2)}, microphone vs file ${mic.correlation.toFixed(2)}`;
    assert.ok(mic.correlation > 0.7, `the fake microphone did not play the file: ${report}`);
    assert.ok(
      match.correlation > 0.45 && match.correlation > control.correlation + 0.1,
      `the page played something else: ${report}`,
    );
  } finally {
    await chromium.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
