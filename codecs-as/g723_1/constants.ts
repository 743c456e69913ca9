// G.723.1 dimensions and fixed parameters (ITU-T G.723.1 clause 2 and the reference's cst_lbc.h).

export const FRAME: i32 = 240; // samples per frame (30 ms)
export const SUBFRAMES: i32 = 4;
export const SUBFRAME: i32 = 60; // samples per subframe
export const LPC_FRAME: i32 = 180; // LPC analysis window
export const LPC_ORDER: i32 = 10;
export const PITCH_MIN: i32 = 18;
export const PITCH_MAX: i32 = PITCH_MIN + 127; // 145
export const PITCH_TAPS: i32 = 5; // taps of the pitch predictor
export const GAIN_LEVELS: i32 = 24; // fixed codebook gain levels
export const MAX_PULSES: i32 = 6; // MP-MLQ pulses at most per subframe
export const GRID_STEP: i32 = 2; // MP-MLQ pulse grid spacing
export const MAX_ERASED: i32 = 3; // consecutive erased frames before muting

// Frame rates as the bitstream and the encoder's rate switch name them.
export const RATE_63: i32 = 0;
export const RATE_53: i32 = 1;

// Frame types (the bitstream's two low bits of byte 0 are derived from these).
export const FRAME_UNTRANSMITTED: i32 = 0;
export const FRAME_ACTIVE: i32 = 1;
export const FRAME_SID: i32 = 2;

// Codebook sizes of the pitch predictor gains.
export const ADAPTIVE_GAINS_85: i32 = 85;
export const ADAPTIVE_GAINS_170: i32 = 170;
