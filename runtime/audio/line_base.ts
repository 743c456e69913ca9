/**
 * What every backend shares: frame-size checks, software gain and mute, counters, the event
 * stream, serialised reads and writes, and an orderly close. A backend supplies only
 * `captureFrame`, `playbackFrame` and `shutdown`.
 *
 * @example
 * ```ts
 * class SilentLine extends LineBase {
 *   protected captureFrame() { return Promise.resolve(new Int16Array(this.info.frameSamples)); }
 *   protected playbackFrame(_frame: Int16Array) { return Promise.resolve(); }
 *   protected shutdown() { return Promise.resolve(); }
 * }
 * ```
 * @module
 */
import { EventStream } from "./event_stream.ts";
import { applyGain, checkGain } from "./gain.ts";
import {
  type Line,
  LineError,
  type LineEvent,
  type LineGain,
  type LineInfo,
  type LineStats,
  type ToneKind,
} from "./line.ts";

/** Mutable counters behind {@link LineStats}. */
export type LineCounters = { -readonly [K in keyof LineStats]: LineStats[K] };

const ignore = () => {};

/** Base class of the line backends. */
export abstract class LineBase implements Line {
  /** Where backends emit their events. */
  protected readonly eventStream = new EventStream<LineEvent>();
  /** The counters `stats()` reports; backends add to them. */
  protected readonly counters: LineCounters = {
    framesRead: 0,
    framesWritten: 0,
    captureOverruns: 0,
    playbackUnderruns: 0,
    recoveries: 0,
    writesDropped: 0,
  };
  #captureGain = 1;
  #playbackGain = 1;
  #muted = false;
  #closed = false;
  #reads: Promise<unknown> = Promise.resolve();
  #writes: Promise<unknown> = Promise.resolve();

  /** A line described by `info`. */
  constructor(readonly info: LineInfo) {}

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** One captured frame from the device, or `null` at its end. Called one at a time. */
  protected abstract captureFrame(): Promise<Int16Array | null>;
  /** Plays one frame of the right size (already gained). Called one at a time. */
  protected abstract playbackFrame(frame: Int16Array): Promise<void>;
  /** Stops and releases the device; called once, by `close()`. */
  protected abstract shutdown(): Promise<void>;

  /** The next captured frame, gained or muted; `null` at the end. Reads run one at a time. */
  read(): Promise<Int16Array | null> {
    const result = this.#reads.then(() => this.#readOne());
    this.#reads = result.then(ignore, ignore);
    return result;
  }

  async #readOne(): Promise<Int16Array | null> {
    if (this.#closed) return null;
    const frame = await this.captureFrame();
    if (frame === null || this.#closed) return null;
    this.counters.framesRead++;
    if (this.#muted) frame.fill(0);
    else applyGain(frame, this.#captureGain);
    return frame;
  }

  /** Plays one frame of `info.frameSamples` samples (gained on a copy). Writes run in order. */
  write(frame: Int16Array): Promise<void> {
    const result = this.#writes.then(() => this.#writeOne(frame));
    this.#writes = result.then(ignore, ignore);
    return result;
  }

  async #writeOne(frame: Int16Array): Promise<void> {
    if (this.#closed) throw new LineError(this.info.name, "write() on a closed line");
    if (!(frame instanceof Int16Array) || frame.length !== this.info.frameSamples) {
      const got = frame instanceof Int16Array ? `${frame.length} samples` : "not an Int16Array";
      throw new LineError(
        this.info.name,
        `write() got a frame of ${got}; this line takes ${this.info.frameSamples}`,
      );
    }
    const out = this.#playbackGain === 1 ? frame : applyGain(frame.slice(), this.#playbackGain);
    await this.playbackFrame(out);
    this.counters.framesWritten++;
  }

  /** Events from now on, until the line closes. */
  events(): AsyncIterableIterator<LineEvent> {
    return this.eventStream.subscribe();
  }

  /** No tones in this device: `false` (the phone makes them in software). */
  playTone(_kind: ToneKind): boolean {
    return false;
  }

  /** Nothing to stop in a device without tones. */
  stopTone(): void {}

  /** No ringer in this device: `false`. */
  ring(_on: boolean): boolean {
    return false;
  }

  /** Sets the software gain (0 to 16); omitted directions keep theirs. */
  setGain(gain: LineGain): void {
    if (gain.capture !== undefined) this.#captureGain = checkGain(gain.capture, "capture gain");
    if (gain.playback !== undefined) {
      this.#playbackGain = checkGain(gain.playback, "playback gain");
    }
  }

  /** Mutes the microphone: reads return silence. */
  setMute(muted: boolean): void {
    this.#muted = muted;
  }

  /** A copy of the counters. */
  stats(): LineStats {
    return { ...this.counters };
  }

  /** Stops the device once; ends the event streams and pending reads. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.shutdown();
    } finally {
      this.eventStream.close();
    }
  }

  /** Records one recovery from an xrun and tells the event subscribers. */
  protected noteRecovery(direction: "capture" | "playback"): void {
    this.counters.recoveries++;
    this.eventStream.emit({ type: "xrun", direction, recoveries: this.counters.recoveries });
  }

  /** Frames until `read()` gives `null`. */
  async *[Symbol.asyncIterator](): AsyncIterator<Int16Array> {
    while (true) {
      const frame = await this.read();
      if (frame === null) return;
      yield frame;
    }
  }
}
