/**
 * Files for the codec commands, as sox users expect: WAV or raw, `-` for
 * stdin/stdout. Raw PCM is signed 16-bit little-endian, 8000 Hz, mono.
 * @module
 */
import {
  looksLikeWav,
  parseWav,
  pcmFromBytes,
  pcmToBytes,
  wavHeader,
} from "../runtime/audio/wav.ts";
import { UsageError } from "./errors.ts";

/** Everything from a path, or from stdin for `-`. */
export async function readInput(path: string): Promise<Uint8Array> {
  if (path !== "-") {
    try {
      return await Deno.readFile(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) throw new UsageError(`${path}: no such file`);
      throw new UsageError(`${path}: ${(e as Error).message}`);
    }
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of Deno.stdin.readable) chunks.push(chunk);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

/** Refuses a WAV format a codec cannot take, saying how to convert it. */
export function checkPcmFormat(
  wav: { sampleRate: number; channels: number },
  name: string,
  rate: number,
): void {
  if (wav.sampleRate !== rate) {
    throw new UsageError(
      `${name}: sample rate ${wav.sampleRate} Hz, the codec needs ${rate} Hz ` +
        `(convert with: sox ${name} -r ${rate} -c 1 out.wav)`,
    );
  }
  if (wav.channels !== 1) {
    throw new UsageError(
      `${name}: ${wav.channels} channels, the codec needs mono ` +
        `(convert with: sox ${name} -c 1 out.wav)`,
    );
  }
}

/** PCM input for a codec: a WAV file (by its header) or raw s16le at the codec's rate. */
export function pcmInput(bytes: Uint8Array, name: string, rate: number): Int16Array {
  if (looksLikeWav(bytes)) {
    const wav = parseWav(bytes, name);
    if (wav.sampleRate !== rate) {
      throw new UsageError(
        `${name}: sample rate ${wav.sampleRate} Hz, the codec needs ${rate} Hz ` +
          `(convert with: sox ${name} -r ${rate} -c 1 out.wav)`,
      );
    }
    if (wav.channels !== 1) {
      throw new UsageError(
        `${name}: ${wav.channels} channels, the codec needs mono ` +
          `(convert with: sox ${name} -c 1 out.wav)`,
      );
    }
    return wav.samples;
  }
  if (/\.wav$/i.test(name)) throw new UsageError(`${name}: not a WAV file (no RIFF/WAVE header)`);
  if (bytes.length % 2) {
    throw new UsageError(`${name}: raw 16-bit input has an odd number of bytes (${bytes.length})`);
  }
  return pcmFromBytes(bytes);
}

/** Where output goes: a file (created or truncated) or stdout. */
export interface Output {
  write(bytes: Uint8Array): Promise<void>;
  /** For a file that starts with a WAV header: writes its real sizes (not on stdout). */
  patchWavSizes?(dataBytes: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens `path` for writing, or stdout for `-`. */
export async function openOutput(path: string): Promise<Output> {
  if (path === "-") {
    // Straight to the descriptor: a stream writer would queue chunks when the reader lags.
    return {
      write: async (bytes) => {
        for (let at = 0; at < bytes.length;) at += await Deno.stdout.write(bytes.subarray(at));
      },
      close: () => Promise.resolve(),
    };
  }
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { write: true, create: true, truncate: true });
  } catch (e) {
    throw new UsageError(`${path}: cannot write: ${(e as Error).message}`);
  }
  const writeAll = async (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
  };
  return {
    write: writeAll,
    async patchWavSizes(dataBytes: number) {
      // RIFF size at 4, data size at 40 (the header wavHeader writes); past 4 GiB both say
      // "unknown", as streaming writers do.
      const fits = dataBytes + 36 <= 0xffffffff;
      const field = new DataView(new ArrayBuffer(4));
      await file.seek(4, Deno.SeekMode.Start);
      field.setUint32(0, fits ? dataBytes + 36 : 0xffffffff, true);
      await writeAll(new Uint8Array(field.buffer));
      await file.seek(40, Deno.SeekMode.Start);
      field.setUint32(0, fits ? dataBytes : 0xffffffff, true);
      await writeAll(new Uint8Array(field.buffer));
      await file.seek(0, Deno.SeekMode.End);
    },
    close: () => Promise.resolve(file.close()),
  };
}

/** Whether decoded PCM goes out as WAV: `--type`, else by the `.wav` extension. */
export function wantsWav(path: string, type?: string): boolean {
  if (type && type !== "wav" && type !== "raw") {
    throw new UsageError(`--type must be wav or raw, not "${type}"`);
  }
  return type ? type === "wav" : /\.wav$/i.test(path);
}

/** PCM as the bytes of a complete WAV file or raw s16le. */
export function pcmOutput(samples: Int16Array, wav: boolean, rate: number): Uint8Array {
  const data = pcmToBytes(samples);
  if (!wav) return data;
  const out = new Uint8Array(44 + data.length);
  out.set(wavHeader({ sampleRate: rate, channels: 1 }, data.length));
  out.set(data, 44);
  return out;
}
