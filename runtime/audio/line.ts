/**
 * The line: the one interface every audio device of the phone implements (ALSA sound card,
 * Quicknet PhoneJACK/LineJACK, WAV or raw files, nothing at all). A line moves 8 kHz mono
 * 16-bit PCM frames of a fixed size in both directions at the pace of the device (or of a
 * timer where the device has no clock), and reports hook state, dialled digits and PSTN ring
 * as events where the device has them.
 *
 * @example
 * ```ts
 * import { openLine } from "./registry.ts";
 * const line = await openLine({ kind: "null" }); // or { kind: "alsa", device: "default" }
 * for await (const frame of line) {               // 160 samples = 20 ms each
 *   await line.write(frame);                      // loop the microphone back
 *   if (line.stats().framesRead === 50) break;
 * }
 * await line.close();
 * ```
 * @module
 */

/** Sample rate of every line, in Hz. */
export const LINE_SAMPLE_RATE = 8000;

/** Call-progress tones a device may generate itself. */
export type ToneKind = "dial" | "ringback" | "busy";

/** Something that happened on the device, outside the audio stream. */
export type LineEvent =
  /** The handset was lifted. */
  | { readonly type: "offhook" }
  /** The handset was put down. */
  | { readonly type: "onhook" }
  /** A DTMF digit was dialled on the handset: `0`-`9`, `*`, `#`, `A`-`D`. */
  | { readonly type: "digit"; readonly digit: string }
  /** Ring voltage was detected on the PSTN port (LineJACK). */
  | { readonly type: "ring" }
  /** The hook switch was flashed. */
  | { readonly type: "flash" }
  /** The device lost audio (underrun or overrun) and was recovered; the call goes on. */
  | {
    readonly type: "xrun";
    readonly direction: "capture" | "playback";
    readonly recoveries: number;
  };

/** How a line's `read()` is paced. */
export type Pacing =
  /** By the device's own clock (sound card, telephony card). */
  | "device"
  /** By a timer at 8000 samples/s, for devices and files without a clock. */
  | "clock"
  /** Not at all: frames come as fast as they are asked for (tests, offline work). */
  | "none";

/** What a line is and what it can do. */
export interface LineInfo {
  /** Backend name: `alsa`, `phonejack`, `file`, `null`. */
  readonly kind: string;
  /** The device as the user named it, for display. */
  readonly name: string;
  /** Always {@link LINE_SAMPLE_RATE}. */
  readonly sampleRate: number;
  /** Samples in every frame `read()` returns and `write()` takes. */
  readonly frameSamples: number;
  /** What paces `read()`. */
  readonly pacing: Pacing;
  /** The device has a hook switch (emits `offhook`/`onhook`/`digit`). */
  readonly hasHook: boolean;
  /** `playTone()` works in the device; otherwise the phone makes tones in software. */
  readonly hasTones: boolean;
  /** `ring()` rings a bell in the device. */
  readonly hasRinger: boolean;
  /** The device has a PSTN port (emits `ring`). */
  readonly hasPstn: boolean;
}

/** Counters a line keeps while it is open. */
export interface LineStats {
  /** Frames returned by `read()`. */
  readonly framesRead: number;
  /** Frames accepted by `write()`. */
  readonly framesWritten: number;
  /** Capture frames lost because nobody read them in time. */
  readonly captureOverruns: number;
  /** Times playback ran dry (the device had nothing to play). */
  readonly playbackUnderruns: number;
  /** Times the device was brought back after an xrun without ending the call. */
  readonly recoveries: number;
  /** Frames `write()` gave up on (device full for too long). */
  readonly writesDropped: number;
}

/** Software gain applied to the audio crossing a line: linear factors, 1 = unchanged. */
export interface LineGain {
  /** Gain on what the microphone hears, before `read()` returns it. */
  readonly capture?: number;
  /** Gain on what `write()` sends to the speaker. */
  readonly playback?: number;
}

/** The audio device of one call. */
export interface Line extends AsyncIterable<Int16Array> {
  /** What the line is and can do. */
  readonly info: LineInfo;
  /**
   * The next captured frame of `info.frameSamples` samples (a fresh array the caller owns),
   * at the pace of `info.pacing`; `null` when the line is closed or a once-only input file
   * has ended.
   */
  read(): Promise<Int16Array | null>;
  /**
   * Queues one frame of exactly `info.frameSamples` samples for playback. Resolves once the
   * device has taken it (it may wait while the device buffer is full). Throws
   * {@link LineError} on a wrong frame size or a closed line.
   */
  write(frame: Int16Array): Promise<void>;
  /** Events from now on, until the line closes. Each call gives an independent stream. */
  events(): AsyncIterableIterator<LineEvent>;
  /** Starts a call-progress tone in the device; `false` if the device cannot. */
  playTone(kind: ToneKind): boolean;
  /** Stops any call-progress tone. */
  stopTone(): void;
  /** Starts or stops the device's ringer; `false` if it has none. */
  ring(on: boolean): boolean;
  /** Sets the software gain; omitted directions keep their value. */
  setGain(gain: LineGain): void;
  /** Mutes (or unmutes) the microphone: `read()` returns silence while muted. */
  setMute(muted: boolean): void;
  /** Counters since open. */
  stats(): LineStats;
  /** Stops the device and releases it. Pending `read()` calls resolve to `null`. */
  close(): Promise<void>;
}

/** A line whose device can also deliver and take coded frames (PhoneJACK G.723.1, mu-law). */
export interface RawFrameLine extends Line {
  /** The codec of the raw frames. */
  readonly rawCodec: RawCodecInfo;
  /** The next coded frame from the device, as the device delivered it; `null` when closed. */
  readRaw(): Promise<Uint8Array | null>;
  /** Sends one coded frame to the device (shorter frames are zero-padded as the device needs). */
  writeRaw(frame: Uint8Array): Promise<void>;
}

/** A coded frame format a device speaks natively. */
export interface RawCodecInfo {
  /** The device's own codec number (for PhoneJACK: `phone_codec` of `telephony.h`). */
  readonly id: number;
  /** Name such as `G723_63`, `ULAW`, `LINEAR16`. */
  readonly name: string;
  /** RTP encoding name when there is one (`G723`, `PCMU`, `PCMA`, `L16`). */
  readonly rtpEncoding?: string;
  /** Bytes in one full device frame. */
  readonly frameBytes: number;
  /** Milliseconds of audio in one frame. */
  readonly frameMs: number;
}

/** Any failure of a line or its device; the message names the device and what went wrong. */
export class LineError extends Error {
  /** An error of `device` (as named to the user) saying `message`. */
  constructor(readonly device: string, message: string) {
    super(`${device}: ${message}`);
    this.name = "LineError";
  }
}

/** True if `line` can deliver coded frames ({@link RawFrameLine}). */
export function isRawFrameLine(line: Line): line is RawFrameLine {
  return "rawCodec" in line && typeof (line as RawFrameLine).readRaw === "function";
}

/**
 * Samples in a frame of `frameMs` milliseconds at 8 kHz; throws {@link LineError} unless the
 * duration is a positive whole number of samples no longer than one second.
 */
export function frameSamplesFor(device: string, frameMs: number): number {
  const samples = frameMs * LINE_SAMPLE_RATE / 1000;
  if (!Number.isInteger(samples) || samples <= 0 || samples > LINE_SAMPLE_RATE) {
    throw new LineError(
      device,
      `frame of ${frameMs} ms is not a whole number of 8 kHz samples between 1 and 8000`,
    );
  }
  return samples;
}
