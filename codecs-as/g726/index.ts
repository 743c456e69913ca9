// G.726 codec module: ADPCM at 16, 24, 32 and 40 kbit/s, bit-exact with the
// ITU-T G.726 Appendix II test sequences and the G.191 STL.
//
// Mode bits:
//   bits 0-1  rate:    0 = 16 kbit/s (2-bit codewords), 1 = 24 (3), 2 = 32 (4), 3 = 40 (5)
//   bits 2-3  PCM law: 0 = 16-bit linear, 1 = mu-law, 2 = A-law (3 is invalid)
//   bits 4-5  packing: 0 = RFC 3551 "G726-xx" (first codeword in the least significant
//                      bits), 1 = ITU-T I.366.2 "AAL2-G726-xx" (first codeword in the
//                      most significant bits), 2 = unpacked, one codeword per byte
//                      (3 is invalid); higher bits must be 0.
// So mode = rate for the RTP registry entries (linear PCM, RFC 3551 packing).
//
// PCM: with linear I/O the encoder drops the 2 low bits of each 16-bit sample
// (G.726 works on 14-bit uniform PCM) and the decoder outputs the reconstructed
// signal times 4, saturated, with no synchronous coding adjustment (G.726 applies
// it only to G.711 output). With mu-law or A-law, every Int16 sample of the PCM
// buffer carries one G.711 line octet, 0..255 (A-law with its even bits already
// inverted, as transmitted); the decoder applies the synchronous coding
// adjustment of its output law. A value outside 0..255 makes encode return -2.
//
// Frames are the fewest samples that fill whole octets: 4 samples (1 byte) at
// 16 kbit/s, 8 (3 bytes) at 24, 2 (1 byte) at 32, 8 (5 bytes) at 40; unpacked,
// 1 sample (1 byte). Decoding unpacked codewords wider than the rate gives -2.
//
// Extra export `set_mode(state, mode): i32` changes the mode of a live encoder
// or decoder keeping its adaptive state, for variable-rate operation as in the
// STL (rate switching between blocks); it returns 0, -2 for an invalid mode or
// -3 for an unknown state. `conceal` outputs silence and leaves the state alone.
import { State } from "./state";
import { decodeLaw, decodeLinear, encodeLaw, encodeLinear } from "./adpcm";
import { pack, unpack } from "./packing";
import {
  bitRateOf,
  codeBits,
  frameBytesOf,
  frameSamplesOf,
  LAW_ALAW,
  LAW_LINEAR,
  LAW_MULAW,
  PACK_AAL2,
  PACK_NONE,
  validMode,
} from "./mode";
import { Handles } from "../common/handles";
import { ERR_DATA, ERR_HANDLE, ERR_LENGTH } from "../common/errors";
export { buffer_alloc, buffer_free } from "../common/buffers";

// Packed modes run through a scratch block of codewords (a multiple of 8).
const CHUNK: i32 = 1024;
const scratch = heap.alloc(<usize> CHUNK);

const encoders = new Handles<State>();
const decoders = new Handles<State>();

function modeOf(s: State): i32 {
  return s.rate | (s.law << 2) | (s.packing << 4);
}

export function frame_samples(mode: i32): i32 {
  return validMode(mode) ? frameSamplesOf(mode) : 0;
}

export function frame_bytes(mode: i32): i32 {
  return validMode(mode) ? frameBytesOf(mode) : 0;
}

export function bit_rate(mode: i32): i32 {
  return validMode(mode) ? bitRateOf(mode) : 0;
}

export function enc_create(mode: i32): usize {
  return validMode(mode) ? encoders.add(new State(mode)) : 0;
}

export function dec_create(mode: i32): usize {
  return validMode(mode) ? decoders.add(new State(mode)) : 0;
}

export function enc_reset(state: usize): void {
  if (encoders.has(state)) encoders.get(state).reset();
}

export function dec_reset(state: usize): void {
  if (decoders.has(state)) decoders.get(state).reset();
}

export function enc_destroy(state: usize): void {
  encoders.remove(state);
}

export function dec_destroy(state: usize): void {
  decoders.remove(state);
}

export function set_mode(state: usize, mode: i32): i32 {
  if (!validMode(mode)) return ERR_DATA;
  if (encoders.has(state)) encoders.get(state).setMode(mode);
  else if (decoders.has(state)) decoders.get(state).setMode(mode);
  else return ERR_HANDLE;
  return 0;
}

function octetsValid(pcm: usize, samples: i32): bool {
  let bad = 0;
  for (let k = 0; k < samples; k++) bad |= <i32> load<u16>(pcm + (<usize> k << 1));
  return (bad & ~255) == 0;
}

function encodeBlock(s: State, pcm: usize, n: i32, codes: usize): void {
  if (s.law == LAW_LINEAR) encodeLinear(s, pcm, codes, n);
  else encodeLaw(s, pcm, codes, n);
}

function decodeBlock(s: State, codes: usize, n: i32, pcm: usize): void {
  if (s.law == LAW_LINEAR) decodeLinear(s, codes, pcm, n);
  else decodeLaw(s, codes, pcm, n);
}

export function encode(state: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!encoders.has(state)) return ERR_HANDLE;
  const s = encoders.get(state);
  const mode = modeOf(s);
  if (samples < 0 || samples % frameSamplesOf(mode) != 0) return ERR_LENGTH;
  if (s.law != LAW_LINEAR && !octetsValid(pcm, samples)) return ERR_DATA;
  if (s.packing == PACK_NONE) {
    encodeBlock(s, pcm, samples, out);
    return samples;
  }
  const bits = codeBits(s.rate);
  const bigEndian = s.packing == PACK_AAL2;
  let written = 0;
  for (let done = 0; done < samples; done += CHUNK) {
    const n = min(CHUNK, samples - done);
    encodeBlock(s, pcm + (<usize> done << 1), n, scratch);
    written += pack(scratch, n, bits, out + <usize> written, bigEndian);
  }
  return written;
}

function codesValid(data: usize, bytes: i32, bits: i32): bool {
  let all = 0;
  for (let k = 0; k < bytes; k++) all |= <i32> load<u8>(data + <usize> k);
  return (all >> bits) == 0;
}

export function decode(state: usize, data: usize, bytes: i32, pcm: usize): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  const s = decoders.get(state);
  const mode = modeOf(s);
  const frameBytes = frameBytesOf(mode);
  if (bytes < 0 || bytes % frameBytes != 0) return ERR_LENGTH;
  const bits = codeBits(s.rate);
  if (s.packing == PACK_NONE) {
    if (!codesValid(data, bytes, bits)) return ERR_DATA;
    decodeBlock(s, data, bytes, pcm);
    return bytes;
  }
  const bigEndian = s.packing == PACK_AAL2;
  const chunkBytes = (CHUNK / frameSamplesOf(mode)) * frameBytes;
  let samples = 0;
  for (let done = 0; done < bytes; done += chunkBytes) {
    const n = unpack(data + <usize> done, min(chunkBytes, bytes - done), bits, scratch, bigEndian);
    decodeBlock(s, scratch, n, pcm + (<usize> samples << 1));
    samples += n;
  }
  return samples;
}

// G.726 defines no erasure concealment: silence in the output format.
export function conceal(state: usize, pcm: usize, samples: i32): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  const law = decoders.get(state).law;
  const silence: i16 = law == LAW_MULAW ? 0xff : law == LAW_ALAW ? 0xd5 : 0;
  for (let k = 0; k < samples; k++) store<i16>(pcm + (<usize> k << 1), silence);
  return samples;
}
