import assert from "node:assert/strict";
import * as n from "./ioctl_numbers.ts";

Deno.test("the _IOC encoding puts direction, size, type and number where the kernel does", () => {
  assert.equal(n.ioc(0, 0x71, 0x80, 0), 0x7180);
  assert.equal(n.ioc(1, 0x71, 0x8d, 4), 0x4004718d);
  assert.equal(n.ioc(2, 0x71, 0x9a, 4), 0x8004719a);
  assert.equal(n.ioc(3, 0x71, 0xa7, 8), 0xc00871a7); // _IOWR stays unsigned
  assert.throws(() => n.ioc(1, 0x71, 0, 1 << 14), /does not fit 14 bits/);
});

// The x86_64 values listed in ../shared/PROTOCOLS.md (beside the project root) ("Linux telephony API").
Deno.test("computed request numbers equal the documented x86_64 values", () => {
  const documented: Array<[number, number, string]> = [
    [n.PHONE_CAPABILITIES, 0x7180, "PHONE_CAPABILITIES"],
    [n.PHONE_RING, 0x7183, "PHONE_RING"],
    [n.PHONE_HOOKSTATE, 0x7184, "PHONE_HOOKSTATE"],
    [n.PHONE_RING_CADENCE, 0x40027185, "PHONE_RING_CADENCE"],
    [n.PHONE_RING_START, 0x40087187, "PHONE_RING_START"],
    [n.PHONE_REC_CODEC, 0x40047189, "PHONE_REC_CODEC"],
    [n.PHONE_REC_START, 0x718a, "PHONE_REC_START"],
    [n.PHONE_FRAME, 0x4004718d, "PHONE_FRAME"],
    [n.PHONE_PLAY_CODEC, 0x40047190, "PHONE_PLAY_CODEC"],
    [n.PHONE_PLAY_START, 0x7191, "PHONE_PLAY_START"],
    [n.PHONE_PLAY_STOP, 0x7192, "PHONE_PLAY_STOP"],
    [n.PHONE_DTMF_READY, 0x80047196, "PHONE_DTMF_READY"],
    [n.PHONE_GET_DTMF, 0x80047197, "PHONE_GET_DTMF"],
    [n.PHONE_EXCEPTION, 0x8004719a, "PHONE_EXCEPTION"],
    [n.PHONE_BUSY, 0x71a1, "PHONE_BUSY"],
    [n.PHONE_RINGBACK, 0x71a2, "PHONE_RINGBACK"],
    [n.PHONE_DIALTONE, 0x71a3, "PHONE_DIALTONE"],
    [n.PHONE_CPT_STOP, 0x71a4, "PHONE_CPT_STOP"],
    [n.PHONE_PSTN_SET_STATE, 0x400471a4, "PHONE_PSTN_SET_STATE"],
  ];
  for (const [computed, value, name] of documented) {
    assert.equal(computed.toString(16), value.toString(16), name);
  }
});

Deno.test("the remaining numbers follow the header declarations", () => {
  assert.equal(n.IXJCTL_PORT, 0x400471d1); // _IOW('q', 0xD1, int)
  assert.equal(n.IXJCTL_CARDTYPE, 0x800471c1); // _IOR('q', 0xC1, int)
  assert.equal(n.PHONE_CAPABILITIES_LIST, 0x80087181); // _IOR('q', 0x81, struct *)
  assert.equal(n.PHONE_PLAY_TONE, 0x4001719b); // _IOW('q', 0x9B, char)
  assert.equal(n.PHONE_PSTN_GET_STATE, 0x71a5);
  assert.equal(n.PHONE_RING_STOP, 0x7188);
  assert.equal(n.PHONE_SET_TONE_ON_TIME, 0x4004719c);
  assert.equal(n.PHONE_GET_TONE_STATE, 0x71a0);
  assert.notEqual(n.PHONE_CPT_STOP, n.PHONE_PSTN_SET_STATE); // same nr, other direction
});
