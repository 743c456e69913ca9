// One LPC-10e frame: 7 bytes -> 180 float samples (lpc10_decode of the reference).
import { readFrame } from "./bitstream";
import { DecoderState } from "./decoder_state";
import { dequantize, FrameParams } from "./dequantize";
import { synthesize } from "./synthesis";

const params = new FrameParams();

/** Decodes the frame at `data` into 180 f32 samples at `speech`. */
export function decodeFrame(st: DecoderState, data: usize, speech: usize): void {
  const packed = readFrame(data, params.irc);
  dequantize(st, packed & 0xff, packed >> 8, params);
  synthesize(st, params, speech);
}
