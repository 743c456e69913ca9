import assert from "node:assert/strict";
import { alsaTestConfig } from "./alsa_test_config.ts";

Deno.test("the test configuration defines the PCMs asked for, paths quoted", () => {
  const text = alsaTestConfig({ output: '/tmp/a "b"\\c.raw', clockPlugin: "/x/clock.so" });
  assert.match(
    text,
    /pcm\.phone_play \{ type file slave\.pcm \{ type null \} file "\/tmp\/a \\"b\\"\\\\c\.raw"/,
  );
  assert.match(text, /pcm_type\.phoneclock \{ lib "\/x\/clock\.so" \}/);
  assert.match(text, /pcm\.clocked_play /);
  assert.match(
    text,
    /pcm\.phone_rec \{ type file slave\.pcm \{ type null \} file "\/dev\/null" format "raw" \}/,
  );
  assert.doesNotMatch(alsaTestConfig({}), /phone_play|clocked/);
});
