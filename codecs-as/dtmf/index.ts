// DTMF detector module (generation uses the tones module).
//
//   dtmf_create() -> handle;  dtmf_reset(h);  dtmf_destroy(h)
//   dtmf_process(h, pcm, samples) -> number of events waiting (8 kHz 16-bit PCM in)
//   dtmf_event_key(h, i) -> ASCII code of the key ('0'..'9', '*', '#', 'A'..'D')
//   dtmf_event_kind(h, i) -> 1 start, 0 end;  dtmf_event_at(h, i) -> sample position
//   dtmf_clear(h): forget the waiting events
//   dtmf_set(h, key, value) -> 0, or -4 for an unknown key or value out of range
import { Handles } from "../common/handles";
import { ERR_HANDLE, ERR_LENGTH } from "../common/errors";
import { DtmfDetector } from "./dtmf_detector";
import {
  K_MIN_LEVEL,
  K_MAX_HIGH_OVER_LOW,
  K_MAX_LOW_OVER_HIGH,
  K_MAX_DEVIATION,
  K_MIN_TONE_SHARE,
  K_MIN_DOMINANCE,
  K_KEEP_SLACK,
} from "./abi";
export { buffer_alloc, buffer_free } from "../common/buffers";

const ERR_SETTING: i32 = -4;
const detectors = new Handles<DtmfDetector>();

export function dtmf_create(): usize {
  return detectors.add(new DtmfDetector());
}

export function dtmf_reset(h: usize): i32 {
  if (!detectors.has(h)) return ERR_HANDLE;
  detectors.get(h).reset();
  return 0;
}

export function dtmf_destroy(h: usize): void {
  detectors.remove(h);
}

export function dtmf_process(h: usize, pcm: usize, samples: i32): i32 {
  if (!detectors.has(h)) return ERR_HANDLE;
  if (samples < 0) return ERR_LENGTH;
  const d = detectors.get(h);
  d.process(pcm, samples);
  return d.eventCount;
}

export function dtmf_event_key(h: usize, i: i32): i32 {
  if (!detectors.has(h)) return ERR_HANDLE;
  const d = detectors.get(h);
  return i >= 0 && i < d.eventCount ? d.eventKey[i] : ERR_LENGTH;
}

export function dtmf_event_kind(h: usize, i: i32): i32 {
  if (!detectors.has(h)) return ERR_HANDLE;
  const d = detectors.get(h);
  return i >= 0 && i < d.eventCount ? d.eventKind[i] : ERR_LENGTH;
}

export function dtmf_event_at(h: usize, i: i32): f64 {
  if (!detectors.has(h)) return -1;
  const d = detectors.get(h);
  return i >= 0 && i < d.eventCount ? d.eventAt[i] : -1;
}

export function dtmf_clear(h: usize): void {
  if (detectors.has(h)) detectors.get(h).eventCount = 0;
}


function inRange(v: f64, lo: f64, hi: f64): bool {
  return isFinite(v) && v >= lo && v <= hi;
}

export function dtmf_set(h: usize, key: i32, v: f64): i32 {
  if (!detectors.has(h)) return ERR_HANDLE;
  const d = detectors.get(h);
  if (key == K_MIN_LEVEL && inRange(v, -80, 10)) d.minLevelDbm0 = v;
  else if (key == K_MAX_HIGH_OVER_LOW && inRange(v, 0, 40)) d.maxHighOverLowDb = v;
  else if (key == K_MAX_LOW_OVER_HIGH && inRange(v, 0, 40)) d.maxLowOverHighDb = v;
  else if (key == K_MAX_DEVIATION && inRange(v, 0.001, 0.2)) d.maxDeviation = v;
  else if (key == K_MIN_TONE_SHARE && inRange(v, 0, 1)) d.minToneShare = v;
  else if (key == K_MIN_DOMINANCE && inRange(v, 0, 40)) d.minDominanceDb = v;
  else if (key == K_KEEP_SLACK && inRange(v, 0, 40)) d.keepSlackDb = v;
  else return ERR_SETTING;
  return 0;
}
