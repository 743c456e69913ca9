// Packet loss concealment module (ITU-T G.711 Appendix I), 8 or 16 kHz, any lengths.
//
//   plc_create(rate) -> handle (rate 8000, or 0 for it, or 16000; 0 for another rate)
//   plc_reset(h);  plc_destroy(h)
//   plc_good(h, pcm, samples, out) -> samples: a received stretch, output delayed
//   plc_bad(h, out, samples) -> samples: synthesise a lost stretch
//   plc_delay(rate) -> the fixed output delay in samples at that rate (30 = 3.75 ms at 8 kHz)
import { Handles } from "../common/handles";
import { ERR_HANDLE, ERR_LENGTH } from "../common/errors";
import { Concealer, OVERLAP } from "./concealer";
export { buffer_alloc, buffer_free } from "../common/buffers";

const states = new Handles<Concealer>();

// Samples per 8 kHz sample: 1, 2 at 16 kHz; 0 for a rate the Appendix's lengths do not fit.
function scaleOf(rate: i32): i32 {
  return rate == 0 || rate == 8000 ? 1 : rate == 16000 ? 2 : 0;
}

export function plc_create(rate: i32): usize {
  const scale = scaleOf(rate);
  return scale ? states.add(new Concealer(scale)) : 0;
}

export function plc_reset(h: usize): i32 {
  if (!states.has(h)) return ERR_HANDLE;
  states.get(h).reset();
  return 0;
}

export function plc_destroy(h: usize): void {
  states.remove(h);
}

export function plc_delay(rate: i32): i32 {
  return OVERLAP * scaleOf(rate);
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
