// Channel coding: the 54 transmitted bits of a frame (chanwr/chanrd of the
// reference) and their packing into 7 bytes, MSB first, as SoX's lpc10 format
// stores them; the two low bits of the last byte are 0.
import { IBLIST, ORDER, RC_SIGN_BIT } from "./tables";

export const FRAME_BITS: i32 = 54;
export const FRAME_BYTES: i32 = 7;

const fields = new StaticArray<i32>(13);

/**
 * Writes the quantized parameters (`irc` RC(1)..RC(10) at indices 0..9) as a 7-byte
 * frame at `out`, with the given sync bit.
 */
export function writeFrame(ipitv: i32, irms: i32, irc: StaticArray<i32>, sync: i32, out: usize): void {
  unchecked(fields[0] = ipitv);
  unchecked(fields[1] = irms);
  unchecked(fields[2] = 0);
  for (let i = 1; i <= ORDER; i++) unchecked(fields[i + 2] = irc[ORDER - i] & 32767);
  memory.fill(out, 0, FRAME_BYTES);
  for (let i = 0; i < FRAME_BITS - 1; i++) {
    const f = unchecked(IBLIST[i]) - 1;
    const v = unchecked(fields[f]);
    if (v & 1) setBit(out, i);
    unchecked(fields[f] = v / 2);
  }
  if (sync & 1) setBit(out, FRAME_BITS - 1);
}

/**
 * Reads a 7-byte frame at `data` into `irc` (RC(1)..RC(10), sign-extended);
 * returns pitch index in bits 0-7 and RMS index in bits 8-15.
 */
export function readFrame(data: usize, irc: StaticArray<i32>): i32 {
  for (let i = 0; i < 13; i++) unchecked(fields[i] = 0);
  for (let i = FRAME_BITS - 2; i >= 0; i--) {
    const f = unchecked(IBLIST[i]) - 1;
    unchecked(fields[f] = (fields[f] << 1) + getBit(data, i));
  }
  for (let i = 1; i <= ORDER; i++) {
    const s = unchecked(RC_SIGN_BIT[i - 1]);
    if ((unchecked(fields[i + 2]) & s) != 0) unchecked(fields[i + 2] -= s << 1);
  }
  for (let i = 1; i <= ORDER; i++) unchecked(irc[i - 1] = fields[ORDER + 3 - i]);
  return unchecked(fields[0]) | (unchecked(fields[1]) << 8);
}

// @ts-ignore: decorator
@inline function setBit(out: usize, i: i32): void {
  const p = out + <usize> (i >> 3);
  store<u8>(p, <u8> (<i32> load<u8>(p) | (0x80 >> (i & 7))));
}

// @ts-ignore: decorator
@inline function getBit(data: usize, i: i32): i32 {
  return (<i32> load<u8>(data + <usize> (i >> 3)) >> (7 - (i & 7))) & 1;
}
