// G.711 conversions as G.726 defines them around the ADPCM core: EXPAND of an
// input octet to 14-bit uniform PCM (4.2.1), COMPRESS of the reconstructed
// signal (4.2.8), and the one-step moves of the synchronous coding adjustment.
// Tables work on "internal" octets: mu-law as on the line, A-law before the
// even-bit inversion (line octet ^ 0x55).
import { LAW_ALAW } from "./mode";

/** Line octet to internal octet (A-law even bits un-inverted), and back. */
@inline export function lineMask(law: i32): i32 {
  return law == LAW_ALAW ? 0x55 : 0;
}

/** Internal octet to 14-bit two's complement uniform PCM. */
function expand(law: i32, octet: i32): i32 {
  const code = (octet ^ 0x80) & 0xff;
  const negative = code >= 128;
  if (law == LAW_ALAW) {
    const c = code & 127;
    const segment = c >> 4;
    const mant = c & 15;
    // 12-bit magnitude, mid-step, then doubled to the 13-bit scale.
    const magnitude = segment == 0 ? (mant << 1) + 1 : ((mant << 1) + 33) << (segment - 1);
    return negative ? -(magnitude << 1) : magnitude << 1;
  }
  const c = (code & 127) ^ 127;
  const segment = c >> 4;
  const mant = c & 15;
  const magnitude = segment == 0 ? mant << 1 : (((mant << 1) + 33) << segment) - 33;
  return negative ? -magnitude : magnitude;
}

/** 16-bit two's complement reconstructed signal to an internal octet. */
function compress(law: i32, sr: i32): i32 {
  const negative = sr < 0;
  let im = negative ? (-sr) & 32767 : sr;
  if (law == LAW_ALAW) {
    if (sr == -32768) im = 2; // the STL v2.0 correction (test vector ri40fa)
    let imag = negative ? ((im + 1) >> 1) - 1 : im >> 1;
    if (imag > 4095) imag = 4095;
    let segment = 7;
    for (let i = 1; i <= 7; i++) {
      imag += imag;
      if (imag >= 4096) break;
      segment = 7 - i;
    }
    const code = ((imag & 4095) >> 8) + (segment << 4) + (negative ? 128 : 0);
    return code ^ 128;
  }
  let imag = min(im, 8158) + 1;
  let segment = 0;
  let top = 31;
  if (imag > top) {
    let below = top;
    for (segment = 1; segment <= 8; segment++) {
      below = top;
      top += 1 << (segment + 5);
      if (imag <= top) break;
    }
    imag -= below + 1;
  }
  imag /= 1 << (segment + 1);
  const code = imag + (segment << 4) + (negative ? 128 : 0);
  return code ^ 128 ^ 127;
}

// Next lower (down) or higher (up) PCM value for the synchronous adjustment.
function stepDown(law: i32, octet: i32): i32 {
  let sign = octet >> 7;
  let mask = octet & 127;
  if (law == LAW_ALAW) {
    if (sign == 1) {
      if (mask == 0) sign = 0;
      else mask--;
    } else if (mask != 127) mask++;
  } else {
    if (sign == 1) {
      if (mask == 127) {
        sign = 0;
        mask = 126;
      } else mask++;
    } else if (mask != 0) mask--;
  }
  return (sign << 7) | mask;
}

function stepUp(law: i32, octet: i32): i32 {
  let sign = octet >> 7;
  let mask = octet & 127;
  if (law == LAW_ALAW) {
    if (sign == 1) {
      if (mask != 127) mask++;
    } else if (mask == 0) sign = 1;
    else mask--;
  } else {
    if (sign == 1) {
      if (mask != 0) mask--;
    } else if (mask == 127) sign = 1;
    else mask++;
  }
  return (sign << 7) | mask;
}

// Tables for mu-law at [0..], A-law at [LAW_OFFSET..].
function lawIndex(law: i32): i32 {
  return law == LAW_ALAW ? 1 : 0;
}

function buildExpandLine(): StaticArray<i16> {
  const t = new StaticArray<i16>(512);
  for (let law = 1; law <= 2; law++) {
    for (let o = 0; o < 256; o++) {
      t[(lawIndex(law) << 8) | o] = <i16> expand(law, o ^ lineMask(law));
    }
  }
  return t;
}

function buildExpandInternal(): StaticArray<i16> {
  const t = new StaticArray<i16>(512);
  for (let law = 1; law <= 2; law++) {
    for (let o = 0; o < 256; o++) t[(lawIndex(law) << 8) | o] = <i16> expand(law, o);
  }
  return t;
}

function buildCompress(): StaticArray<u8> {
  const t = new StaticArray<u8>(2 * 65536);
  for (let law = 1; law <= 2; law++) {
    for (let x = 0; x < 65536; x++) {
      t[(lawIndex(law) << 16) | x] = <u8> compress(law, <i32> <i16> x);
    }
  }
  return t;
}

function buildSteps(up: bool): StaticArray<u8> {
  const t = new StaticArray<u8>(512);
  for (let law = 1; law <= 2; law++) {
    for (let o = 0; o < 256; o++) {
      t[(lawIndex(law) << 8) | o] = <u8> (up ? stepUp(law, o) : stepDown(law, o));
    }
  }
  return t;
}

/** Line octet to 14-bit uniform PCM, 256 entries per law (mu-law first). */
export const EXPAND_LINE: StaticArray<i16> = buildExpandLine();
/** Internal octet to 14-bit uniform PCM. */
export const EXPAND_INTERNAL: StaticArray<i16> = buildExpandInternal();
/** Reconstructed signal (as u16) to internal octet, 65536 entries per law. */
export const COMPRESS: StaticArray<u8> = buildCompress();
export const STEP_UP: StaticArray<u8> = buildSteps(true);
export const STEP_DOWN: StaticArray<u8> = buildSteps(false);

/** Offset of a law's block in the 256-entry tables (COMPRESS: shift by 8 more). */
@inline export function lawTable(law: i32): i32 {
  return law == LAW_ALAW ? 256 : 0;
}
