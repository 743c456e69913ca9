// The coded parameters of one frame, between the analysis (or the bitstream
// reader) and the synthesis (or the bitstream writer). G.723.1 Tables 5 and 6.
import { SUBFRAMES } from "./constants";

export class FrameParams {
  // Set when the frame is erased or carried a forbidden code.
  erased: bool = false;
  // 24-bit LSP VQ index: band 0 in bits 16..23, band 1 in 8..15, band 2 in 0..7.
  lspIndex: i32 = 0;
  // Open-loop (later: closed-loop) pitch lag of subframes 0-1 and 2-3.
  lag: StaticArray<i32> = new StaticArray<i32>(2);
  // Per subframe: pitch lag offset (0..3; subframes 0 and 2 always 1),
  lagOffset: StaticArray<i32> = new StaticArray<i32>(SUBFRAMES);
  // pitch predictor gain index,
  pitchGain: StaticArray<i32> = new StaticArray<i32>(SUBFRAMES);
  // fixed codebook gain index (SID frames keep the SID gain in entry 0),
  fixedGain: StaticArray<i32> = new StaticArray<i32>(SUBFRAMES);
  // pulse grid (0 even, 1 odd),
  grid: StaticArray<i32> = new StaticArray<i32>(SUBFRAMES);
  // MP-MLQ pulse train flag (6.3 kbit/s, lags below 58),
  train: StaticArray<i32> = new StaticArray<i32>(SUBFRAMES);
  // pulse signs,
  signs: StaticArray<i32> = new StaticArray<i32>(SUBFRAMES);
  // and pulse position index.
  positions: StaticArray<i32> = new StaticArray<i32>(SUBFRAMES);
}
