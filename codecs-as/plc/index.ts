// Packet loss concealment module (ITU-T G.711 Appendix I), 8 kHz, any lengths.
//
//   plc_create() -> handle;  plc_reset(h);  plc_destroy(h)
//   plc_good(h, pcm, samples, out) -> samples: a received stretch, output delayed
//   plc_bad(h, out, samples) -> samples: synthesise a lost stretch
//   plc_delay() -> the fixed output delay in samples (30 = 3.75 ms)
import { Handles } from "../common/handles";
import { ERR_HANDLE, ERR_LENGTH } from "../common/errors";
import { Concealer, OVERLAP } from "./concealer";
export { buffer_alloc, buffer_free } from "../common/buffers";

const states = new Handles<Concealer>();

export function plc_create(): usize {
  return states.add(new Concealer());
}

export function plc_reset(h: usize): i32 {
  if (!states.has(h)) return ERR_HANDLE;
  states.get(h).reset();
  return 0;
}

export function plc_destroy(h: usize): void {
  states.remove(h);
}

export function plc_delay(): i32 {
  return OVERLAP;
}

export function plc_good(h: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!states.has(h)) return ERR_HANDLE;
  if (samples < 0) return ERR_LENGTH;
  states.get(h).good(pcm, samples, out);
  return samples;
}

export function plc_bad(h: usize, out: usize, samples: i32): i32 {
  if (!states.has(h)) return ERR_HANDLE;
  if (samples < 0) return ERR_LENGTH;
  states.get(h).bad(out, samples);
  return samples;
}
