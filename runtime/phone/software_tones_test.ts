import assert from "node:assert/strict";
import { softwareTones, TONE_COUNTRIES } from "./software_tones.ts";
import { DtmfDetector } from "../dsp/dtmf_detector.ts";

function energy(pcm: Int16Array): number {
  return pcm.reduce((a, s) => a + s * s, 0) / pcm.length;
}

Deno.test("US ring-back rings 2 s and pauses 4 s; busy is on and off every half second", async () => {
  const tones = await softwareTones("us");
  const ring = tones.callProgress("ringback");
  assert.ok(energy(ring.next(8000)) > 1e5, "ringing in the first second");
  ring.next(8000 + 4000);
  assert.equal(energy(ring.next(4000)), 0, "silent at 3 s");
  const busy = tones.callProgress("busy");
  assert.ok(energy(busy.next(3000)) > 1e5);
  busy.next(1000);
  assert.equal(energy(busy.next(3000).subarray(200, 2800)), 0, "off 0.5-0.85 s");
  tones.close();
});

Deno.test("in-band DTMF digits are finite and detected as the digits sent", async () => {
  const tones = await softwareTones("uk");
  const detector = await DtmfDetector.create();
  const heard: string[] = [];
  for (const digit of "159#") {
    const source = tones.dtmf(digit);
    while (!source.finished) {
      for (const e of detector.process(source.next(160))) if (e.kind === "start") heard.push(e.key);
    }
  }
  assert.deepEqual(heard.join(""), "159#");
  tones.close();
  detector.close();
});

Deno.test("unknown countries are refused with the known ones", async () => {
  assert.ok(TONE_COUNTRIES.includes("jp") && TONE_COUNTRIES.includes("cept"));
  await assert.rejects(() => softwareTones("xx"), /no tones for "xx"; known: /);
});
