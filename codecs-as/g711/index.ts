// G.711 codec module. Mode: 0 = mu-law (PCMU), 1 = A-law (PCMA).
// One frame is one sample and one octet; encoding is a lookup in a 64 KiB table
// per law built once at start, decoding a lookup in a 256-entry table.
import { alawDecode, alawEncode, ulawDecode, ulawEncode } from "./law";
import { Handles } from "../common/handles";
import { ERR_HANDLE } from "../common/errors";
export { buffer_alloc, buffer_free } from "../common/buffers";

const MULAW: i32 = 0;
const ALAW: i32 = 1;

function buildEncodeTable(law: i32): StaticArray<u8> {
  const table = new StaticArray<u8>(65536);
  for (let i = 0; i < 65536; i++) {
    const x = <i32> (<i16> i);
    table[i] = law == ALAW ? alawEncode(x) : ulawEncode(x);
  }
  return table;
}

function buildDecodeTable(law: i32): StaticArray<i16> {
  const table = new StaticArray<i16>(256);
  for (let i = 0; i < 256; i++) table[i] = law == ALAW ? alawDecode(i) : ulawDecode(i);
  return table;
}

const encodeTables: StaticArray<StaticArray<u8>> = [
  buildEncodeTable(MULAW),
  buildEncodeTable(ALAW),
];
const decodeTables: StaticArray<StaticArray<i16>> = [
  buildDecodeTable(MULAW),
  buildDecodeTable(ALAW),
];

class State {
  constructor(public law: i32) {}
}

const states = new Handles<State>();

function validMode(mode: i32): bool {
  return mode == MULAW || mode == ALAW;
}

export function frame_samples(mode: i32): i32 {
  return validMode(mode) ? 1 : 0;
}

export function frame_bytes(mode: i32): i32 {
  return validMode(mode) ? 1 : 0;
}

export function bit_rate(mode: i32): i32 {
  return validMode(mode) ? 64000 : 0;
}

export function enc_create(mode: i32): usize {
  return validMode(mode) ? states.add(new State(mode)) : 0;
}

export function dec_create(mode: i32): usize {
  return enc_create(mode);
}

// G.711 has no memory: reset only checks the handle.
export function enc_reset(state: usize): void {}
export function dec_reset(state: usize): void {}

export function enc_destroy(state: usize): void {
  states.remove(state);
}

export function dec_destroy(state: usize): void {
  states.remove(state);
}

export function encode(state: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  const table = changetype<usize>(unchecked(encodeTables[states.get(state).law]));
  for (let i = 0; i < samples; i++) {
    const x = <usize> load<u16>(pcm + (<usize> i << 1));
    store<u8>(out + <usize> i, load<u8>(table + x));
  }
  return samples;
}

export function decode(state: usize, data: usize, bytes: i32, pcm: usize): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  const law = states.get(state).law;
  const whole = bytes & ~15;
  decodeSimd(unchecked(kernels[law]), data, whole, pcm);
  const table = changetype<usize>(unchecked(decodeTables[law]));
  for (let i = whole; i < bytes; i++) {
    const code = <usize> load<u8>(data + <usize> i);
    store<i16>(pcm + (<usize> i << 1), load<i16>(table + (code << 1)));
  }
  return bytes;
}

// Both laws decode as level = mantissa * A[hi] + B[hi], where hi is the high nibble
// (sign and segment) of the octet XOR a law mask, and mantissa its low nibble. A and B
// (sign included) come from the reference levels, so they cannot disagree with them.
// The 16-entry tables fit i8x16.swizzle: one swizzle each for their low and high bytes.
class Kernel {
  constructor(
    public mask: v128,
    public aLow: v128,
    public aHigh: v128,
    public bLow: v128,
    public bHigh: v128,
  ) {}
}

function buildKernel(law: i32): Kernel {
  const mask: i32 = law == ALAW ? 0x55 : 0xff;
  const a = new StaticArray<u8>(32); // A then B, low bytes at 0..15 and high at 16..31
  const b = new StaticArray<u8>(32);
  const levels = decodeTables[law];
  for (let hi = 0; hi < 16; hi++) {
    const octet = (hi << 4) ^ mask; // mantissa 0
    const base = <i32> levels[octet & 0xff];
    const step = <i32> levels[((hi << 4) | 1) ^ mask] - base;
    a[hi] = <u8> step;
    a[hi + 16] = <u8> (step >> 8);
    b[hi] = <u8> base;
    b[hi + 16] = <u8> (base >> 8);
  }
  const ap = changetype<usize>(a), bp = changetype<usize>(b);
  return new Kernel(
    i8x16.splat(<i8> mask),
    v128.load(ap),
    v128.load(ap + 16),
    v128.load(bp),
    v128.load(bp + 16),
  );
}

const kernels: StaticArray<Kernel> = [buildKernel(MULAW), buildKernel(ALAW)];

function decodeSimd(k: Kernel, data: usize, bytes: i32, pcm: usize): void {
  const nibble = i8x16.splat(0x0f);
  for (let i = 0; i < bytes; i += 16) {
    const code = v128.xor(v128.load(data + <usize> i), k.mask);
    const hi = v128.and(i16x8.shr_u(code, 4), nibble);
    const mantissa = v128.and(code, nibble);
    const aLow = i8x16.swizzle(k.aLow, hi);
    const aHigh = i8x16.swizzle(k.aHigh, hi);
    const bLow = i8x16.swizzle(k.bLow, hi);
    const bHigh = i8x16.swizzle(k.bHigh, hi);
    const out = pcm + (<usize> i << 1);
    v128.store(
      out,
      i16x8.add(
        i16x8.mul(i16x8.extend_low_i8x16_u(mantissa), interleaveLow(aLow, aHigh)),
        interleaveLow(bLow, bHigh),
      ),
    );
    v128.store(
      out + 16,
      i16x8.add(
        i16x8.mul(i16x8.extend_high_i8x16_u(mantissa), interleaveHigh(aLow, aHigh)),
        interleaveHigh(bLow, bHigh),
      ),
    );
  }
}

// Low and high bytes of eight 16-bit values, back into i16 lanes.
// @ts-ignore: decorator
@inline function interleaveLow(low: v128, high: v128): v128 {
  return i8x16.shuffle(low, high, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}

// @ts-ignore: decorator
@inline function interleaveHigh(low: v128, high: v128): v128 {
  return i8x16.shuffle(low, high, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}

// G.711 itself has no concealment; silence here, Appendix I PLC lives in the jitter buffer.
export function conceal(state: usize, pcm: usize, samples: i32): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  memory.fill(pcm, 0, <usize> samples << 1);
  return samples;
}
