// The `mode` integer of the G.726 module (documented in index.ts) and what
// follows from it: rate, PCM law, packing and frame size.

export const RATE_16: i32 = 0;
export const RATE_24: i32 = 1;
export const RATE_32: i32 = 2;
export const RATE_40: i32 = 3;

export const LAW_LINEAR: i32 = 0;
export const LAW_MULAW: i32 = 1;
export const LAW_ALAW: i32 = 2;

export const PACK_RFC3551: i32 = 0;
export const PACK_AAL2: i32 = 1;
export const PACK_NONE: i32 = 2;

@inline export function modeRate(mode: i32): i32 {
  return mode & 3;
}

@inline export function modeLaw(mode: i32): i32 {
  return (mode >> 2) & 3;
}

@inline export function modePacking(mode: i32): i32 {
  return (mode >> 4) & 3;
}

export function validMode(mode: i32): bool {
  return (mode & ~0x3f) == 0 && modeLaw(mode) != 3 && modePacking(mode) != 3;
}

/** Bits per codeword: 2, 3, 4 or 5. */
@inline export function codeBits(rate: i32): i32 {
  return rate + 2;
}

/** Samples in the smallest run of codewords that fills whole octets. */
export function frameSamplesOf(mode: i32): i32 {
  if (modePacking(mode) == PACK_NONE) return 1;
  const rate = modeRate(mode);
  return rate == RATE_16 ? 4 : rate == RATE_32 ? 2 : 8;
}

export function frameBytesOf(mode: i32): i32 {
  if (modePacking(mode) == PACK_NONE) return 1;
  return (frameSamplesOf(mode) * codeBits(modeRate(mode))) >> 3;
}

export function bitRateOf(mode: i32): i32 {
  return codeBits(modeRate(mode)) * 8000;
}
