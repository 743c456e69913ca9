import assert from "node:assert/strict";
import { PlayoutClock } from "./playout_clock.ts";

Deno.test("playout clock: frames one frame time apart whatever the loop's lateness", () => {
  const clock = new PlayoutClock(8000);
  const lateness = [0, 7, 2, 19, 0, 33, 1, 4, 12, 0];
  const times = lateness.map((late, k) => clock.at(1000 + 10 * k + late, 80));
  for (let k = 1; k < times.length; k++) {
    assert.ok(Math.abs(times[k] - times[k - 1] - 10) < 0.1, `frame ${k}: ${times}`);
  }
});

Deno.test("playout clock: one long stall moves nothing; skipped frames re-anchor it", () => {
  const clock = new PlayoutClock(8000);
  for (let k = 0; k < 10; k++) clock.at(10 * k, 80);
  // A 90 ms stall the loop catches up on: play times stay on the frame grid.
  assert.equal(Math.round(clock.at(190, 80)), 100);
  for (let k = 11; k < 20; k++) assert.equal(Math.round(clock.at(10 * k, 80)), 10 * k);
  // 200 ms of frames never played (an overrun): the clock follows after a few frames.
  let t = 0;
  for (let k = 20; k < 40; k++) t = clock.at(10 * k + 200, 80);
  assert.equal(Math.round(t), 590);
});

Deno.test("playout clock: follows a device clock that runs slow, without steps", () => {
  const clock = new PlayoutClock(8000);
  let last = clock.at(0, 80), worst = 0;
  for (let k = 1; k < 20000; k++) {
    const t = clock.at(10.001 * k, 80); // 100 ppm slow device
    worst = Math.max(worst, Math.abs(t - last - 10));
    last = t;
  }
  assert.ok(worst < 0.05, `largest step off the frame time: ${worst} ms`);
  assert.ok(Math.abs(last - 10.001 * 19999) < 15, `clock ${last} vs loop ${10.001 * 19999}`);
});
