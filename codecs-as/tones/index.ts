// Tone and comfort-noise generation module.
//
//   tone_create(rate) -> handle;  tone_destroy(h)
//   tone_load(h, segments, count, loop) -> 0, or -2 for an unusable list
//       segments: count x 7 f64 = duration ms (0 = forever), f1 Hz, peak1, f2 Hz, peak2,
//       modulation Hz, modulation depth (0 = none); a silent segment has both peaks 0
//   tone_render(h, out, samples) -> samples;  tone_restart(h);  tone_finished(h) -> 0/1
//   cn_create(seed) -> handle;  cn_destroy(h)
//   cn_render(h, out, samples, rms) -> samples: white noise with that RMS (16-bit units)
import { Handles } from "../common/handles";
import { ERR_DATA, ERR_HANDLE, ERR_LENGTH } from "../common/errors";
import { CadencePlayer } from "./cadence_player";
import { ComfortNoise } from "./comfort_noise";
export { buffer_alloc, buffer_free } from "../common/buffers";

const players = new Handles<CadencePlayer>();
const noises = new Handles<ComfortNoise>();

export function tone_create(rate: i32): usize {
  if (rate < 4000 || rate > 48000) return 0;
  return players.add(new CadencePlayer(rate));
}

export function tone_destroy(h: usize): void {
  players.remove(h);
}

export function tone_load(h: usize, segments: usize, count: i32, loop: i32): i32 {
  if (!players.has(h)) return ERR_HANDLE;
  return players.get(h).load(segments, count, loop != 0) ? 0 : ERR_DATA;
}

export function tone_restart(h: usize): i32 {
  if (!players.has(h)) return ERR_HANDLE;
  players.get(h).restart();
  return 0;
}

export function tone_finished(h: usize): i32 {
  if (!players.has(h)) return ERR_HANDLE;
  return players.get(h).finished() ? 1 : 0;
}

export function tone_render(h: usize, out: usize, samples: i32): i32 {
  if (!players.has(h)) return ERR_HANDLE;
  if (samples < 0) return ERR_LENGTH;
  players.get(h).render(out, samples);
  return samples;
}

export function cn_create(seed: u32): usize {
  return noises.add(new ComfortNoise(seed));
}

export function cn_destroy(h: usize): void {
  noises.remove(h);
}

export function cn_render(h: usize, out: usize, samples: i32, rms: f64): i32 {
  if (!noises.has(h)) return ERR_HANDLE;
  if (samples < 0) return ERR_LENGTH;
  if (!isFinite(rms) || rms < 0) return ERR_DATA;
  noises.get(h).render(out, samples, rms);
  return samples;
}
