// The DTMF detector's WebAssembly ABI, defined once: read both by the AssemblyScript module
// (./index.ts) and by its TypeScript host (runtime/dsp/dtmf_detector.ts), so it holds only
// integer constants (AssemblyScript infers i32).

// dtmf_event_kind results.
export const EVENT_END = 0;
export const EVENT_START = 1;

// Setting keys of dtmf_set.
export const K_MIN_LEVEL = 0;
export const K_MAX_HIGH_OVER_LOW = 1;
export const K_MAX_LOW_OVER_HIGH = 2;
export const K_MAX_DEVIATION = 3;
export const K_MIN_TONE_SHARE = 4;
export const K_MIN_DOMINANCE = 5;
export const K_KEEP_SLACK = 6;
