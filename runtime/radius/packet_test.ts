import assert from "node:assert/strict";
import { Attribute } from "./dictionary.ts";
import {
  encodePacket,
  getInteger,
  getText,
  integerAttribute,
  parsePacket,
  textAttribute,
} from "./packet.ts";

const packet = (attrs: number[]) => {
  const bytes = new Uint8Array(20 + attrs.length);
  bytes[0] = 2;
  bytes[2] = bytes.length >> 8;
  bytes[3] = bytes.length & 0xff;
  bytes.set(attrs, 20);
  return bytes;
};

Deno.test("encode and parse round trip; trailing padding ignored", () => {
  const bytes = encodePacket({
    code: 4,
    identifier: 99,
    authenticator: new Uint8Array(16).fill(1),
    attributes: [
      textAttribute(Attribute.AcctSessionId, "gw-00001"),
      integerAttribute(Attribute.AcctSessionTime, 61),
    ],
  });
  const padded = new Uint8Array(bytes.length + 5);
  padded.set(bytes);
  const parsed = parsePacket(padded);
  assert.ok(parsed.ok);
  assert.equal(parsed.length, bytes.length);
  assert.equal(parsed.packet.identifier, 99);
  assert.equal(getText(parsed.packet, Attribute.AcctSessionId), "gw-00001");
  assert.equal(getInteger(parsed.packet, Attribute.AcctSessionTime), 61);
});

Deno.test("malformed packets get a reason, never an exception", () => {
  const reason = (b: Uint8Array) => {
    const r = parsePacket(b);
    return r.ok ? "ok" : r.reason;
  };
  assert.equal(reason(new Uint8Array(5)), "too-short");
  const lying = packet([]);
  lying[3] = 40; // claims 40, has 20
  assert.equal(reason(lying), "bad-length");
  const tiny = packet([]);
  tiny[3] = 10;
  assert.equal(reason(tiny), "bad-length");
  assert.equal(reason(packet([1, 1])), "bad-attribute-length"); // length 1
  assert.equal(reason(packet([1, 9, 65])), "bad-attribute-length"); // overruns
  assert.equal(reason(packet([1])), "bad-attribute-length"); // header cut off
  assert.equal(reason(packet([27, 5, 0, 0, 1])), "bad-attribute-value"); // 3-octet integer
  assert.equal(reason(packet([80, 6, 0, 0, 0, 0])), "bad-attribute-value"); // short MA
  assert.equal(reason(packet([26, 2])), "ok"); // empty unknown attribute is fine
  for (let seed = 1; seed < 3000; seed++) {
    const b = new Uint8Array(20 + (seed % 60));
    let x = seed;
    for (let i = 0; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    b[2] = 0;
    b[3] = b.length - (seed % 3);
    parsePacket(b); // must not throw
  }
});

Deno.test("encoding refuses what no packet can carry", () => {
  const auth = new Uint8Array(16);
  assert.throws(
    () =>
      encodePacket({
        code: 1,
        identifier: 1,
        authenticator: auth,
        attributes: [textAttribute(1, "x".repeat(254))],
      }),
    /User-Name value has 254 octets/,
  );
  assert.throws(
    () => encodePacket({ code: 1, identifier: 256, authenticator: auth, attributes: [] }),
    /identifier/,
  );
  assert.throws(() => integerAttribute(5, -1), /NAS-Port: -1/);
});
