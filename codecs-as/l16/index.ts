// L16 codec module: 16-bit linear PCM as RTP carries it (RFC 3551 section 4.5.11),
// most significant octet first. Mono only (the phone's lines are mono).
//
// Mode: 0 = 8000 Hz, 1 = 16000 Hz (both with a dynamic payload type; the static types
// 10 and 11 are 44100 Hz). The coding is the same, only the bit rate differs. A frame is
// one sample, two octets; an odd payload length makes decode return -1.
// `conceal` outputs silence (the phone conceals with G.711 Appendix I).
import { Handles } from "../common/handles";
import { ERR_HANDLE, ERR_LENGTH } from "../common/errors";
export { buffer_alloc, buffer_free } from "../common/buffers";

class Mode {
  constructor(public mode: i32) {}
}

const states = new Handles<Mode>();

function validMode(mode: i32): bool {
  return mode == 0 || mode == 1;
}

export function frame_samples(mode: i32): i32 {
  return validMode(mode) ? 1 : 0;
}

export function frame_bytes(mode: i32): i32 {
  return validMode(mode) ? 2 : 0;
}

export function bit_rate(mode: i32): i32 {
  return validMode(mode) ? (mode == 0 ? 128000 : 256000) : 0;
}

export function enc_create(mode: i32): usize {
  return validMode(mode) ? states.add(new Mode(mode)) : 0;
}

export function dec_create(mode: i32): usize {
  return enc_create(mode);
}

// L16 has no memory.
export function enc_reset(state: usize): void {}
export function dec_reset(state: usize): void {}

export function enc_destroy(state: usize): void {
  states.remove(state);
}

export function dec_destroy(state: usize): void {
  states.remove(state);
}

// Swapping the octets of each sample is its own inverse: host order is little-endian.
function swap(from: usize, to: usize, samples: i32): void {
  const whole = samples & ~7;
  for (let i = 0; i < whole; i += 8) {
    const at = <usize> i << 1;
    const x = v128.load(from + at);
    v128.store(to + at, i8x16.shuffle(x, x, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
  }
  for (let i = whole; i < samples; i++) {
    const at = <usize> i << 1;
    store<u16>(to + at, bswap<u16>(load<u16>(from + at)));
  }
}

export function encode(state: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  swap(pcm, out, samples);
  return samples << 1;
}

export function decode(state: usize, data: usize, bytes: i32, pcm: usize): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  if (bytes & 1) return ERR_LENGTH;
  swap(data, pcm, bytes >> 1);
  return bytes >> 1;
}

export function conceal(state: usize, pcm: usize, samples: i32): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  memory.fill(pcm, 0, <usize> samples << 1);
  return samples;
}
