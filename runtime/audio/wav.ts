/**
 * WAV files (RIFF WAVE, 16-bit PCM) for the phone and the codec command line: parsing with
 * an error that says what is wrong (truncated, not WAV, wrong format, rate or channels),
 * writing whole files, and streaming a call recording whose header is fixed up on close.
 *
 * @example
 * ```ts
 * const bytes = encodeWav(new Int16Array(8000));      // 1 s of silence, 8 kHz mono
 * const samples = readWav(bytes, "silence.wav");      // Int16Array(8000); 8 kHz mono only
 * const any = parseWav(bytes, "silence.wav");         // { sampleRate, channels, samples }
 * const writer = await WavWriter.create("/tmp/call.wav");
 * await writer.write(samples);
 * await writer.close();                               // sizes written into the header
 * ```
 * @module
 */

/** The sample rate the phone works at. */
export const WAV_SAMPLE_RATE = 8000;
/** Size of the canonical header {@link wavHeader} writes. */
export const WAV_HEADER_BYTES = 44;

const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;
const FORMAT_NAMES: Record<number, string> = {
  1: "PCM",
  2: "Microsoft ADPCM",
  3: "IEEE float",
  6: "A-law",
  7: "mu-law",
  0x11: "IMA ADPCM",
  0x31: "GSM 6.10",
  0x55: "MPEG layer 3",
};
/** Data sizes streaming writers put in a header when the length is not known yet. */
const UNKNOWN_SIZES = new Set([0, 0xffffffff]);

/** A WAV file that cannot be read as asked; the message starts with the source's name. */
export class WavError extends Error {
  /** An error about `source` (the file's name) saying `message`. */
  constructor(readonly source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = "WavError";
  }
}

/** Sample rate and channel count of 16-bit PCM audio. */
export interface WavFormat {
  /** Samples per second per channel. */
  readonly sampleRate: number;
  /** Interleaved channels. */
  readonly channels: number;
}

/** What the header of a 16-bit PCM WAV file says and where its audio is. */
export interface WavHeader extends WavFormat {
  /** Byte offset of the first sample. */
  readonly dataOffset: number;
  /** Bytes of audio. */
  readonly dataBytes: number;
}

/** 16-bit PCM audio read from a WAV file. */
export interface Wav extends WavFormat {
  /** Interleaved samples (a copy). */
  readonly samples: Int16Array;
}

/** Options for reading. */
export interface WavReadOptions {
  /**
   * Accept a data chunk shorter than its header says (a file cut off in transfer) and an odd
   * trailing byte, returning the whole samples that are there.
   */
  readonly allowTruncated?: boolean;
}

/** The 8 kHz mono format of the phone. */
export const PHONE_WAV_FORMAT: WavFormat = { sampleRate: WAV_SAMPLE_RATE, channels: 1 };

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/** True if `bytes` start with a RIFF/WAVE header. */
export function looksLikeWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && fourcc(bytes, 0) === "RIFF" && fourcc(bytes, 8) === "WAVE";
}

function checkRiff(bytes: Uint8Array, source: string): void {
  if (bytes.length < 12) {
    throw new WavError(source, `truncated: ${bytes.length} bytes, shorter than a WAV header`);
  }
  const riff = fourcc(bytes, 0);
  if (riff === "RIFX" || riff === "RF64") {
    throw new WavError(source, `${riff} files are not supported; need little-endian RIFF`);
  }
  if (!looksLikeWav(bytes)) throw new WavError(source, "not a WAV file (no RIFF/WAVE header)");
}

function readFormat(view: DataView, at: number, size: number, source: string): WavFormat {
  if (size < 16) throw new WavError(source, `fmt chunk is ${size} bytes; need at least 16`);
  let tag = view.getUint16(at, true);
  if (tag === FORMAT_EXTENSIBLE) {
    if (size < 40) throw new WavError(source, `extensible fmt chunk is ${size} bytes; need 40`);
    tag = view.getUint16(at + 24, true); // the sub-format GUID starts with the format code
  }
  if (tag !== FORMAT_PCM) {
    const name = FORMAT_NAMES[tag] ? ` (${FORMAT_NAMES[tag]})` : "";
    throw new WavError(source, `format code ${tag}${name}; need 1 (PCM)`);
  }
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const bits = view.getUint16(at + 14, true);
  if (bits !== 16) throw new WavError(source, `${bits}-bit samples; need 16-bit`);
  if (channels < 1) throw new WavError(source, "fmt chunk says 0 channels");
  if (sampleRate < 1) throw new WavError(source, "fmt chunk says a sample rate of 0 Hz");
  return { sampleRate, channels };
}

/**
 * Reads the header of a 16-bit PCM WAV file, of any rate and channel count. A data size of 0
 * or 0xFFFFFFFF (written by streaming tools that did not know the length) means "to the end
 * of the file". Throws {@link WavError} for anything else than 16-bit PCM.
 */
export function parseWavHeader(
  bytes: Uint8Array,
  source = "WAV data",
  options: WavReadOptions = {},
): WavHeader {
  checkRiff(bytes, source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: WavFormat | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = fourcc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    const available = bytes.length - body;
    if (id === "fmt ") {
      if (size > available) {
        throw new WavError(
          source,
          `truncated fmt chunk: needs ${size} bytes, file has ${available}`,
        );
      }
      format = readFormat(view, body, size, source);
    } else if (id === "data") {
      if (!format) throw new WavError(source, "data chunk comes before the fmt chunk");
      let dataBytes = size;
      if (UNKNOWN_SIZES.has(size)) dataBytes = available;
      else if (size > available) {
        if (!options.allowTruncated) {
          throw new WavError(
            source,
            `truncated: header declares ${size} data bytes, file has ${available}`,
          );
        }
        dataBytes = available;
      }
      return { ...format, dataOffset: body, dataBytes };
    }
    at = body + size + (size & 1); // chunks are padded to even sizes
  }
  throw new WavError(source, format ? "no data chunk" : "no fmt chunk");
}

/** The samples and format of a 16-bit PCM WAV file of any rate and channel count. */
export function parseWav(
  bytes: Uint8Array,
  source = "WAV data",
  options: WavReadOptions = {},
): Wav {
  const header = parseWavHeader(bytes, source, options);
  let dataBytes = header.dataBytes;
  const frameBytes = 2 * header.channels;
  if (dataBytes % frameBytes !== 0) {
    if (!options.allowTruncated) {
      throw new WavError(
        source,
        `data is ${dataBytes} bytes, not a whole number of ${frameBytes}-byte sample frames`,
      );
    }
    dataBytes -= dataBytes % frameBytes;
  }
  const data = bytes.subarray(header.dataOffset, header.dataOffset + dataBytes);
  return { sampleRate: header.sampleRate, channels: header.channels, samples: pcmFromBytes(data) };
}

/**
 * The samples of a 16-bit PCM mono WAV file at `rate` (8000 Hz unless given): the phone's
 * format. Throws {@link WavError} naming what differs for any other file.
 */
export function readWav(
  bytes: Uint8Array,
  source = "WAV data",
  options: WavReadOptions & { readonly rate?: number } = {},
): Int16Array {
  const wav = parseWav(bytes, source, options);
  const rate = options.rate ?? WAV_SAMPLE_RATE;
  if (wav.channels !== 1) throw new WavError(source, `${wav.channels} channels; need 1 (mono)`);
  if (wav.sampleRate !== rate) {
    throw new WavError(source, `sample rate ${wav.sampleRate} Hz; need ${rate} Hz`);
  }
  return wav.samples;
}

/** Reads a WAV file from disk with {@link readWav}. */
export async function readWavFile(path: string, options: WavReadOptions = {}): Promise<Int16Array> {
  return readWav(await Deno.readFile(path), path, options);
}

/** 16-bit little-endian bytes to samples (a copy; a trailing odd byte is ignored). */
export function pcmFromBytes(bytes: Uint8Array): Int16Array {
  const samples = new Int16Array(bytes.length >> 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true);
  return samples;
}

/** Samples to 16-bit little-endian bytes (a copy). */
export function pcmToBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(2 * i, samples[i], true);
  return bytes;
}

/** The canonical 44-byte header of 16-bit PCM in `format` with `dataBytes` of audio. */
export function wavHeader(format: WavFormat, dataBytes: number): Uint8Array {
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < 4; i++) header[at + i] = text.charCodeAt(i);
  };
  const blockAlign = 2 * format.channels;
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  return header;
}

/** A whole WAV file holding `samples` (8 kHz mono unless `format` says otherwise). */
export function encodeWav(samples: Int16Array, format: WavFormat = PHONE_WAV_FORMAT): Uint8Array {
  const out = new Uint8Array(WAV_HEADER_BYTES + samples.length * 2);
  out.set(wavHeader(format, samples.length * 2));
  out.set(pcmToBytes(samples), WAV_HEADER_BYTES);
  return out;
}

/**
 * Streams samples into a WAV file. The header goes first with an unknown data size
 * (0xFFFFFFFF, which readers take as "to the end of the file", so a recording cut off by a
 * crash still plays) and `close()` writes the real sizes.
 */
export class WavWriter {
  #bytes = 0;
  #closed = false;

  private constructor(
    private readonly file: Deno.FsFile,
    readonly path: string,
    readonly format: WavFormat,
  ) {}

  /** Creates (or truncates) `path` and writes the provisional header. */
  static async create(path: string, format: WavFormat = PHONE_WAV_FORMAT): Promise<WavWriter> {
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    const header = wavHeader(format, 0);
    const view = new DataView(header.buffer);
    view.setUint32(4, 0xffffffff, true);
    view.setUint32(40, 0xffffffff, true);
    try {
      await writeAll(file, header);
    } catch (e) {
      file.close();
      throw e;
    }
    return new WavWriter(file, path, format);
  }

  /** Samples written so far. */
  get samples(): number {
    return this.#bytes / 2;
  }

  /** Appends `samples`. */
  async write(samples: Int16Array): Promise<void> {
    if (this.#closed) throw new WavError(this.path, "write after close");
    await writeAll(this.file, pcmToBytes(samples));
    this.#bytes += samples.length * 2;
  }

  /** Writes the real sizes into the header and closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.file.seek(0, Deno.SeekMode.Start);
      await writeAll(this.file, wavHeader(this.format, this.#bytes));
    } finally {
      this.file.close();
    }
  }
}

/** Writes all of `bytes` (FsFile.write may write less than asked). */
export async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += await file.write(bytes.subarray(done));
}
