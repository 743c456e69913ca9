// Frame packing (G.723.1 clause 4, Tables 5-7): parameters are serialised in table
// order, each least significant bit first, and serial bit k lands in bit k % 8 of
// byte k / 8. The two low bits of byte 0 give the frame type and so its length.
import { FrameParams } from "./params";
import {
  FRAME_ACTIVE,
  FRAME_SID,
  FRAME_UNTRANSMITTED,
  PITCH_MIN,
  RATE_53,
  RATE_63,
  SUBFRAME,
  SUBFRAMES,
  GAIN_LEVELS,
  ADAPTIVE_GAINS_85,
  ADAPTIVE_GAINS_170,
} from "./constants";

// Two-bit frame codes: 6.3 kbit/s, 5.3 kbit/s, SID, untransmitted.
const CODE_63: i32 = 0;
const CODE_53: i32 = 1;
const CODE_SID: i32 = 2;
const CODE_NONE: i32 = 3;

// Bytes of a frame whose first byte is `first`.
export function frameLength(first: i32): i32 {
  const code = first & 3;
  return code == CODE_63 ? 24 : code == CODE_53 ? 20 : code == CODE_SID ? 4 : 1;
}

class BitReader {
  data: usize = 0;
  pos: i32 = 0;

  start(data: usize): void {
    this.data = data;
    this.pos = 0;
  }

  read(count: i32): i32 {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const k = this.pos + i;
      const bit = (<i32>load<u8>(this.data + <usize>(k >> 3)) >> (k & 7)) & 1;
      value |= bit << i;
    }
    this.pos += count;
    return value;
  }
}

class BitWriter {
  data: usize = 0;
  pos: i32 = 0;

  start(data: usize, bytes: i32): void {
    this.data = data;
    this.pos = 0;
    memory.fill(data, 0, <usize>bytes);
  }

  write(value: i32, count: i32): void {
    for (let i = 0; i < count; i++) {
      const k = this.pos + i;
      const p = this.data + <usize>(k >> 3);
      store<u8>(p, load<u8>(p) | <u8>(((value >> i) & 1) << (k & 7)));
    }
    this.pos += count;
  }
}

const reader = new BitReader();
const writer = new BitWriter();

// What a frame holds, as the decoder needs to know it.
export class FrameKind {
  type: i32 = FRAME_UNTRANSMITTED;
  rate: i32 = RATE_63;
}

// Reads one frame at `data` into `p`. A forbidden pitch lag or gain index marks an
// active frame as erased, as G.723.1 clause 4 asks.
export function readFrame(data: usize, p: FrameParams, kind: FrameKind): void {
  reader.start(data);
  p.erased = false;
  const code = reader.read(2);
  if (code == CODE_NONE) {
    kind.type = FRAME_UNTRANSMITTED;
    return;
  }
  p.lspIndex = reader.read(24);
  if (code == CODE_SID) {
    unchecked((p.fixedGain[0] = reader.read(6)));
    kind.type = FRAME_SID;
    return;
  }
  kind.type = FRAME_ACTIVE;
  const rate = code == CODE_63 ? RATE_63 : RATE_53;
  kind.rate = rate;
  if (!readLags(p)) {
    p.erased = true;
    return;
  }
  if (!readGains(p, rate)) {
    p.erased = true;
    return;
  }
  for (let i = 0; i < SUBFRAMES; i++) unchecked((p.grid[i] = reader.read(1)));
  if (rate == RATE_63) readPulses63(p);
  else readPulses53(p);
}

function readLags(p: FrameParams): bool {
  for (let half = 0; half < 2; half++) {
    const lag = reader.read(7);
    if (lag > 123) return false;
    unchecked((p.lag[half] = lag + PITCH_MIN));
    unchecked((p.lagOffset[2 * half] = 1));
    unchecked((p.lagOffset[2 * half + 1] = reader.read(2)));
  }
  return true;
}

function readGains(p: FrameParams, rate: i32): bool {
  for (let i = 0; i < SUBFRAMES; i++) {
    let combined = reader.read(12);
    let bound = ADAPTIVE_GAINS_170;
    unchecked((p.train[i] = 0));
    if (rate == RATE_63 && unchecked(p.lag[i >> 1]) < SUBFRAME - 2) {
      unchecked((p.train[i] = combined >> 11));
      combined &= 0x7ff;
      bound = ADAPTIVE_GAINS_85;
    }
    const gain = combined / GAIN_LEVELS;
    if (gain >= bound) return false;
    unchecked((p.pitchGain[i] = gain));
    unchecked((p.fixedGain[i] = combined % GAIN_LEVELS));
  }
  return true;
}

// 6.3 kbit/s: a reserved bit, a 13-bit index combining the high position digits
// of all subframes (bases 9 and 90), the low position bits, then the signs.
function readPulses63(p: FrameParams): void {
  reader.read(1);
  const high = reader.read(13);
  const h01 = high / 90;
  const h23 = high % 90;
  unchecked((p.positions[0] = ((h01 / 9) << 16) + reader.read(16)));
  unchecked((p.positions[1] = ((h01 % 9) << 14) + reader.read(14)));
  unchecked((p.positions[2] = ((h23 / 9) << 16) + reader.read(16)));
  unchecked((p.positions[3] = ((h23 % 9) << 14) + reader.read(14)));
  unchecked((p.signs[0] = reader.read(6)));
  unchecked((p.signs[1] = reader.read(5)));
  unchecked((p.signs[2] = reader.read(6)));
  unchecked((p.signs[3] = reader.read(5)));
}

function readPulses53(p: FrameParams): void {
  for (let i = 0; i < SUBFRAMES; i++) unchecked((p.positions[i] = reader.read(12)));
  for (let i = 0; i < SUBFRAMES; i++) unchecked((p.signs[i] = reader.read(4)));
}

// Writes a frame of `type` at `rate` into `out`; returns its length in bytes.
export function writeFrame(out: usize, p: FrameParams, type: i32, rate: i32): i32 {
  if (type == FRAME_UNTRANSMITTED) {
    store<u8>(out, <u8>CODE_NONE);
    return 1;
  }
  if (type == FRAME_SID) {
    writer.start(out, 4);
    writer.write(CODE_SID, 2);
    writer.write(p.lspIndex, 24);
    writer.write(unchecked(p.fixedGain[0]), 6);
    return 4;
  }
  const bytes = rate == RATE_63 ? 24 : 20;
  writer.start(out, bytes);
  writer.write(rate == RATE_63 ? CODE_63 : CODE_53, 2);
  writer.write(p.lspIndex, 24);
  writer.write(unchecked(p.lag[0]) - PITCH_MIN, 7);
  writer.write(unchecked(p.lagOffset[1]), 2);
  writer.write(unchecked(p.lag[1]) - PITCH_MIN, 7);
  writer.write(unchecked(p.lagOffset[3]), 2);
  for (let i = 0; i < SUBFRAMES; i++) {
    let combined = unchecked(p.pitchGain[i]) * GAIN_LEVELS + unchecked(p.fixedGain[i]);
    if (rate == RATE_63) combined += unchecked(p.train[i]) << 11;
    writer.write(combined, 12);
  }
  for (let i = 0; i < SUBFRAMES; i++) writer.write(unchecked(p.grid[i]), 1);
  if (rate == RATE_63) {
    writer.write(0, 1);
    const high = ((unchecked(p.positions[0]) >> 16) * 9 + (unchecked(p.positions[1]) >> 14)) * 90 +
      (unchecked(p.positions[2]) >> 16) * 9 + (unchecked(p.positions[3]) >> 14);
    writer.write(high, 13);
    writer.write(unchecked(p.positions[0]) & 0xffff, 16);
    writer.write(unchecked(p.positions[1]) & 0x3fff, 14);
    writer.write(unchecked(p.positions[2]) & 0xffff, 16);
    writer.write(unchecked(p.positions[3]) & 0x3fff, 14);
    writer.write(unchecked(p.signs[0]), 6);
    writer.write(unchecked(p.signs[1]), 5);
    writer.write(unchecked(p.signs[2]), 6);
    writer.write(unchecked(p.signs[3]), 5);
  } else {
    for (let i = 0; i < SUBFRAMES; i++) writer.write(unchecked(p.positions[i]), 12);
    for (let i = 0; i < SUBFRAMES; i++) writer.write(unchecked(p.signs[i]), 4);
  }
  return bytes;
}
