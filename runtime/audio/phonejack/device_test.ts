import assert from "node:assert/strict";
import { CardType, PhoneJackEmulator } from "../../../harness/devices/phonejack_emulator.ts";
import { TelephonyDevice, TelephonyError } from "./device.ts";
import { loadLibc } from "../../sys/libc.ts";
import { EAGAIN } from "../../sys/errno.ts";
import { POLLIN, POLLOUT, POLLPRI } from "../../sys/linux_abi.ts";
import { PhoneCodec } from "./telephony.ts";

const emulator = await PhoneJackEmulator.load();

/** This file's card slot (other test files use other slots of the shared emulator). */
const SLOT = 3;

function openCard(type: number): TelephonyDevice {
  emulator.reset(SLOT);
  emulator.addCard(SLOT, type);
  return TelephonyDevice.open(loadLibc(emulator.path), `/dev/phone${SLOT}`);
}

Deno.test("capabilities list the card's ports and codecs", () => {
  const dev = openCard(CardType.LineJACK);
  try {
    const caps = dev.capabilities();
    assert.equal(caps[0].type, "vendor");
    assert.deepEqual(caps[1], {
      description: "Quicknet Internet LineJACK",
      type: "device",
      cap: 300,
      handle: 1,
    });
    assert.ok(caps.some((c) => c.type === "port" && c.description === "PSTN"));
    assert.ok(caps.some((c) => c.type === "codec" && c.cap === PhoneCodec.G723_63));
    assert.equal(dev.cardType(), 300);
  } finally {
    dev.close();
  }
});

Deno.test("an ioctl the device does not know fails with errno's text", () => {
  const dev = openCard(CardType.PhoneJACKPCI);
  try {
    assert.throws(
      () => dev.call(0x71ff, "PHONE_MADE_UP"),
      (e: unknown) =>
        e instanceof TelephonyError && e.errno === 25 &&
        e.message === "/dev/phone3: PHONE_MADE_UP failed: Inappropriate ioctl for device",
    );
    assert.throws(() => dev.setRecordCodec(PhoneCodec.G729), /cannot record G729/);
  } finally {
    dev.close();
  }
});

Deno.test("reads say EAGAIN until a frame is ready; poll reports it", async () => {
  const dev = openCard(CardType.PhoneJACKPCI);
  try {
    dev.setFrame(10);
    dev.setRecordCodec(PhoneCodec.LINEAR16);
    dev.setPlayCodec(PhoneCodec.LINEAR16);
    dev.startRecording();
    dev.startPlayback();
    const frame = new Uint8Array(160);
    assert.equal(dev.read(frame), -EAGAIN);
    assert.equal(dev.pollNow(POLLIN | POLLOUT), POLLOUT);
    assert.equal(await dev.pollWait(POLLIN, 500), POLLIN);
    assert.equal(dev.read(frame), 160);
    assert.equal(dev.write(new Uint8Array(160)), 160);
    emulator.setHook(SLOT, true);
    assert.equal(dev.pollNow(POLLPRI), POLLPRI);
    assert.equal(dev.exception() & 2, 2);
    assert.equal(dev.offHook(), true);
    assert.equal(dev.pollNow(POLLPRI), 0, "PHONE_HOOKSTATE cleared the bit");
  } finally {
    dev.close();
  }
  assert.throws(() => dev.offHook(), /device is closed/);
});
