import assert from "node:assert/strict";
import { runDemo } from "./demo.ts";
import { parseWav } from "../../runtime/audio/wav.ts";

Deno.test("the demo call delivers the spoken sample intact and says how to listen", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/heard.wav`;
  const log = console.log;
  console.log = () => {};
  let summary: string;
  try {
    summary = await runDemo({ codec: "pcmu", out });
  } finally {
    console.log = log;
  }
  const contour = /loudness contour matches the original at ([\d.]+)/.exec(summary);
  assert.ok(contour && Number(contour[1]) > 0.9, summary);
  const m = /waveform intact in (\d+) of (\d+) voiced/.exec(summary);
  assert.ok(m, summary);
  assert.ok(Number(m[1]) >= 0.9 * Number(m[2]) && Number(m[2]) >= 40, summary); // PCMU keeps it
  assert.match(summary, /Listen with: aplay /);
  assert.ok(parseWav(await Deno.readFile(out)).samples.length > 5 * 8000);
  await Deno.remove(dir, { recursive: true });
});
