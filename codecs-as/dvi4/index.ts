// DVI4 codec module: IMA ADPCM as RTP carries it (RFC 3551 section 4.5.1), 4 bits a sample.
//
// Mode: 0 = 8000 Hz (payload type 5), 1 = 16000 Hz (payload type 6); the coding is the
// same, only the bit rate differs.
//
// Each `encode` call is one packet, one DVI block: a 4-octet header (the predicted value
// before the block's first sample, 16 bits big-endian; the step index, 8 bits; one zero
// octet), then the codes two to an octet, the first sample in the high nibble. The
// encoder's state carries over from packet to packet. Each `decode` call is one packet:
// the decoder starts from the packet's header, so a lost packet does not derail the next.
// A frame is 2 samples (1 octet); the header comes on top of the frames, once per call.
// A header with a step index above 88 makes decode return -2, a payload shorter than the
// header -1. `conceal` outputs silence (the phone conceals with G.711 Appendix I).
import { decodeBlock, encodeBlock, Ima, MAX_STEP_INDEX } from "./ima";
import { Handles } from "../common/handles";
import { ERR_DATA, ERR_HANDLE, ERR_LENGTH } from "../common/errors";
export { buffer_alloc, buffer_free } from "../common/buffers";

const HEADER_BYTES: i32 = 4;

const encoders = new Handles<Ima>();
const decoders = new Handles<Ima>();

function validMode(mode: i32): bool {
  return mode == 0 || mode == 1;
}

export function frame_samples(mode: i32): i32 {
  return validMode(mode) ? 2 : 0;
}

export function frame_bytes(mode: i32): i32 {
  return validMode(mode) ? 1 : 0;
}

export function bit_rate(mode: i32): i32 {
  return validMode(mode) ? (mode == 0 ? 32000 : 64000) : 0;
}

export function enc_create(mode: i32): usize {
  return validMode(mode) ? encoders.add(new Ima()) : 0;
}

export function dec_create(mode: i32): usize {
  return validMode(mode) ? decoders.add(new Ima()) : 0;
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

export function encode(state: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!encoders.has(state)) return ERR_HANDLE;
  if (samples & 1) return ERR_LENGTH;
  const s = encoders.get(state);
  store<u8>(out, <u8> (s.predicted >> 8));
  store<u8>(out + 1, <u8> s.predicted);
  store<u8>(out + 2, <u8> s.index);
  store<u8>(out + 3, 0);
  encodeBlock(s, pcm, samples, out + <usize> HEADER_BYTES);
  return HEADER_BYTES + (samples >> 1);
}

export function decode(state: usize, data: usize, bytes: i32, pcm: usize): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  if (bytes < HEADER_BYTES) return ERR_LENGTH;
  const index = <i32> load<u8>(data + 2);
  if (index > MAX_STEP_INDEX) return ERR_DATA;
  const s = decoders.get(state);
  s.predicted = <i32> ((<i32> load<u8>(data) << 24) >> 16 | <i32> load<u8>(data + 1));
  s.index = index;
  decodeBlock(s, data + <usize> HEADER_BYTES, bytes - HEADER_BYTES, pcm);
  return (bytes - HEADER_BYTES) << 1;
}

export function conceal(state: usize, pcm: usize, samples: i32): i32 {
  if (!decoders.has(state)) return ERR_HANDLE;
  memory.fill(pcm, 0, <usize> samples << 1);
  return samples;
}
