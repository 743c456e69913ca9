import assert from "node:assert/strict";
import {
  deviceFrameFromRtpPayload,
  g7231FrameBytes,
  rtpPayloadFromDeviceFrame,
} from "./raw_frame.ts";
import { PhoneCodec } from "./telephony.ts";

function frame(type: number, size = 24): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => i === 0 ? 0x10 | type : i);
}

Deno.test("G.723.1 device frames are cut to their significant bytes for RTP", () => {
  assert.deepEqual([0, 1, 2, 3].map(g7231FrameBytes), [24, 20, 4, 0]);
  assert.equal(rtpPayloadFromDeviceFrame(PhoneCodec.G723_63, frame(0)).length, 24);
  assert.equal(rtpPayloadFromDeviceFrame(PhoneCodec.G723_63, frame(1)).length, 20);
  const sid = rtpPayloadFromDeviceFrame(PhoneCodec.G723_63, frame(2));
  assert.deepEqual([...sid], [0x12, 1, 2, 3]);
  assert.equal(rtpPayloadFromDeviceFrame(PhoneCodec.G723_53, frame(3, 20)).length, 0);
  assert.throws(
    () => rtpPayloadFromDeviceFrame(PhoneCodec.G723_63, frame(0, 20)),
    /needs 24 bytes/,
  );
});

Deno.test("other codecs pass unchanged, both ways", () => {
  const ulaw = Uint8Array.from({ length: 160 }, (_, i) => i);
  assert.equal(rtpPayloadFromDeviceFrame(PhoneCodec.ULAW, ulaw), ulaw);
  assert.deepEqual(deviceFrameFromRtpPayload(PhoneCodec.ULAW, ulaw, 160), ulaw);
});

Deno.test("RTP payloads are zero-padded to the device frame and checked", () => {
  const padded = deviceFrameFromRtpPayload(PhoneCodec.G723_63, Uint8Array.of(0x02, 9, 8, 7), 24);
  assert.equal(padded.length, 24);
  assert.deepEqual([...padded.subarray(0, 4)], [2, 9, 8, 7]);
  assert.ok(padded.subarray(4).every((b) => b === 0));
  assert.throws(
    () => deviceFrameFromRtpPayload(PhoneCodec.G723_63, Uint8Array.of(0x00, 1, 2), 24),
    /type 0 needs 24 bytes, got 3/,
  );
  assert.throws(
    () => deviceFrameFromRtpPayload(PhoneCodec.ULAW, new Uint8Array(200), 160),
    /200 bytes exceeds the 160-byte device frame/,
  );
});
