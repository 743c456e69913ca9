// Time-scale modification module (WSOLA-style speed-up / slow-down, pitch unchanged).
//
//   ts_create(rate, maxFrame) -> handle (0 if out of range);  ts_reset(h);  ts_destroy(h)
//   ts_process(h, pcm, samples, target, out) -> samples written, about `target`: one
//       similar span (5..15 ms) is cut out or replayed; `out` must hold samples + 15 ms.
//       -1 if samples exceeds maxFrame.
//   ts_max_lag(h) -> the longest span in samples (how much out must have beyond samples)
import { Handles } from "../common/handles";
import { ERR_HANDLE, ERR_LENGTH } from "../common/errors";
import { TimeScaler } from "./time_scaler";
export { buffer_alloc, buffer_free } from "../common/buffers";

const states = new Handles<TimeScaler>();

export function ts_create(rate: i32, maxFrame: i32): usize {
  if (rate < 4000 || rate > 48000 || maxFrame < 1 || maxFrame > rate) return 0;
  return states.add(new TimeScaler(rate, maxFrame));
}

export function ts_reset(h: usize): i32 {
  if (!states.has(h)) return ERR_HANDLE;
  states.get(h).reset();
  return 0;
}

export function ts_destroy(h: usize): void {
  states.remove(h);
}

export function ts_max_lag(h: usize): i32 {
  return states.has(h) ? states.get(h).maxLag : ERR_HANDLE;
}

export function ts_process(h: usize, pcm: usize, samples: i32, target: i32, out: usize): i32 {
  if (!states.has(h)) return ERR_HANDLE;
  const s = states.get(h);
  if (samples < 0 || samples > s.zCapFrame()) return ERR_LENGTH;
  return s.process(pcm, samples, target, out);
}
