import assert from "node:assert/strict";
import {
  g726CodewordCount,
  g726PackedLength,
  type G726Packing,
  packG726,
  repackG726,
  unpackG726,
} from "./g726_packing.ts";

/**
 * Reference packing written the slow, obvious way: lay the bits of every codeword out on a
 * bit line in transmission order, then cut octets off it.
 */
function referencePack(codewords: number[], bits: number, packing: G726Packing): number[] {
  const line: number[] = []; // rfc3551: LSB-first line; aal2: MSB-first line
  for (const cw of codewords) {
    for (let b = 0; b < bits; b++) {
      line.push(packing === "rfc3551" ? (cw >> b) & 1 : (cw >> (bits - 1 - b)) & 1);
    }
  }
  while (line.length % 8) line.push(0);
  const out: number[] = [];
  for (let i = 0; i < line.length; i += 8) {
    let octet = 0;
    for (let b = 0; b < 8; b++) {
      octet |= packing === "rfc3551" ? line[i + b] << b : line[i + b] << (7 - b);
    }
    out.push(octet);
  }
  return out;
}

Deno.test("RFC 3551 figure for G726-32: first codeword in the low nibble", () => {
  // A=0x1 B=0x2 C=0x3 D=0x4 -> octets BA, DC
  assert.deepEqual([...packG726(Uint8Array.of(1, 2, 3, 4), 4, "rfc3551")], [0x21, 0x43]);
  assert.deepEqual([...packG726(Uint8Array.of(1, 2, 3, 4), 4, "aal2")], [0x12, 0x34]);
});

Deno.test("RFC 3551 figure for G726-24: C straddles the first two octets", () => {
  // A=001 B=010 C=101 D=011 E=110 F=111 G=000 H=100
  const cws = Uint8Array.of(1, 2, 5, 3, 6, 7, 0, 4);
  // octet 0 = C1 C2 | B | A = 01 010 001; octet 1 = F2 | E | D | C0 = 1 110 011 1;
  // octet 2 = H | G | F0 F1 = 100 000 11
  assert.deepEqual([...packG726(cws, 3, "rfc3551")], [0b01010001, 0b11100111, 0b10000011]);
  // I.366.2: A B C.. from the most significant bit: 001 010 10|1 011 110 1|11 000 100
  assert.deepEqual([...packG726(cws, 3, "aal2")], [0b00101010, 0b10111101, 0b11000100]);
});

Deno.test("both orders agree with the bit-line reference for every size and count 0..40", () => {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
  for (const bits of [2, 3, 4, 5]) {
    for (let count = 0; count <= 40; count++) {
      const cws = Array.from({ length: count }, () => next() & ((1 << bits) - 1));
      for (const packing of ["rfc3551", "aal2"] as const) {
        const packed = packG726(Uint8Array.from(cws), bits, packing);
        assert.deepEqual(
          [...packed],
          referencePack(cws, bits, packing),
          `${packing} ${bits}x${count}`,
        );
        assert.equal(packed.length, g726PackedLength(count, bits));
        assert.deepEqual([...unpackG726(packed, bits, packing, count)], cws);
      }
    }
  }
});

Deno.test("odd counts leave zero bits at the end in either order", () => {
  assert.deepEqual([...packG726(Uint8Array.of(0x1f), 5, "rfc3551")], [0x1f]);
  assert.deepEqual([...packG726(Uint8Array.of(0x1f), 5, "aal2")], [0xf8]);
  assert.deepEqual([...packG726(Uint8Array.of(3, 3, 3), 2, "rfc3551")], [0x3f]);
  assert.deepEqual([...packG726(Uint8Array.of(3, 3, 3), 2, "aal2")], [0xfc]);
});

Deno.test("unpack without a count takes every whole codeword", () => {
  assert.equal(g726CodewordCount(5, 3), 13);
  assert.equal(unpackG726(new Uint8Array(5), 3, "rfc3551").length, 13);
  assert.equal(unpackG726(new Uint8Array(5), 5, "aal2").length, 8);
});

Deno.test("repacking converts between orders and back", () => {
  const cws = Uint8Array.from({ length: 160 }, (_, i) => (i * 7) & 31);
  const le = packG726(cws, 5, "rfc3551");
  const be = repackG726(le, 5, "rfc3551", "aal2");
  assert.deepEqual(be, packG726(cws, 5, "aal2"));
  assert.deepEqual(repackG726(be, 5, "aal2", "rfc3551"), le);
});

Deno.test("bad arguments are programming errors", () => {
  assert.throws(() => packG726(Uint8Array.of(4), 2, "rfc3551"), RangeError);
  assert.throws(() => packG726(Uint8Array.of(0), 6, "rfc3551"), RangeError);
  assert.throws(() => unpackG726(new Uint8Array(1), 3, "aal2", 3), RangeError);
});
