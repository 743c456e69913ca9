import assert from "node:assert/strict";
import {
  CAPABILITY_BYTES,
  codecFrameBytes,
  codecFrameMs,
  codecName,
  decodeCapabilities,
  decodeException,
  dtmfCode,
  dtmfDigit,
  PhoneCodec,
} from "./telephony.ts";

Deno.test("frame sizes follow the driver: words per base frame, G.723.1 fixed", () => {
  assert.equal(codecFrameBytes(PhoneCodec.LINEAR16, 10), 160);
  assert.equal(codecFrameBytes(PhoneCodec.LINEAR16, 20), 320);
  assert.equal(codecFrameBytes(PhoneCodec.LINEAR16, 30), 480);
  assert.equal(codecFrameBytes(PhoneCodec.ULAW, 20), 160);
  assert.equal(codecFrameBytes(PhoneCodec.ALAW, 30), 240);
  assert.equal(codecFrameBytes(PhoneCodec.G723_63, 20), 24);
  assert.equal(codecFrameBytes(PhoneCodec.G723_53, 10), 20);
  assert.equal(codecFrameBytes(PhoneCodec.G729, 20), 20);
  assert.equal(codecFrameBytes(99, 20), 0);
  assert.equal(codecFrameMs(PhoneCodec.G723_63, 20), 30);
  assert.equal(codecFrameMs(PhoneCodec.ULAW, 20), 20);
  assert.equal(codecName(PhoneCodec.G723_53), "G723_53");
  assert.equal(codecName(77), "codec 77");
});

Deno.test("DTMF codes are the driver's: * 10, 0 11, # 12, A-D 28-31", () => {
  const digits = "123456789*0#ABCD";
  const codes = [...digits].map(dtmfCode);
  assert.deepEqual(codes, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 28, 29, 30, 31]);
  assert.equal(codes.map(dtmfDigit).join(""), digits);
  assert.equal(dtmfDigit(0), undefined);
  assert.equal(dtmfDigit(13), undefined);
  assert.throws(() => dtmfCode("x"), /"x" is not a DTMF digit/);
});

Deno.test("exception bits are named in struct phone_except order", () => {
  const ex = decodeException(0b1000000101);
  assert.equal(ex.dtmfReady, true);
  assert.equal(ex.hookstate, false);
  assert.equal(ex.pstnRing, true);
  assert.equal(ex.flash, true);
  assert.equal(ex.callerId, false);
});

Deno.test("capability records decode from the C layout", () => {
  const bytes = new Uint8Array(2 * CAPABILITY_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode("POTS"), 0);
  view.setInt32(80, 2, true);
  view.setInt32(84, 0, true);
  view.setInt32(88, 2, true);
  bytes.set(new TextEncoder().encode("ULAW"), CAPABILITY_BYTES);
  view.setInt32(CAPABILITY_BYTES + 80, 3, true);
  view.setInt32(CAPABILITY_BYTES + 84, 8, true);
  view.setInt32(CAPABILITY_BYTES + 88, 7, true);
  assert.deepEqual(decodeCapabilities(bytes, 2), [
    { description: "POTS", type: "port", cap: 0, handle: 2 },
    { description: "ULAW", type: "codec", cap: 8, handle: 7 },
  ]);
});
