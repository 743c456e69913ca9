/**
 * A line on files: a WAV or raw file plays as the microphone (once or looped, in real time
 * or as fast as it is read) and what the phone plays is recorded to a WAV file (header fixed
 * up on close) or raw 16-bit little-endian PCM. Raw files are 8 kHz mono s16le.
 *
 * @example
 * ```ts
 * const line = await openFileLine({ kind: "file", input: "hello.wav", output: "call.wav" });
 * for await (const frame of line) await line.write(frame); // echo until the input ends
 * await line.close();
 * ```
 * @module
 */
import { frameSamplesFor, type Line, LINE_SAMPLE_RATE, LineError } from "./line.ts";
import { LineBase } from "./line_base.ts";
import { Pacer } from "./pacer.ts";
import { looksLikeWav, pcmFromBytes, pcmToBytes, readWav, WavWriter, writeAll } from "./wav.ts";

/** How to open a file line. */
export interface FileLineSpec {
  /** Selects this backend. */
  readonly kind: "file";
  /** Microphone input: a WAV file (by its header) or raw s16le; omitted = silence. */
  readonly input?: string;
  /** Speaker output: `.wav` gets a WAV file, any other name raw s16le; omitted = discarded. */
  readonly output?: string;
  /** Replay the input from the start when it ends (default: `read()` gives `null` at its end). */
  readonly loop?: boolean;
  /** `clock` (default) paces `read()` in real time; `none` returns frames at once. */
  readonly pacing?: "clock" | "none";
  /** Frame duration in ms (default 20). */
  readonly frameMs?: number;
}

/** Where played frames go. */
interface Sink {
  write(frame: Int16Array): Promise<void>;
  close(): Promise<void>;
}

/** Loads a microphone file: WAV (strict 8 kHz mono 16-bit) or raw s16le. */
export async function loadInputSamples(path: string): Promise<Int16Array> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new LineError(`file:${path}`, `cannot read input: ${(e as Error).message}`);
  }
  if (looksLikeWav(bytes) || /\.wav$/i.test(path)) return readWav(bytes, path);
  if (bytes.length % 2 !== 0) {
    throw new LineError(
      `file:${path}`,
      `raw input has an odd number of bytes (${bytes.length}); need 16-bit samples`,
    );
  }
  return pcmFromBytes(bytes);
}

async function openSink(path: string): Promise<Sink> {
  if (/\.wav$/i.test(path)) return await WavWriter.create(path);
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  return {
    write: (frame) => writeAll(file, pcmToBytes(frame)),
    close: () => Promise.resolve(file.close()),
  };
}

/** Input samples played as the microphone, with optional looping. */
class SampleSource {
  #position = 0;
  constructor(private readonly samples: Int16Array, private readonly loop: boolean) {}

  /** The next `count` samples (zero-padded at the end), or null once a single pass is over. */
  take(count: number): Int16Array | null {
    const total = this.samples.length;
    if (!this.loop && this.#position >= total) return null;
    const out = new Int16Array(count);
    for (let filled = 0; filled < count;) {
      if (this.#position >= total) {
        if (!this.loop) break;
        this.#position = 0;
      }
      const n = Math.min(count - filled, total - this.#position);
      out.set(this.samples.subarray(this.#position, this.#position + n), filled);
      filled += n;
      this.#position += n;
    }
    return out;
  }

  /** Skips `count` samples, as a microphone keeps going while nobody listens. */
  skip(count: number): void {
    const total = this.samples.length;
    this.#position = this.loop ? (this.#position + count) % total : this.#position + count;
  }
}

/** A line on files (and, with neither file, the null line). */
export class FileLine extends LineBase {
  readonly #pacer: Pacer | undefined;

  constructor(
    kind: string,
    name: string,
    frameSamples: number,
    pacing: "clock" | "none",
    private readonly source: SampleSource | undefined,
    private readonly sink: Sink | undefined,
  ) {
    super({
      kind,
      name,
      sampleRate: LINE_SAMPLE_RATE,
      frameSamples,
      pacing,
      hasHook: false,
      hasTones: false,
      hasRinger: false,
      hasPstn: false,
    });
    if (pacing === "clock") this.#pacer = new Pacer(frameSamples * 1000 / LINE_SAMPLE_RATE);
  }

  protected override async captureFrame(): Promise<Int16Array | null> {
    if (this.#pacer) {
      const tick = await this.#pacer.next();
      if (tick.skipped > 0) {
        this.counters.captureOverruns += tick.skipped;
        this.source?.skip(tick.skipped * this.info.frameSamples);
      }
    }
    if (!this.source) return new Int16Array(this.info.frameSamples);
    return this.source.take(this.info.frameSamples);
  }

  protected override async playbackFrame(frame: Int16Array): Promise<void> {
    await this.sink?.write(frame);
  }

  protected override async shutdown(): Promise<void> {
    await this.sink?.close();
  }

  /** Due time (performance.now() ms) of the frame `read()` returned last, for latency probes. */
  lastFrameDue(): number {
    return this.#pacer?.lastDue() ?? NaN;
  }
}

/**
 * Opens a file line. Throws {@link LineError} (or a WavError) naming the file if the input
 * cannot be read or is not 8 kHz mono 16-bit.
 */
export async function openFileLine(spec: FileLineSpec): Promise<Line & FileLine> {
  const name = `file:${spec.input ?? "-"},${spec.output ?? "-"}`;
  const frameSamples = frameSamplesFor(name, spec.frameMs ?? 20);
  let source: SampleSource | undefined;
  if (spec.input !== undefined) {
    const samples = await loadInputSamples(spec.input);
    if (samples.length === 0 && spec.loop) {
      throw new LineError(name, `input ${spec.input} has no samples to loop`);
    }
    source = new SampleSource(samples, spec.loop ?? false);
  }
  let sink: Sink | undefined;
  if (spec.output !== undefined) {
    try {
      sink = await openSink(spec.output);
    } catch (e) {
      throw new LineError(name, `cannot write output ${spec.output}: ${(e as Error).message}`);
    }
  }
  return new FileLine("file", name, frameSamples, spec.pacing ?? "clock", source, sink);
}
