import assert from "node:assert/strict";
import { lineSpecFromOhphone, parseLineSpec } from "./line_spec.ts";

Deno.test("device texts map to specs", () => {
  assert.deepEqual(parseLineSpec("null"), { kind: "null" });
  assert.deepEqual(parseLineSpec("alsa"), { kind: "alsa" });
  assert.deepEqual(parseLineSpec("alsa:plughw:1,0"), { kind: "alsa", device: "plughw:1,0" });
  assert.deepEqual(parseLineSpec("hw:0,0"), { kind: "alsa", device: "hw:0,0" });
  assert.deepEqual(parseLineSpec("default"), { kind: "alsa", device: "default" });
  assert.deepEqual(parseLineSpec("/dev/phone1"), { kind: "phonejack", index: 1 });
  assert.deepEqual(parseLineSpec("phonejack:2"), { kind: "phonejack", index: 2 });
  assert.deepEqual(parseLineSpec("phonejack"), { kind: "phonejack", index: 0 });
});

Deno.test("file specs take input, output and flags", () => {
  assert.deepEqual(parseLineSpec("file:mic.wav,call.wav,loop"), {
    kind: "file",
    input: "mic.wav",
    output: "call.wav",
    loop: true,
    pacing: "clock",
  });
  assert.deepEqual(parseLineSpec("file:,out.raw,fast"), {
    kind: "file",
    input: undefined,
    output: "out.raw",
    loop: false,
    pacing: "none",
  });
  assert.deepEqual(parseLineSpec("file:out=o.wav,in=i.wav"), {
    kind: "file",
    input: "i.wav",
    output: "o.wav",
    loop: false,
    pacing: "clock",
  });
});

Deno.test("malformed texts are refused", () => {
  assert.throws(() => parseLineSpec(""), /empty device name/);
  assert.throws(() => parseLineSpec("phonejack:x"), /card number must be 0, 1, 2 \.\.\., not "x"/);
  assert.throws(() => parseLineSpec("file:a,b,c"), /at most an input and an output/);
  assert.throws(() => parseLineSpec("null:1"), /null takes no details/);
});

Deno.test("ohphone's -q wins over -s; the default is ALSA's default device", () => {
  assert.deepEqual(lineSpecFromOhphone({ quicknet: 1, sound: "hw:0" }), {
    kind: "phonejack",
    index: 1,
  });
  assert.deepEqual(lineSpecFromOhphone({ sound: "hw:0" }), { kind: "alsa", device: "hw:0" });
  assert.deepEqual(lineSpecFromOhphone({}), { kind: "alsa", device: "default" });
  assert.throws(() => lineSpecFromOhphone({ quicknet: -1 }), /card number/);
});

Deno.test("a Quicknet card can be told to code itself: phonejack:N,CODEC", () => {
  assert.deepEqual(parseLineSpec("phonejack:1,g723_63"), {
    kind: "phonejack",
    index: 1,
    codec: "G723_63",
  });
  assert.deepEqual(parseLineSpec("phonejack:0,ULAW"), {
    kind: "phonejack",
    index: 0,
    codec: "ULAW",
  });
  assert.throws(
    () => parseLineSpec("phonejack:0,opus"),
    /card codec must be one of linear16, ulaw/,
  );
  assert.throws(() => parseLineSpec("phonejack:0,ulaw,x"), /at most a codec/);
});
