import assert from "node:assert/strict";
import { nowMs, parsePhoneProcessArgs } from "./phone_process.ts";

Deno.test("parsePhoneProcessArgs reads every flag", () => {
  const o = parsePhoneProcessArgs([
    "--bind",
    "fd00:99::2",
    "--port",
    "10000",
    "--input",
    "in.wav",
    "--record",
    "out.wav",
    "--timeout-ms",
    "3000",
    "--auto-answer",
    "--codecs",
    "pcma",
    "--url",
    "iphone://h/m=rtp:10000:97:L16:8000:1",
    "--dtmf",
    "rfc4733",
    "--whitepages",
    "http://wp.example/",
  ]);
  assert.deepEqual(o, {
    bind: "fd00:99::2",
    port: 10000,
    input: "in.wav",
    record: "out.wav",
    timeoutMs: 3000,
    autoAnswer: true,
    codecs: ["pcma"],
    url: "iphone://h/m=rtp:10000:97:L16:8000:1",
    dtmf: "rfc4733",
    whitepages: "http://wp.example/",
  });
  assert.deepEqual(parsePhoneProcessArgs([]).codecs, ["pcmu", "pcma"]);
});

Deno.test("parsePhoneProcessArgs names the flag that is wrong", () => {
  assert.throws(() => parsePhoneProcessArgs(["--port", "ten"]), /--port must be a positive/);
  assert.throws(() => parsePhoneProcessArgs(["--record"]), /--record <value>' argument missing/);
  assert.throws(() => parsePhoneProcessArgs(["--loud"]), /Unknown option '--loud'/);
});

Deno.test("nowMs is Unix time in milliseconds", () => {
  assert.ok(Math.abs(nowMs() - Date.now()) < 50);
});
