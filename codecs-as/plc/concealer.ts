// Packet loss concealment after ITU-T G.711 Appendix I, for 8 kHz speech (and 16 kHz, with
// every length doubled: the Appendix's times, not its sample counts): keep a history of the
// output, and on a loss repeat the last pitch period(s) with overlap-add at every seam. The
// output runs `overlap` samples (3.75 ms) behind the input so the tail of the history can
// still be smoothed when a loss starts. Lengths are free; the Appendix's 10 ms steps are
// counted in samples: 1 period for the first 10 ms, 2 then 3 periods, gain falling 20 % per
// 10 ms from the second 10 ms on, silence after 60 ms.

export const FRAME: i32 = 80; // 10 ms at 8 kHz
export const PITCH_MIN: i32 = 40; // 200 Hz
export const PITCH_MAX: i32 = 120; // 66.7 Hz
export const OVERLAP: i32 = PITCH_MAX >> 2; // output delay, 3.75 ms
export const HISTORY: i32 = 3 * PITCH_MAX + OVERLAP; // 390
const CORR_LEN: i32 = 160; // 20 ms of signal matched when searching the pitch
const MAX_PERIODS: i32 = 3;
const END_OVERLAP_STEP: i32 = 32; // 4 ms per 10 ms of loss, at most one frame

const CHUNK: i32 = 960; // samples handled per pass; longer calls loop

export class Concealer {
  // The Appendix's lengths at this rate (`scale` = rate / 8000).
  readonly frame: i32;
  readonly pitchMin: i32;
  readonly pitchMax: i32;
  readonly delay: i32; // OVERLAP at this rate
  readonly historyLen: i32;
  readonly corrLen: i32;
  readonly endOverlapStep: i32;
  readonly attenuationPerSample: f32;
  readonly silentAfter: i32;
  // history[historyLen - delay ..] is not yet output; everything before it is.
  private history: StaticArray<f32>;
  private loop: StaticArray<f32>;
  private seam: StaticArray<f32>;
  private scratch: StaticArray<f32> = new StaticArray<f32>(CHUNK);
  private lost: i32 = 0; // samples concealed in the current loss
  private pitch: i32;
  private overlap: i32;
  private periods: i32 = 1;
  private offset: i32 = 0; // position in the loop, 0 .. periods * pitch
  private seamLeft: i32 = 0; // samples of `seam` still to blend into the loop's output
  private seamLen: i32 = 0;

  constructor(scale: i32 = 1) {
    // Arrays first: AssemblyScript wants every field set before `this` is read.
    const history = HISTORY * scale;
    this.history = new StaticArray<f32>(history);
    this.loop = new StaticArray<f32>(history);
    this.seam = new StaticArray<f32>(PITCH_MAX * scale);
    this.historyLen = history;
    this.frame = FRAME * scale;
    this.pitchMin = PITCH_MIN * scale;
    this.pitchMax = PITCH_MAX * scale;
    this.delay = OVERLAP * scale;
    this.corrLen = CORR_LEN * scale;
    this.endOverlapStep = END_OVERLAP_STEP * scale;
    this.attenuationPerSample = 0.2 / <f32>(FRAME * scale);
    this.silentAfter = 6 * FRAME * scale;
    this.pitch = PITCH_MIN * scale;
    this.overlap = (PITCH_MIN * scale) >> 2;
  }

  reset(): void {
    for (let i = 0; i < this.historyLen; i++) unchecked(this.history[i] = 0);
    this.lost = 0;
    this.seamLeft = 0;
  }

  /** A received stretch of signal: n samples in, n samples out (delayed by `delay`). */
  good(input: usize, n: i32, out: usize): void {
    for (let done = 0; done < n; done += CHUNK) {
      const len = min(CHUNK, n - done);
      const x = this.scratch;
      for (let i = 0; i < len; i++) {
        unchecked(x[i] = <f32>load<i16>(input + (<usize>(done + i) << 1)));
      }
      if (this.lost > 0) this.blendIntoGood(len);
      this.lost = 0;
      this.append(len, out + (<usize>done << 1));
    }
  }

  /** A lost stretch: n synthetic samples out. */
  bad(out: usize, n: i32): void {
    if (this.lost == 0) this.startLoss();
    for (let done = 0; done < n; done += CHUNK) {
      const len = min(CHUNK, n - done);
      for (let i = 0; i < len; i++) {
        const f = this.frame;
        if (this.lost > 0 && this.lost % f == 0 && this.lost / f < MAX_PERIODS) {
          this.widenLoop();
        }
        unchecked(this.scratch[i] = this.synth() * this.gain(this.lost));
        this.lost++;
      }
      this.append(len, out + (<usize>done << 1));
    }
  }

  // Sends the oldest `len` unplayed samples out and appends scratch[0..len) to the history.
  private append(len: i32, out: usize): void {
    const h = this.history;
    const x = this.scratch;
    for (let i = 0; i < len; i++) {
      const y = i < this.delay
        ? unchecked(h[this.historyLen - this.delay + i])
        : unchecked(x[i - this.delay]);
      store<i16>(out + (<usize>i << 1), clamp16(y));
    }
    const base = changetype<usize>(h);
    if (len >= this.historyLen) {
      const from = changetype<usize>(x) + (<usize>(len - this.historyLen) << 2);
      memory.copy(base, from, <usize>this.historyLen << 2);
    } else {
      memory.copy(base, base + (<usize>len << 2), <usize>(this.historyLen - len) << 2);
      memory.copy(base + (<usize>(this.historyLen - len) << 2), changetype<usize>(x), <usize>len << 2);
    }
  }

  private gain(lost: i32): f32 {
    if (lost < this.frame) return 1;
    if (lost >= this.silentAfter) return 0;
    return 1.0 - <f32>(lost - this.frame) * this.attenuationPerSample;
  }

  private startLoss(): void {
    const h = this.history;
    this.pitch = findPitch(h, this.historyLen, this.corrLen, this.pitchMin, this.pitchMax);
    this.overlap = this.pitch >> 2;
    memory.copy(
      changetype<usize>(this.loop),
      changetype<usize>(this.history),
      <usize>this.historyLen << 2,
    );
    // The loop replays loop[historyLen - pitch ..]. So that it joins the real signal smoothly,
    // the last quarter period fades from the real tail into the signal one period earlier,
    // which is exactly what precedes the loop's start. Those samples are still unplayed.
    const ov = this.overlap;
    for (let i = 0; i < ov; i++) {
      const w = (<f32>i + 0.5) / <f32>ov;
      const at = this.historyLen - ov + i;
      const v = unchecked(this.loop[at]) * (1 - w) + unchecked(this.loop[at - this.pitch]) * w;
      unchecked(this.loop[at] = v);
      unchecked(this.history[at] = v);
    }
    this.periods = 1;
    this.offset = 0;
    this.seamLeft = 0;
  }

  // Every further 10 ms uses one more period (up to 3), which breaks the buzz of a single
  // repeated period. The switch is an overlap-add from the old loop's continuation into
  // the same phase one period further back.
  private widenLoop(): void {
    this.startSeam(this.offset);
    this.periods++;
  }

  // Blend the next `overlap` samples from the loop's current course at `position`.
  private startSeam(position: i32): void {
    const ov = this.overlap;
    for (let i = 0; i < ov; i++) unchecked(this.seam[i] = this.loopSample(position + i));
    this.seamLeft = ov;
    this.seamLen = ov;
  }

  private loopSample(position: i32): f32 {
    const len = this.periods * this.pitch;
    return unchecked(this.loop[this.historyLen - len + (position % len)]);
  }

  private synth(): f32 {
    const len = this.periods * this.pitch;
    // Wrapping a multi-period loop: the tail was made to continue like the signal one
    // period back, so blend from there into the loop's start.
    if (this.offset == 0 && this.periods > 1 && this.seamLeft == 0) {
      this.startSeam(len - this.pitch);
    }
    let y = this.loopSample(this.offset);
    if (this.seamLeft > 0) {
      const k = this.seamLen - this.seamLeft;
      const w = (<f32>k + 0.5) / <f32>this.seamLen;
      y = unchecked(this.seam[k]) * (1 - w) + y * w;
      this.seamLeft--;
    }
    this.offset = (this.offset + 1) % len;
    return y;
  }

  // The first good samples after a loss fade in from the synthetic continuation:
  // 4 ms after 10 ms of loss, 4 ms more per further 10 ms, at most 10 ms.
  private blendIntoGood(n: i32): void {
    const steps = (this.lost + this.frame - 1) / this.frame;
    const len = min(n, min(this.frame, this.endOverlapStep * steps));
    const x = this.scratch;
    for (let i = 0; i < len; i++) {
      const s = this.synth() * this.gain(this.lost + i);
      const w = (<f32>i + 0.5) / <f32>len;
      unchecked(x[i] = s * (1 - w) + unchecked(x[i]) * w);
    }
  }
}

function clamp16(x: f32): i16 {
  const r = Mathf.round(x);
  return <i16>(r > 32767 ? 32767 : r < -32768 ? -32768 : <i32>r);
}

// Pitch by normalised cross-correlation of the last `corrLen` samples of `h` (of `len`)
// with the signal `lag` samples earlier, lo <= lag <= hi.
export function findPitch(h: StaticArray<f32>, len: i32, corrLen: i32, lo: i32, hi: i32): i32 {
  const start = len - corrLen;
  let best = lo;
  let bestScore: f64 = -Infinity;
  for (let lag = lo; lag <= hi; lag++) {
    let cross: f64 = 0;
    let energy: f64 = 0;
    for (let i = 0; i < corrLen; i++) {
      const a = <f64>unchecked(h[start + i]);
      const b = <f64>unchecked(h[start - lag + i]);
      cross += a * b;
      energy += b * b;
    }
    // Energy floor keeps near-silent segments from scoring high by accident.
    const score = cross / Math.sqrt(max(energy, 250.0 * <f64>corrLen));
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}
