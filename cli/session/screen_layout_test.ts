import assert from "node:assert/strict";
import { callTime, clipLine, fitFields, packItems } from "./screen_layout.ts";

Deno.test("fields are dropped least important first, never cut in a word", () => {
  const fields = [["state TALKING", 0], ["jitter 3.1 ms", 3], ["buffer 60 ms", 2], [
    "MOS 4.30",
    1,
  ]] as const;
  assert.equal(fitFields(fields, 80), "state TALKING  jitter 3.1 ms  buffer 60 ms  MOS 4.30");
  assert.equal(fitFields(fields, 40), "state TALKING  buffer 60 ms  MOS 4.30");
  assert.equal(fitFields(fields, 25), "state TALKING  MOS 4.30");
  assert.equal(fitFields(fields, 10), "state…");
});

Deno.test("long lines are cut at a word with an ellipsis; items packed whole", () => {
  assert.equal(clipLine("short", 10), "short");
  assert.equal(clipLine("calling iphone://peer.example:10000/0,8 now", 20), "calling…");
  assert.equal(clipLine("abcdefghijklmnopqrstuvwxyz", 10), "abcdefghi…");
  const keys = ["d dial", "a answer", "h hang up", "0-9*# DTMF", "m mute", "q quit"];
  const lines = packItems(keys, 24);
  assert.deepEqual(lines, ["d dial  a answer", "h hang up  0-9*# DTMF", "m mute  q quit"]);
  for (const line of lines) assert.ok(line.length <= 24);
});

Deno.test("call time reads m:ss, then h:mm:ss", () => {
  assert.equal(callTime(0), "0:00");
  assert.equal(callTime(83.9), "1:23");
  assert.equal(callTime(3725), "1:02:05");
});
