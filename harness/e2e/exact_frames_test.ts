import assert from "node:assert/strict";
import { exactFrames } from "./exact_frames.ts";

const tone = (n: number) =>
  Int16Array.from({ length: n }, (_, i) => Math.round(3000 * Math.sin(i / 7)));

Deno.test("exact frames: a delayed copy is exact, a changed sample is not, quiet is not counted", () => {
  const sent = tone(1600);
  sent.fill(0, 800, 880); // one quiet frame
  const heard = new Int16Array(2000);
  heard.set(sent, 321);
  assert.deepEqual(
    { ...exactFrames(sent, heard) },
    { voiced: 19, exact: 19, map: "==========.=========" },
  );
  heard[321 + 85] += 1; // one sample of frame 1
  const r = exactFrames(sent, heard);
  assert.equal(r.exact, 18);
  assert.equal(r.map[1], "X");
  assert.equal(exactFrames(sent, heard, { frames: 5 }).voiced, 5);
});

Deno.test("exact frames: the delay may change between frames (moved in a pause)", () => {
  const sent = tone(1600);
  const heard = new Int16Array(2400);
  heard.set(sent.subarray(0, 800), 100);
  heard.set(sent.subarray(800), 1000); // 100 samples more delay from frame 10 on
  assert.equal(exactFrames(sent, heard).exact, 20);
});
