// The jitter buffer's WebAssembly ABI, defined once: this file is read both by the
// AssemblyScript module (./index.ts, ./jitter_buffer.ts) and by its TypeScript host
// (runtime/dsp/jitter_buffer.ts), so it uses only what both languages accept (integer
// constants; AssemblyScript infers i32).

// What get() asks the host to play.
export const PLAY = 0;
export const CONCEAL = 1;
export const SILENCE = 2;

// Why put() refused a packet.
export const DUPLICATE = -10;
export const LATE = -11;
export const INVALID = -12;

// Fields of the decision record.
export const D_KIND = 0;
export const D_SLOT = 1;
export const D_TS = 2;
export const D_SAMPLES = 3;
export const D_OUT = 4;
export const D_SEQ = 5;
export const D_INSERTED = 6;
export const D_ERROR_MS = 7;
export const DECISION_FIELDS = 8;

// Statistics (counts since create/reset, and two current values).
export const S_RECEIVED = 0;
export const S_PLAYED = 1;
export const S_CONCEALED = 2;
export const S_CONCEALED_SAMPLES = 3;
export const S_LATE = 4;
export const S_DUPLICATES = 5;
export const S_OVERFLOW = 6;
export const S_INVALID = 7;
export const S_RESYNCS = 8;
export const S_STRETCHED = 9;
export const S_COMPRESSED = 10;
export const S_INSERTED = 11;
export const S_SILENCE = 12;
export const S_CURRENT_DELAY = 13;
export const S_TARGET_DELAY = 14;
export const S_BUFFERED = 15;
export const S_TALKSPURTS = 16;
export const S_DROPPED_FOR_DELAY = 17;
export const S_PLAYOUT_OFFSET = 18;
export const S_MIN_TRANSIT = 19;
export const S_LOSS_RATE = 20;
export const S_LEVEL_SHIFTS = 21;
export const STAT_FIELDS = 22;

// Setting keys of jb_set.
export const K_MIN_DELAY = 0;
export const K_MAX_DELAY = 1;
export const K_LATE_COST = 2;
export const K_DECAY = 3;
export const K_MARGIN = 4;
export const K_INITIAL_DELAY = 5;
export const K_ATTACK_COUNT = 6;
export const K_TIME_SCALE = 7;
export const K_SCALE_THRESHOLD = 8;
export const K_MAX_SCALE = 9;
export const K_TICK = 10;
export const K_MAX_CONCEAL = 11;
export const K_JUMP = 12;
export const K_DROP_THRESHOLD = 13;
export const K_LATE_WAIT = 14;
export const K_WAIT_STEP = 15;
export const K_GAP_STRETCH = 16;
export const K_LATE_BELIEF = 17;
