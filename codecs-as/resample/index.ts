// 2:1 sample-rate conversion between the phone's 8 kHz lines and 16 kHz codecs
// (DVI4/16000, L16/16000): one half-band low-pass FIR (63 taps, Blackman-windowed sinc,
// cut-off at 4 kHz) that removes images after doubling and aliases before halving.
// Delay: 31 samples at 16 kHz (1.94 ms) either way.
//
//   rs_create(direction) -> handle (0 = up 8->16 kHz, 1 = down 16->8 kHz; 0 if invalid)
//   rs_reset(h);  rs_destroy(h)
//   rs_process(h, pcm, samples, out) -> samples written: 2 * samples up, samples / 2 down
//     (down needs an even count, else -1)
import { Handles } from "../common/handles";
import { ERR_HANDLE, ERR_LENGTH } from "../common/errors";
export { buffer_alloc, buffer_free } from "../common/buffers";

const TAPS: i32 = 63;
const CENTER: i32 = 31;
const RING: i32 = 64; // a power of two above TAPS
const MASK: i32 = RING - 1;

function designTaps(): StaticArray<f32> {
  const h = new StaticArray<f32>(TAPS);
  for (let j = 0; j < TAPS; j++) {
    const n = j - CENTER;
    // Half-band: sinc at half the rate; every second tap but the centre is zero.
    const sinc = n == 0 ? 0.5 : Math.sin(Math.PI * n / 2.0) / (Math.PI * n);
    const w = 0.42 - 0.5 * Math.cos(2.0 * Math.PI * j / (TAPS - 1)) +
      0.08 * Math.cos(4.0 * Math.PI * j / (TAPS - 1));
    h[j] = <f32> (sinc * w);
  }
  // Unity gain at DC.
  let sum: f64 = 0;
  for (let j = 0; j < TAPS; j++) sum += h[j];
  for (let j = 0; j < TAPS; j++) h[j] = <f32> (h[j] / sum);
  return h;
}

const taps = designTaps();

class Stage {
  ring: StaticArray<f32> = new StaticArray<f32>(RING);
  at: i32 = 0;
  constructor(public down: bool) {}

  push(x: f32): void {
    this.at = (this.at + 1) & MASK;
    unchecked(this.ring[this.at] = x);
  }

  // sum of h[j] * x[n - j] over the taps that are not zero
  filter(): f32 {
    let acc: f32 = unchecked(taps[CENTER]) * unchecked(this.ring[(this.at - CENTER) & MASK]);
    for (let j = 0; j < TAPS; j += 2) {
      acc += unchecked(taps[j]) * unchecked(this.ring[(this.at - j) & MASK]);
    }
    return acc;
  }

  reset(): void {
    for (let i = 0; i < RING; i++) unchecked(this.ring[i] = 0);
    this.at = 0;
  }
}

// @ts-ignore: decorator
@inline function toSample(x: f32): i16 {
  const r = <i32> nearest<f32>(x);
  return <i16> (r > 32767 ? 32767 : r < -32768 ? -32768 : r);
}

const states = new Handles<Stage>();

export function rs_create(direction: i32): usize {
  if (direction != 0 && direction != 1) return 0;
  return states.add(new Stage(direction == 1));
}

export function rs_reset(h: usize): i32 {
  if (!states.has(h)) return ERR_HANDLE;
  states.get(h).reset();
  return 0;
}

export function rs_destroy(h: usize): void {
  states.remove(h);
}

export function rs_process(h: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!states.has(h)) return ERR_HANDLE;
  const s = states.get(h);
  if (s.down) {
    if (samples & 1) return ERR_LENGTH;
    for (let i = 0; i < samples; i += 2) {
      // Output k is the filter at input 2k: whole-sample delays both ways.
      s.push(<f32> load<i16>(pcm + (<usize> i << 1)));
      store<i16>(out + (<usize> (i >> 1) << 1), toSample(s.filter()));
      s.push(<f32> load<i16>(pcm + (<usize> (i + 1) << 1)));
    }
    return samples >> 1;
  }
  // Up: each input sample then a zero, filtered with gain 2.
  for (let i = 0; i < samples; i++) {
    s.push(<f32> load<i16>(pcm + (<usize> i << 1)));
    store<i16>(out + (<usize> (2 * i) << 1), toSample(2 * s.filter()));
    s.push(0);
    store<i16>(out + (<usize> (2 * i + 1) << 1), toSample(2 * s.filter()));
  }
  return samples << 1;
}
