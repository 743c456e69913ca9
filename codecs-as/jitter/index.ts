// Adaptive jitter buffer module (not a codec: it has its own small ABI, below).
//
//   jb_create(clockRate, capacity, history) -> handle (0 if an argument is out of range)
//   jb_put(h, seq, ts, ssrc, arrivalMs, marker, samples) -> slot >= 0, or
//       -10 duplicate, -11 late, -12 invalid (or dropped on overflow), -3 bad handle
//   jb_get(h, playMs) -> 0 play, 1 conceal, 2 silence; details in jb_decision(h)
//   jb_played(h, outSamples): what the host really produced for the last decision
//   jb_set(h, key, value) -> 0, or -4 for an unknown key or a value out of range
//   jb_decision(h) / jb_stats(h) -> address of an f64 record (layouts in jitter_buffer.ts)
import { Handles } from "../common/handles";
import { ERR_HANDLE } from "../common/errors";
import { JitterBuffer } from "./jitter_buffer";
import {
  K_MIN_DELAY,
  K_MAX_DELAY,
  K_LATE_COST,
  K_DECAY,
  K_MARGIN,
  K_INITIAL_DELAY,
  K_ATTACK_COUNT,
  K_TIME_SCALE,
  K_SCALE_THRESHOLD,
  K_MAX_SCALE,
  K_TICK,
  K_MAX_CONCEAL,
  K_JUMP,
  K_DROP_THRESHOLD,
  K_LATE_WAIT,
  K_WAIT_STEP,
  K_GAP_STRETCH,
  K_LATE_BELIEF,
} from "./abi";
export { buffer_alloc, buffer_free } from "../common/buffers";

const ERR_SETTING: i32 = -4;
const buffers = new Handles<JitterBuffer>();

export function jb_create(clockRate: i32, capacity: i32, history: i32): usize {
  if (clockRate < 1000 || clockRate > 192000) return 0;
  if (capacity < 2 || capacity > 1024 || history < 8 || history > 8192) return 0;
  return buffers.add(new JitterBuffer(clockRate, capacity, history));
}

export function jb_destroy(h: usize): void {
  buffers.remove(h);
}

export function jb_reset(h: usize): i32 {
  if (!buffers.has(h)) return ERR_HANDLE;
  buffers.get(h).reset();
  return 0;
}

export function jb_put(
  h: usize, seq: i32, ts: u32, ssrc: u32, arrivalMs: f64, marker: i32, samples: i32,
): i32 {
  if (!buffers.has(h)) return ERR_HANDLE;
  return buffers.get(h).put(seq, ts, ssrc, arrivalMs, marker != 0, samples);
}

export function jb_get(h: usize, playMs: f64): i32 {
  if (!buffers.has(h)) return ERR_HANDLE;
  if (!isFinite(playMs)) return ERR_SETTING;
  return buffers.get(h).get(playMs);
}

export function jb_played(h: usize, outSamples: i32): i32 {
  if (!buffers.has(h)) return ERR_HANDLE;
  buffers.get(h).played(outSamples);
  return 0;
}

export function jb_decision(h: usize): usize {
  return buffers.has(h) ? changetype<usize>(buffers.get(h).decision) : 0;
}

export function jb_stats(h: usize): usize {
  return buffers.has(h) ? changetype<usize>(buffers.get(h).stats) : 0;
}


function inRange(v: f64, lo: f64, hi: f64): bool {
  return isFinite(v) && v >= lo && v <= hi;
}

export function jb_set(h: usize, key: i32, v: f64): i32 {
  if (!buffers.has(h)) return ERR_HANDLE;
  const b = buffers.get(h);
  const e = b.estimator;
  if (key == K_MIN_DELAY && inRange(v, 0, 5000)) e.minDelayMs = v;
  else if (key == K_MAX_DELAY && inRange(v, 1, 10000)) e.maxDelayMs = v;
  else if (key == K_LATE_COST && inRange(v, 0, 100000)) e.lateCostMs = v;
  else if (key == K_DECAY && inRange(v, 1, 600000)) e.decayMs = v;
  else if (key == K_MARGIN && inRange(v, -1000, 1000)) e.marginMs = v;
  else if (key == K_INITIAL_DELAY && inRange(v, 0, 5000)) e.initialDelayMs = v;
  else if (key == K_ATTACK_COUNT && inRange(v, 1, 1000)) e.attackCount = <i32>v;
  else if (key == K_TIME_SCALE && (v == 0 || v == 1)) b.timeScale = v != 0;
  else if (key == K_SCALE_THRESHOLD && inRange(v, 0, 1000)) b.scaleThresholdMs = v;
  else if (key == K_MAX_SCALE && inRange(v, 0, 1)) b.maxScale = v;
  else if (key == K_TICK && inRange(v, 1, 1000)) b.tickMs = v;
  else if (key == K_MAX_CONCEAL && inRange(v, 0, 10000)) b.maxConcealMs = v;
  else if (key == K_JUMP && inRange(v, 10, 3600000)) b.jumpMs = v;
  else if (key == K_DROP_THRESHOLD && inRange(v, 0, 10000)) b.dropThresholdMs = v;
  else if (key == K_LATE_WAIT && inRange(v, 0, 1000)) b.lateWaitMs = v;
  else if (key == K_WAIT_STEP && inRange(v, 0.125, 100)) b.waitStepMs = v;
  else if (key == K_GAP_STRETCH && inRange(v, 0, 1000)) b.gapStretchMs = v;
  else if (key == K_LATE_BELIEF && inRange(v, 0, 1)) b.lateBelief = v;
  else return ERR_SETTING;
  return 0;
}
