// LPC-10e codec module (FS-1015, 2400 bit/s), bit-exact with the lpc10 1.5 library
// (the f2c translation of the US DoD LPC-10e code bundled in SoX) and its SoX I/O.
//
// Frame: 180 samples (22.5 ms) <-> 7 bytes (54 bits, MSB first, 2 pad bits), the
// packed format of SoX's `lpc10` files. One mode only: 0.
// PCM in: x / 32768 as the reference's float input. PCM out: the reference's float
// output converted as Debian SoX 14.4.2 does (see toS16 below).
//
// Codec-specific export:
//   decode_f32(state, data, bytes, out): i32  like `decode`, but writes the
//                                            reference's raw float32 samples.
// `conceal` repeats nothing: it returns silence and leaves the decoder unchanged.
import { Handles } from "../common/handles";
import { ERR_HANDLE, ERR_LENGTH } from "../common/errors";
import { FRAME_BYTES } from "./bitstream";
import { DecoderState } from "./decoder_state";
import { decodeFrame } from "./decoder";
import { EncoderState } from "./encoder_state";
import { encodeFrame } from "./encoder";
import { LFRAME } from "./tables";
export { buffer_alloc, buffer_free } from "../common/buffers";

const encoders = new Handles<EncoderState>();
const decoders = new Handles<DecoderState>();
const speech = new StaticArray<f32>(LFRAME);

export function frame_samples(mode: i32): i32 {
  return mode == 0 ? LFRAME : 0;
}

export function frame_bytes(mode: i32): i32 {
  return mode == 0 ? FRAME_BYTES : 0;
}

export function bit_rate(mode: i32): i32 {
  return mode == 0 ? 2400 : 0;
}

export function enc_create(mode: i32): usize {
  return mode == 0 ? encoders.add(new EncoderState()) : 0;
}

export function enc_reset(state: usize): void {
  if (encoders.has(state)) encoders.get(state).reset();
}

export function enc_destroy(state: usize): void {
  encoders.remove(state);
}

export function encode(state: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!encoders.has(state)) return ERR_HANDLE;
  if (samples < 0 || samples % LFRAME != 0) return ERR_LENGTH;
  const e = encoders.get(state);
  const x = changetype<usize>(speech);
  let written = 0;
  for (let n = 0; n < samples; n += LFRAME) {
    for (let i = 0; i < LFRAME; i++) {
      const s = load<i16>(pcm + (<usize> (n + i) << 1));
      store<f32>(x + (<usize> i << 2), <f32> s / <f32> 32768);
    }
    encodeFrame(e, x, out + <usize> written);
    written += FRAME_BYTES;
  }
  return written;
}

export function dec_create(mode: i32): usize {
  return mode == 0 ? decoders.add(new DecoderState()) : 0;
}

export function dec_reset(state: usize): void {
  if (decoders.has(state)) decoders.get(state).reset();
}

export function dec_destroy(state: usize): void {
  decoders.remove(state);
}

// Debian SoX 14.4.2: float -> 32-bit by truncating f * 2^31 (clipped), then to 16 bits
// by adding half an LSB and shifting, clipping at the top.
function toS16(f: f32): i16 {
  const t = <f64> f * 2147483648.0;
  let s: i64;
  if (t < -2147483648.0) s = -2147483648;
  else if (t >= 2147483648.0) s = 2147483647;
  else s = <i64> t;
  if (s > 2147483647 - 32768) return 32767;
  return <i16> ((s + 32768) >> 16);
}

export function decode(state: usize, data: usize, bytes: i32, pcm: usize): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  if (bytes < 0 || bytes % FRAME_BYTES != 0) return ERR_LENGTH;
  const d = decoders.get(state);
  const x = changetype<usize>(speech);
  let samples = 0;
  for (let at = 0; at < bytes; at += FRAME_BYTES) {
    decodeFrame(d, data + <usize> at, x);
    for (let i = 0; i < LFRAME; i++) {
      store<i16>(pcm + (<usize> (samples + i) << 1), toS16(load<f32>(x + (<usize> i << 2))));
    }
    samples += LFRAME;
  }
  return samples;
}

export function decode_f32(state: usize, data: usize, bytes: i32, out: usize): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  if (bytes < 0 || bytes % FRAME_BYTES != 0) return ERR_LENGTH;
  const d = decoders.get(state);
  let samples = 0;
  for (let at = 0; at < bytes; at += FRAME_BYTES) {
    decodeFrame(d, data + <usize> at, out + (<usize> samples << 2));
    samples += LFRAME;
  }
  return samples;
}

// The reference has no frame-erasure decoding: a lost frame becomes silence.
export function conceal(state: usize, pcm: usize, samples: i32): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  memory.fill(pcm, 0, <usize> max(samples, 0) << 1);
  return samples;
}
