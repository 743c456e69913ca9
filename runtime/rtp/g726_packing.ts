/**
 * Packing of G.726 codewords (2, 3, 4 or 5 bits) into octets, in the two orders in use:
 *
 * - `"rfc3551"` (RFC 3551 section 4.5.4, ITU-T X.420): little-endian, the first codeword in
 *   the least significant bits of the first octet; bits that do not fit go to the least
 *   significant bits of the next octet.
 * - `"aal2"` (ITU-T I.366.2 Annex E, the AAL2-G726-* formats): big-endian, the first
 *   codeword in the most significant bits of the first octet.
 *
 * Any number of codewords may be packed; a final partial octet is filled with zero bits.
 * (RFC 3551 asks senders for whole octets: multiples of 8, 2, 8, 4 codewords at 40, 32,
 * 24, 16 kbit/s.)
 *
 * @example
 * ```ts
 * import { packG726, unpackG726 } from "./g726_packing.ts";
 * packG726(Uint8Array.of(0x1, 0x2), 4, "rfc3551"); // [0x21]
 * packG726(Uint8Array.of(0x1, 0x2), 4, "aal2");    // [0x12]
 * unpackG726(Uint8Array.of(0x21), 4, "rfc3551");   // [0x1, 0x2]
 * ```
 * @module
 */

/** Bit order of packed G.726 codewords. */
export type G726Packing = "rfc3551" | "aal2";

function checkBits(bits: number) {
  if (bits !== 2 && bits !== 3 && bits !== 4 && bits !== 5) {
    throw new RangeError(`G.726 codewords have 2 to 5 bits, not ${bits}`);
  }
}

/** Octets needed for `count` codewords of `bits` bits. */
export function g726PackedLength(count: number, bits: number): number {
  return Math.ceil((count * bits) / 8);
}

/** Whole codewords contained in `octets` octets of `bits`-bit codewords. */
export function g726CodewordCount(octets: number, bits: number): number {
  return Math.floor((octets * 8) / bits);
}

/**
 * Packs codewords (one per array element, in its low `bits` bits) into octets. Throws
 * `RangeError` if a codeword does not fit in `bits` bits.
 */
export function packG726(codewords: Uint8Array, bits: number, packing: G726Packing): Uint8Array {
  checkBits(bits);
  const out = new Uint8Array(g726PackedLength(codewords.length, bits));
  const mask = (1 << bits) - 1;
  let acc = 0;
  let held = 0;
  let o = 0;
  for (let i = 0; i < codewords.length; i++) {
    const cw = codewords[i];
    if (cw > mask) throw new RangeError(`codeword ${cw} at ${i} does not fit in ${bits} bits`);
    if (packing === "rfc3551") {
      acc |= cw << held;
      held += bits;
      while (held >= 8) {
        out[o++] = acc & 0xff;
        acc >>>= 8;
        held -= 8;
      }
    } else {
      acc = (acc << bits) | cw;
      held += bits;
      while (held >= 8) {
        held -= 8;
        out[o++] = (acc >>> held) & 0xff;
        acc &= (1 << held) - 1;
      }
    }
  }
  if (held > 0) out[o] = packing === "rfc3551" ? acc & 0xff : (acc << (8 - held)) & 0xff;
  return out;
}

/**
 * Unpacks `count` codewords (default: every whole codeword in `packed`) into one octet each.
 * Throws `RangeError` if `count` asks for more bits than `packed` holds.
 */
export function unpackG726(
  packed: Uint8Array,
  bits: number,
  packing: G726Packing,
  count = g726CodewordCount(packed.length, bits),
): Uint8Array {
  checkBits(bits);
  if (!Number.isInteger(count) || count < 0 || count * bits > packed.length * 8) {
    throw new RangeError(
      `${count} codewords of ${bits} bits do not fit in ${packed.length} octets`,
    );
  }
  const out = new Uint8Array(count);
  const mask = (1 << bits) - 1;
  let acc = 0;
  let held = 0;
  let p = 0;
  for (let i = 0; i < count; i++) {
    while (held < bits) {
      acc = packing === "rfc3551" ? acc | (packed[p++] << held) : (acc << 8) | packed[p++];
      held += 8;
    }
    held -= bits;
    if (packing === "rfc3551") {
      out[i] = acc & mask;
      acc >>>= bits;
    } else {
      out[i] = (acc >>> held) & mask;
      acc &= (1 << held) - 1;
    }
  }
  return out;
}

/** Converts packed codewords from one order to the other (a new array). */
export function repackG726(
  packed: Uint8Array,
  bits: number,
  from: G726Packing,
  to: G726Packing,
): Uint8Array {
  if (from === to) return packed.slice();
  return packG726(unpackG726(packed, bits, from), bits, to);
}
