import assert from "node:assert/strict";
import { frameSamplesFor, isRawFrameLine, LineError } from "./line.ts";
import { openNullLine } from "./null_line.ts";

Deno.test("frame durations convert to whole 8 kHz sample counts or are refused", () => {
  assert.equal(frameSamplesFor("x", 20), 160);
  assert.equal(frameSamplesFor("x", 30), 240);
  assert.equal(frameSamplesFor("x", 0.125), 1);
  assert.throws(() => frameSamplesFor("dev", 0.1), /^LineError: dev: frame of 0.1 ms/);
  assert.throws(() => frameSamplesFor("dev", 0), /not a whole number/);
  assert.throws(() => frameSamplesFor("dev", 2000), /between 1 and 8000/);
});

Deno.test("LineError names the device first", () => {
  const e = new LineError("alsa:hw:0", "busy");
  assert.equal(e.message, "alsa:hw:0: busy");
  assert.equal(e.device, "alsa:hw:0");
  assert.equal(e.name, "LineError");
});

Deno.test("a line without coded frames is no RawFrameLine", async () => {
  const line = openNullLine({ kind: "null" });
  assert.equal(isRawFrameLine(line), false);
  await line.close();
});
