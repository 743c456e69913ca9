// Generated from ITU-T G.723.1 Software Package Release 2 (June 2006), tab_lbc.c,
// by a transcription script: the numeric tables the standard defines. Do not edit.

// SID gain averaging factors for 0..3 frames (ITU fact, 4 values).
export const SID_ENERGY_FACTOR: StaticArray<i16> = [
  273, 998, 499, 333,
];

// SID gain quantizer segment bounds (ITU L_bseg, 3 values).
export const SID_SEGMENT_BOUND: StaticArray<i32> = [
  2048, 18432, 231233,
];

// SID gain quantizer segment bases (ITU base, 3 values).
export const SID_SEGMENT_BASE: StaticArray<i16> = [
  0, 32, 96,
];
