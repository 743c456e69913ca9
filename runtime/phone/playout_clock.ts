/**
 * When each line frame is heard, as the jitter buffer should see it. A sound card (or a
 * paced file) plays its frames back to back, one frame time apart; the moment the media
 * loop gets round to a frame is that plus scheduling noise. Handing the buffer the loop's
 * own time would make every late wake-up look like a delay error to correct by
 * time-scaling (on a clean loopback, a busy machine's timer jitter alone garbled
 * speech). So the clock advances by exactly one frame per frame, follows the loop's time
 * only slowly (a device clock that runs fast or slow against the host's), and jumps to it
 * when the two stay more than `maxSkewMs` apart for `persistFrames` frames in a row
 * (frames skipped by an overrun, a suspend); one stall of the loop, which a paced line
 * catches up on, moves nothing.
 *
 * @example
 * ```ts
 * import { PlayoutClock } from "./playout_clock.ts";
 * const clock = new PlayoutClock(8000);
 * clock.at(1000, 80); // 1000: the first frame anchors the clock
 * clock.at(1013, 80); // 1010: one frame later, whatever the loop's lateness
 * ```
 * @module
 */

/** Steady play times for consecutive frames of a line. */
export class PlayoutClock {
  #next: number | undefined;
  #skewed = 0;

  /**
   * @param sampleRate the line's rate
   * @param maxSkewMs re-anchor when the loop's time is this far from the steady clock
   * @param followFrames time constant (in frames) of following the loop's time
   * @param persistFrames frames in a row beyond `maxSkewMs` that re-anchor the clock
   */
  constructor(
    readonly sampleRate: number,
    readonly maxSkewMs = 60,
    readonly followFrames = 1000,
    readonly persistFrames = 8,
  ) {}

  /** Play time (ms) of a frame of `samples` that the loop handles at `nowMs`. */
  at(nowMs: number, samples: number): number {
    let t = this.#next;
    const skewed = t !== undefined && Math.abs(nowMs - t) > this.maxSkewMs;
    this.#skewed = skewed ? this.#skewed + 1 : 0;
    if (t === undefined || this.#skewed >= this.persistFrames) {
      t = nowMs;
      this.#skewed = 0;
    } else if (!skewed) {
      t += (nowMs - t) / this.followFrames;
    }
    this.#next = t + (samples * 1000) / this.sampleRate;
    return t;
  }

  /** Forgets the anchor (a new call, a line that restarts). */
  reset(): void {
    this.#next = undefined;
    this.#skewed = 0;
  }
}
