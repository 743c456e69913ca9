// Drives the real FFI path (open/ioctl/read/write/poll through Deno.dlopen) against the
// PhoneJACK emulator (harness/devices/phonejack_emu.c), loaded in place of libc.
// Card slots 0 and 2 belong to this file (device_test.ts uses 3; files share the emulator).
import assert from "node:assert/strict";
import {
  CardType,
  EmuState,
  PhoneJackEmulator,
} from "../../../harness/devices/phonejack_emulator.ts";
import { isRawFrameLine, LineError, type LineEvent } from "../line.ts";
import { pcmFromBytes, pcmToBytes } from "../wav.ts";
import { TelephonyError } from "./device.ts";
import { openPhoneJackLine, type PhoneJackLine, type PhoneJackLineSpec } from "./phonejack_line.ts";
import { rtpPayloadFromDeviceFrame } from "./raw_frame.ts";
import { PhoneCodec } from "./telephony.ts";

const emulator = await PhoneJackEmulator.load();

async function withCard(
  type: number,
  spec: Omit<PhoneJackLineSpec, "kind" | "library">,
  body: (line: PhoneJackLine) => Promise<void>,
) {
  emulator.reset(0);
  emulator.addCard(0, type);
  const line = await openPhoneJackLine({ kind: "phonejack", library: emulator.path, ...spec });
  try {
    await body(line);
  } finally {
    await line.close();
  }
}

async function nextEvent(events: AsyncIterator<LineEvent>, ms = 1000): Promise<LineEvent> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
  });
  try {
    const result = await Promise.race([events.next(), timeout]);
    assert.ok(!result.done, "event stream ended");
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

const ramp = (n: number, from = 0) =>
  Int16Array.from({ length: n }, (_, i) => (from + i * 37) % 30000 - 15000);

Deno.test("opening issues the documented ioctls in order, with arguments by value", async () => {
  await withCard(CardType.LineJACK, { index: 0 }, (line) => {
    const calls = emulator.ioctls(0).map(([request, arg]) => `${request.toString(16)}:${arg}`);
    assert.deepEqual(calls.slice(0, 3), [
      "7180:0",
      `80087181:${calls[1].split(":")[1]}`,
      "800471c1:0",
    ]);
    assert.deepEqual(calls.slice(3), [
      "4004718d:20", // PHONE_FRAME 20 ms
      "40047189:10", // PHONE_REC_CODEC LINEAR16
      "40047190:10", // PHONE_PLAY_CODEC LINEAR16
      "718a:0", // PHONE_REC_START
      "7191:0", // PHONE_PLAY_START
      "7184:0", // PHONE_HOOKSTATE
    ]);
    assert.equal(line.card.cardType, 300);
    assert.equal(line.card.description, "Quicknet Internet LineJACK");
    assert.ok(line.info.hasPstn && line.info.hasHook && line.info.hasTones);
    assert.equal(line.info.frameSamples, 160);
    assert.equal(emulator.get(0, EmuState.recOn), 1);
    return Promise.resolve();
  });
  assert.equal(emulator.get(0, EmuState.open), 0);
  assert.equal(emulator.get(0, EmuState.recOn), 0);
  assert.equal(emulator.get(0, EmuState.playOn), 0);
});

Deno.test("LINEAR16 capture gives the microphone's samples at the card's pace", async () => {
  emulator.reset(0);
  emulator.addCard(0, CardType.PhoneJACKPCI);
  const speech = ramp(160 * 150); // unique frames: the ramp repeats after 30,000 samples
  emulator.setMicrophone(0, speech);
  const line = await openPhoneJackLine({ kind: "phonejack", index: 0, library: emulator.path });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    const start = performance.now();
    // A reader the scheduler holds back past a frame period loses that frame, as on the real
    // card: frames come in order, whole, and every gap is counted by the card.
    let next = 0;
    for (let k = 0; k < 50; k++) {
      const frame = (await line.read())!;
      let at = next;
      while (at < 150 && !sameFrame(frame, speech.subarray(160 * at, 160 * (at + 1)))) at++;
      assert.ok(at < 150, `frame ${k} is not a microphone frame at or after ${next}`);
      next = at + 1;
    }
    const elapsed = performance.now() - start;
    const gaps = next - 50;
    // Never faster than the card makes frames; a read that waited an extra period would double it.
    assert.ok(elapsed > 20 * next - 70 && elapsed < 40 * next, `${next} frames took ${elapsed} ms`);
    assert.ok(ticks > 25, `only ${ticks} timer ticks ran while reading: the reads block`);
    // Idle: none skipped; a loaded 2-core machine has been seen to skip 16 of 66.
    assert.ok(gaps < 50, `${gaps} of ${next} frames skipped`);
    assert.ok(emulator.get(0, EmuState.lostFrames) >= gaps, "the card counts every skipped frame");
  } finally {
    clearInterval(timer);
    await line.close();
  }
});

Deno.test("LINEAR16 playback reaches the card byte-exact, little-endian", async () => {
  await withCard(CardType.PhoneJACKPCI, { frameMs: 10 }, async (line) => {
    assert.equal(line.info.frameSamples, 80);
    const frames = [ramp(80, 1), ramp(80, 2), ramp(80, 3), ramp(80, 4)];
    for (const frame of frames) await line.write(frame);
    await new Promise((resolve) => setTimeout(resolve, 80)); // let the card play them
    const played = emulator.speaker(0);
    assert.deepEqual(played, pcmToBytes(Int16Array.from(frames.flatMap((f) => [...f]))));
    assert.deepEqual(pcmFromBytes(played.subarray(0, 160)), frames[0]);
  });
});

Deno.test("hook, digits, flash and PSTN ring become events; bits are cleared", async () => {
  await withCard(CardType.LineJACK, {}, async (line) => {
    const events = line.events();
    assert.equal(line.offHook, false);
    emulator.setHook(0, true);
    assert.deepEqual(await nextEvent(events), { type: "offhook" });
    assert.equal(line.offHook, true);
    for (const digit of "10#*A") emulator.pressDigit(0, digit);
    const digits = [];
    for (let i = 0; i < 5; i++) digits.push(await nextEvent(events));
    assert.deepEqual(digits.map((e) => e.type === "digit" && e.digit).join(""), "10#*A");
    emulator.flash(0);
    assert.deepEqual(await nextEvent(events), { type: "flash" });
    emulator.setHook(0, false);
    assert.deepEqual(await nextEvent(events), { type: "onhook" });
    emulator.ringPstn(0);
    assert.deepEqual(await nextEvent(events), { type: "ring" });
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(emulator.get(0, EmuState.exception), 0, "every exception bit was handled");
  });
});

Deno.test("call-progress tones and the ringer are the card's", async () => {
  await withCard(CardType.PhoneJACKPCI, {}, (line) => {
    assert.equal(line.playTone("dial"), true);
    assert.equal(emulator.get(0, EmuState.callProgressTone), 1);
    line.playTone("ringback");
    assert.equal(emulator.get(0, EmuState.callProgressTone), 2);
    line.playTone("busy");
    assert.equal(emulator.get(0, EmuState.callProgressTone), 3);
    line.stopTone();
    assert.equal(emulator.get(0, EmuState.callProgressTone), 0);
    assert.equal(line.ring(true), true);
    assert.equal(emulator.get(0, EmuState.ringing), 1);
    emulator.setHook(0, true); // answering stops the bell
    assert.equal(emulator.get(0, EmuState.ringing), 0);
    line.ring(true);
    assert.equal(emulator.get(0, EmuState.ringing), 0, "the card does not ring off-hook");
    const log = emulator.ioctls(0).map(([r]) => r.toString(16));
    for (const request of ["71a3", "71a2", "71a1", "71a4", "40087187"]) {
      assert.ok(log.includes(request), `${request} in ${log}`);
    }
    return Promise.resolve();
  });
});

Deno.test("G.723.1 frames pass through raw, padded as the card wants them", async () => {
  await withCard(CardType.LineJACK, { codec: "G723_63" }, async (line) => {
    assert.ok(isRawFrameLine(line));
    assert.deepEqual(line.rawCodec, {
      id: PhoneCodec.G723_63,
      name: "G723_63",
      rtpEncoding: "G723",
      frameBytes: 24,
      frameMs: 30,
    });
    assert.equal(line.info.frameSamples, 240);
    const voiced = Uint8Array.from({ length: 24 }, (_, i) => (i * 11) & 0xfc); // type 0
    const sid = new Uint8Array(24);
    sid.set([0x02, 0x55, 0x66, 0x77]); // type 2, zero-padded by the card
    emulator.queueRecordedBytes(0, Uint8Array.from([...voiced, ...sid]));
    const first = (await line.readRaw())!;
    assert.deepEqual(first, voiced);
    const second = (await line.readRaw())!;
    assert.deepEqual(
      rtpPayloadFromDeviceFrame(line.rawCodec.id, second),
      Uint8Array.of(2, 0x55, 0x66, 0x77),
    );
    await line.writeRaw(Uint8Array.of(2, 1, 2, 3)); // a SID payload from RTP
    await line.writeRaw(voiced);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const played = emulator.speaker(0);
    assert.equal(played.length, 48);
    assert.deepEqual(played.subarray(0, 4), Uint8Array.of(2, 1, 2, 3));
    assert.ok(played.subarray(4, 24).every((b) => b === 0));
    assert.deepEqual(played.subarray(24), voiced);
    await assert.rejects(() => line.read(), /read\(\) needs LINEAR16; the card is set to G723_63/);
    const log = emulator.ioctls(0).map(([r, a]) => `${r.toString(16)}:${a}`);
    assert.ok(
      log.includes("4004718d:30") && log.includes("40047189:1") && log.includes("40047190:1"),
    );
  });
});

Deno.test("mu-law frames are the card's own encoding of the microphone", async () => {
  emulator.reset(0);
  emulator.addCard(0, CardType.PhoneJACKPCI);
  const mic = new Int16Array(320);
  mic.set([0, -1, 1000, -1000, 32767, -32768]);
  emulator.setMicrophone(0, mic);
  const line = await openPhoneJackLine({
    kind: "phonejack",
    library: emulator.path,
    codec: "ULAW",
  });
  try {
    assert.equal(line.rawCodec.rtpEncoding, "PCMU");
    const frame = (await line.readRaw())!;
    assert.equal(frame.length, 160);
    // G.711 mu-law of 0, -1, 1000, -1000, 32767, -32768 (ITU-T G.711 table 2)
    assert.deepEqual([...frame.subarray(0, 6)], [0xff, 0x7f, 0xce, 0x4e, 0x80, 0x00]);
  } finally {
    await line.close();
  }
});

Deno.test("the LineJACK takes its PSTN line off-hook and dials DTMF on it", async () => {
  await withCard(CardType.LineJACK, { port: "pstn" }, async (line) => {
    assert.equal(line.currentPort(), "pstn");
    assert.equal(emulator.get(0, EmuState.port), 2);
    line.setPstnOffHook(true);
    assert.equal(line.pstnState(), 2);
    await line.dial("0123#", { onMs: 40, offMs: 20 });
    assert.equal(emulator.dialed(0), "0123#");
    assert.equal(emulator.get(0, EmuState.toneOnQuarterMs), 160);
    assert.equal(emulator.get(0, EmuState.toneOffQuarterMs), 80);
    line.setPstnOffHook(false);
    assert.equal(emulator.get(0, EmuState.pstnState), 0);
    await assert.rejects(() => line.dial("12x"), /"x" is not a DTMF digit/);
    assert.equal(emulator.dialed(0), "0123#", "nothing dialled for a bad number");
  });
});

Deno.test("a PhoneJACK has no PSTN port", async () => {
  await withCard(CardType.PhoneJACKPCI, {}, (line) => {
    assert.equal(line.info.hasPstn, false);
    assert.throws(() => line.selectPort("pstn"), /refuses port 2/);
    assert.throws(() => line.setPstnOffHook(true), /no PSTN port/);
    return Promise.resolve();
  });
});

Deno.test("the ISA PhoneJACK only does 30 ms frames", async () => {
  emulator.reset(0);
  emulator.addCard(0, CardType.PhoneJACK);
  await assert.rejects(
    () => openPhoneJackLine({ kind: "phonejack", library: emulator.path, frameMs: 20 }),
    /\/dev\/phone0: the card refuses 20 ms frames \(PHONE_FRAME\)/,
  );
  assert.equal(emulator.get(0, EmuState.open), 0, "closed after the failure");
  const line = await openPhoneJackLine({ kind: "phonejack", library: emulator.path, frameMs: 30 });
  assert.equal(line.info.frameSamples, 240);
  await line.close();
});

Deno.test("missing and busy devices are refused with errno's reason", async () => {
  emulator.reset(0);
  emulator.reset(2);
  emulator.addCard(0, CardType.LineJACK);
  await assert.rejects(
    () => openPhoneJackLine({ kind: "phonejack", index: 2, library: emulator.path }),
    (e: unknown) => {
      assert.ok(e instanceof TelephonyError);
      assert.equal(e.errno, 2);
      assert.match(
        e.message,
        /^\/dev\/phone2: open failed: No such file or directory \(is the ixj driver loaded\?\)$/,
      );
      return true;
    },
  );
  const line = await openPhoneJackLine({ kind: "phonejack", index: 0, library: emulator.path });
  try {
    await assert.rejects(
      () => openPhoneJackLine({ kind: "phonejack", index: 0, library: emulator.path }),
      /open failed: Device or resource busy/,
    );
  } finally {
    await line.close();
  }
  await assert.rejects(
    () => openPhoneJackLine({ kind: "phonejack", library: emulator.path, frameMs: 25 }),
    (e: unknown) => e instanceof LineError && /frame of 25 ms/.test(e.message),
  );
});

Deno.test("frames nobody reads are dropped and counted; close ends a pending read", async () => {
  await withCard(CardType.PhoneJACKPCI, {}, async (line) => {
    // Nobody reads: the queue (8 frames) fills, then each new frame is dropped and counted.
    // About 300 ms on an idle machine; a busy one may take longer to run the card's poller.
    const deadline = Date.now() + 5000;
    while (line.stats().captureOverruns < 5 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(line.stats().captureOverruns >= 5, JSON.stringify(line.stats()));
    while (line.stats().framesRead < 8) await line.read();
    const pending = line.read();
    const closing = line.close();
    const frame = await pending;
    assert.ok(frame === null || frame.length === 160);
    await closing;
    assert.equal(await line.read(), null);
  });
});

function sameFrame(a: Int16Array, b: Int16Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
