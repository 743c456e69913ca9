// G.723.1 codec module (ITU-T G.723.1 with Annex A), bit-exact with the ITU
// fixed-point reference, Software Package Release 2 (June 2006).
//
// Frame: 240 samples (30 ms). Frames are 24 bytes (6.3 kbit/s), 20 bytes
// (5.3 kbit/s), 4 bytes (SID) or 1 byte (untransmitted, DTX), told apart by the two
// low bits of the first byte; `encode` and `decode` take any number of them back to
// back (RFC 3551 G723 payloads).
//
// Mode bits (`mode` of the ABI):
//   bit 0  rate: 0 = 6.3 kbit/s (MP-MLQ), 1 = 5.3 kbit/s (ACELP)
//   bit 1  1 = no high-pass filter at the encoder input (ITU lbccodec -Noh)
//   bit 2  1 = no decoder postfilter (ITU lbccodec -Nop)
//   bit 3  1 = Annex A voice activity detection and comfort noise (lbccodec -v):
//          the encoder sends SID and untransmitted frames during silence
// Mode 0 is the ITU reference's default (6.3 kbit/s, high-pass and postfilter on, no VAD).
// The decoder follows the rate of each frame it reads; its rate bit only sets
// frame_bytes/bit_rate. VAD affects only the encoder.
//
// Codec-specific export:
//   set_rate(state, rate): i32  switches an encoder to 6.3 (rate 0) or 5.3 (rate 1)
//                               kbit/s from the next frame on; 0, or -2 for another
//                               rate, -3 for a bad handle.
// `conceal` synthesises whole erased frames (samples must be a multiple of 240),
// as the reference does for a frame flagged erased.
import { Handles } from "../common/handles";
import { ERR_DATA, ERR_HANDLE, ERR_LENGTH } from "../common/errors";
import { FRAME, RATE_53, RATE_63 } from "./constants";
import { frameLength } from "./bitstream";
import { Decoder, decodeFrame } from "./decoder";
import { Encoder, encodeFrame } from "./encoder";
export { buffer_alloc, buffer_free } from "../common/buffers";

const MODE_RATE_53: i32 = 1;
const MODE_NO_HIGH_PASS: i32 = 2;
const MODE_NO_POSTFILTER: i32 = 4;
const MODE_VAD: i32 = 8;
const MODE_BITS: i32 = 15;

const encoders = new Handles<Encoder>();
const decoders = new Handles<Decoder>();

function validMode(mode: i32): bool {
  return (mode & ~MODE_BITS) == 0;
}

function rateOf(mode: i32): i32 {
  return (mode & MODE_RATE_53) != 0 ? RATE_53 : RATE_63;
}

export function frame_samples(mode: i32): i32 {
  return validMode(mode) ? FRAME : 0;
}

export function frame_bytes(mode: i32): i32 {
  if (!validMode(mode)) return 0;
  return rateOf(mode) == RATE_53 ? 20 : 24;
}

export function bit_rate(mode: i32): i32 {
  if (!validMode(mode)) return 0;
  return rateOf(mode) == RATE_53 ? 5300 : 6300;
}

export function enc_create(mode: i32): usize {
  if (!validMode(mode)) return 0;
  const highPass = (mode & MODE_NO_HIGH_PASS) == 0;
  const vad = (mode & MODE_VAD) != 0;
  return encoders.add(new Encoder(rateOf(mode), highPass, vad));
}

export function enc_reset(state: usize): void {
  if (encoders.has(state)) encoders.get(state).reset();
}

export function enc_destroy(state: usize): void {
  encoders.remove(state);
}

export function set_rate(state: usize, rate: i32): i32 {
  if (!encoders.has(state)) return ERR_HANDLE;
  if (rate != RATE_63 && rate != RATE_53) return ERR_DATA;
  encoders.get(state).rate = rate;
  return 0;
}

export function encode(state: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!encoders.has(state)) return ERR_HANDLE;
  if (samples < 0 || samples % FRAME != 0) return ERR_LENGTH;
  const e = encoders.get(state);
  let written = 0;
  for (let n = 0; n < samples; n += FRAME) {
    written += encodeFrame(e, pcm + (<usize>n << 1), out + <usize>written);
  }
  return written;
}

export function dec_create(mode: i32): usize {
  if (!validMode(mode)) return 0;
  return decoders.add(new Decoder((mode & MODE_NO_POSTFILTER) == 0));
}

export function dec_reset(state: usize): void {
  if (decoders.has(state)) decoders.get(state).reset();
}

export function dec_destroy(state: usize): void {
  decoders.remove(state);
}

export function decode(state: usize, data: usize, bytes: i32, pcm: usize): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  // Check the frame lengths first, so a truncated payload changes no state.
  let at = 0;
  while (at < bytes) at += frameLength(<i32>load<u8>(data + <usize>at));
  if (at != bytes) return ERR_LENGTH;
  const d = decoders.get(state);
  let samples = 0;
  for (at = 0; at < bytes; at += frameLength(<i32>load<u8>(data + <usize>at))) {
    decodeFrame(d, data + <usize>at, pcm + (<usize>samples << 1));
    samples += FRAME;
  }
  return samples;
}

export function conceal(state: usize, pcm: usize, samples: i32): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  if (samples < 0 || samples % FRAME != 0) return ERR_LENGTH;
  const d = decoders.get(state);
  for (let n = 0; n < samples; n += FRAME) decodeFrame(d, 0, pcm + (<usize>n << 1));
  return samples;
}
