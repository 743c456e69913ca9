// The emulated exchange behind a LineJACK's PSTN port, driven through the product's real FFI
// line. Card slot 8 belongs to this file.
import assert from "node:assert/strict";
import {
  openPhoneJackLine,
  type PhoneJackLine,
} from "../../runtime/audio/phonejack/phonejack_line.ts";
import { CallProgressDetector } from "../../runtime/dsp/call_progress.ts";
import { DtmfDetector, keysOf } from "../../runtime/dsp/dtmf_detector.ts";
import { CardType, PhoneJackEmulator } from "./phonejack_emulator.ts";
import { EmulatedExchange, ExchangeState, Subscriber } from "./pstn_exchange.ts";

const CARD = 8;
const emulator = await PhoneJackEmulator.load();

function noise(samples: number, amplitude: number): Int16Array {
  const out = new Int16Array(samples);
  let x = 99;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = ((x >>> 16) / 65536 - 0.5) * 2 * amplitude;
  }
  return out;
}

/** Reads frames until the detector gives `want` (or `limitMs` of audio passes). */
async function hear(line: PhoneJackLine, want: string, limitMs = 12000): Promise<string[]> {
  const detector = new CallProgressDetector("us");
  const seen: string[] = [];
  for (let ms = 0; ms < limitMs; ms += 20) {
    const frame = await line.read();
    if (!frame) break;
    const v = detector.process(frame);
    if (v) seen.push(v);
    if (v === want) return seen;
  }
  throw new Error(`never heard ${want}; heard ${seen.join(",") || "nothing"}`);
}

Deno.test("exchange: dial tone, dialled digits routed, ring-back, answer, voice both ways, far hang-up, busy, reorder, incoming with DTMF", async () => {
  emulator.reset(CARD);
  emulator.addCard(CARD, CardType.LineJACK);
  const exchange = EmulatedExchange.of(emulator, CARD);
  exchange.addSubscriber("5551234", Subscriber.answersAfter(2500));
  exchange.addSubscriber("5550000", Subscriber.busy);
  exchange.setFarVoice(noise(8000, 6000));
  const line = await openPhoneJackLine({
    kind: "phonejack",
    index: CARD,
    library: emulator.path,
    port: "pstn",
  });
  try {
    line.setPstnOffHook(true);
    await line.read();
    assert.equal(exchange.state(), ExchangeState.dialTone);
    await line.dial("5551234");
    assert.equal(exchange.routedNumber(), "5551234");
    assert.ok((await hear(line, "voice")).includes("ringback"), "ring-back before the answer");
    assert.equal(exchange.state(), ExchangeState.connected);
    const talk = new Int16Array(160).map((_, i) => 8000 * Math.sin(i / 3));
    for (let i = 0; i < 25; i++) await line.write(talk);
    await new Promise((r) => setTimeout(r, 200));
    const { from, to } = exchange.heardRange();
    assert.ok(to - from >= 20 * 320, `the far party heard ${to - from} bytes`);
    exchange.farHangUp();
    await hear(line, "busy");
    line.setPstnOffHook(false);
    await line.read();
    assert.equal(exchange.state(), ExchangeState.idle);

    line.setPstnOffHook(true);
    await line.read();
    await line.dial("5550000");
    await hear(line, "busy");
    line.setPstnOffHook(false);
    await line.read();
    line.setPstnOffHook(true);
    await line.read();
    await line.dial("5559999#"); // nobody: routed after the inter-digit timeout
    await hear(line, "congestion");
    assert.equal(exchange.routedNumber(), "5559999#");
    line.setPstnOffHook(false);

    const events = line.events();
    exchange.incomingCall();
    const first = await events.next();
    assert.equal(first.value?.type, "ring");
    line.setPstnOffHook(true);
    await line.read();
    assert.equal(exchange.state(), ExchangeState.connected);
    exchange.farDigits("42#");
    const dtmf = await DtmfDetector.create();
    const keys = [];
    for (let i = 0; i < 60; i++) keys.push(...dtmf.process((await line.read())!));
    assert.equal(keysOf(keys), "42#");
    dtmf.close();
    await events.return?.();
  } finally {
    await line.close();
    emulator.reset(CARD);
  }
});
