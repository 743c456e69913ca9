// Packet loss concealment after ITU-T G.711 Appendix I, for 8 kHz speech: keep a history
// of the output, and on a loss repeat the last pitch period(s) with overlap-add at every
// seam. The output runs OVERLAP samples (3.75 ms) behind the input so the tail of the
// history can still be smoothed when a loss starts. Lengths are free; the Appendix's
// 10 ms steps are counted in samples: 1 period for the first 10 ms, 2 then 3 periods,
// gain falling 20 % per 10 ms from the second 10 ms on, silence after 60 ms.

export const FRAME: i32 = 80; // 10 ms
export const PITCH_MIN: i32 = 40; // 200 Hz
export const PITCH_MAX: i32 = 120; // 66.7 Hz
export const OVERLAP: i32 = PITCH_MAX >> 2; // output delay, 3.75 ms
export const HISTORY: i32 = 3 * PITCH_MAX + OVERLAP; // 390
const CORR_LEN: i32 = 160; // 20 ms of signal matched when searching the pitch
const MAX_PERIODS: i32 = 3;
const ATTENUATION_PER_SAMPLE: f32 = 0.2 / <f32>FRAME;
const SILENT_AFTER: i32 = 6 * FRAME; // 60 ms
const END_OVERLAP_STEP: i32 = 32; // 4 ms per 10 ms of loss, at most one frame

const CHUNK: i32 = 960; // samples handled per pass; longer calls loop

export class Concealer {
  // history[HISTORY - OVERLAP ..] is not yet output; everything before it is.
  private history: StaticArray<f32> = new StaticArray<f32>(HISTORY);
  private loop: StaticArray<f32> = new StaticArray<f32>(HISTORY);
  private seam: StaticArray<f32> = new StaticArray<f32>(PITCH_MAX);
  private scratch: StaticArray<f32> = new StaticArray<f32>(CHUNK);
  private lost: i32 = 0; // samples concealed in the current loss
  private pitch: i32 = PITCH_MIN;
  private overlap: i32 = PITCH_MIN >> 2;
  private periods: i32 = 1;
  private offset: i32 = 0; // position in the loop, 0 .. periods * pitch
  private seamLeft: i32 = 0; // samples of `seam` still to blend into the loop's output
  private seamLen: i32 = 0;

  reset(): void {
    for (let i = 0; i < HISTORY; i++) unchecked(this.history[i] = 0);
    this.lost = 0;
    this.seamLeft = 0;
  }

  /** A received stretch of signal: n samples in, n samples out (delayed by OVERLAP). */
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
        if (this.lost > 0 && this.lost % FRAME == 0 && this.lost / FRAME < MAX_PERIODS) {
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
      const y = i < OVERLAP ? unchecked(h[HISTORY - OVERLAP + i]) : unchecked(x[i - OVERLAP]);
      store<i16>(out + (<usize>i << 1), clamp16(y));
    }
    const base = changetype<usize>(h);
    if (len >= HISTORY) {
      memory.copy(base, changetype<usize>(x) + (<usize>(len - HISTORY) << 2), <usize>HISTORY << 2);
    } else {
      memory.copy(base, base + (<usize>len << 2), <usize>(HISTORY - len) << 2);
      memory.copy(base + (<usize>(HISTORY - len) << 2), changetype<usize>(x), <usize>len << 2);
    }
  }

  private gain(lost: i32): f32 {
    if (lost < FRAME) return 1;
    if (lost >= SILENT_AFTER) return 0;
    return 1.0 - <f32>(lost - FRAME) * ATTENUATION_PER_SAMPLE;
  }

  private startLoss(): void {
    this.pitch = findPitch(this.history);
    this.overlap = this.pitch >> 2;
    memory.copy(
      changetype<usize>(this.loop),
      changetype<usize>(this.history),
      <usize>HISTORY << 2,
    );
    // The loop replays loop[HISTORY - pitch ..]. So that it joins the real signal smoothly,
    // the last quarter period fades from the real tail into the signal one period earlier,
    // which is exactly what precedes the loop's start. Those samples are still unplayed.
    const ov = this.overlap;
    for (let i = 0; i < ov; i++) {
      const w = (<f32>i + 0.5) / <f32>ov;
      const at = HISTORY - ov + i;
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
    return unchecked(this.loop[HISTORY - len + (position % len)]);
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
    const steps = (this.lost + FRAME - 1) / FRAME;
    const len = min(n, min(FRAME, END_OVERLAP_STEP * steps));
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

// Pitch by normalised cross-correlation of the last CORR_LEN samples with the signal
// `lag` samples earlier, PITCH_MIN <= lag <= PITCH_MAX.
export function findPitch(h: StaticArray<f32>): i32 {
  const start = HISTORY - CORR_LEN;
  let best = PITCH_MIN;
  let bestScore: f64 = -Infinity;
  for (let lag = PITCH_MIN; lag <= PITCH_MAX; lag++) {
    let cross: f64 = 0;
    let energy: f64 = 0;
    for (let i = 0; i < CORR_LEN; i++) {
      const a = <f64>unchecked(h[start + i]);
      const b = <f64>unchecked(h[start - lag + i]);
      cross += a * b;
      energy += b * b;
    }
    // Energy floor keeps near-silent segments from scoring high by accident.
    const score = cross / Math.sqrt(max(energy, 250.0 * <f64>CORR_LEN));
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}
