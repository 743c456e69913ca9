/**
 * `phone encode` and `phone decode`: a codec on files, like `sox` or `ffmpeg -c:a`.
 * @module
 */
import type { Command } from "commander";
import { type Codec, CodecError, findCodec, UnknownCodecError } from "../../runtime/codecs/mod.ts";
import { UsageError } from "../errors.ts";
import { Progress } from "../progress.ts";
import { checkPcmFormat, openOutput, wantsWav } from "../sound_io.ts";
import { type ByteSource, openSource } from "../byte_source.ts";
import { looksLikeWav, parseWavHeader, wavHeader } from "../../runtime/audio/wav.ts";
import { g723FrameLength } from "../../runtime/rtp/g723_frames.ts";

function codecOption(name: string): Codec {
  try {
    return findCodec(name);
  } catch (e) {
    if (e instanceof UnknownCodecError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Samples in one encode call: about a second of frames, or for a codec with a packet
 * header (DVI4) one packet of its default duration, so the file is a run of equal packets.
 */
function chunkSamples(codec: Codec): number {
  const seconds = codec.packetHeaderBytes ? codec.ptimeMs / 1000 : 1;
  const frames = Math.max(1, Math.floor((codec.clockRate * seconds) / codec.frameSamples));
  return frames * codec.frameSamples;
}

/** Bytes of PCM read per encode call: about a second (see {@link chunkSamples}). */
const WAV_PEEK_BYTES = 64 * 1024;

/**
 * Encodes PCM (WAV or raw s16le, a file or stdin) to the codec's bytes a chunk at a time
 * (see {@link chunkSamples}): memory stays the same whatever the input's size.
 */
export async function encodeFile(codec: Codec, input: string, output: string): Promise<string> {
  const src = await openSource(input);
  let samples = 0, bytes = 0, padding = 0;
  try {
    const dataBytes = await skipPcmHeader(src, input, codec.clockRate);
    const total = dataBytes ?? (src.size !== undefined ? src.size : undefined);
    // A packet codec's file is whole packets; frame codecs need whole frames.
    const unit = codec.packetHeaderBytes ? chunkSamples(codec) : codec.frameSamples;
    const chunk = chunkSamples(codec);
    const encoder = await codec.createEncoder();
    const out = await openOutput(output);
    const progress = new Progress(`encoding ${input}`, total ? total / 2 : 0);
    let left = dataBytes ?? Infinity;
    let read = 0;
    // One input and one output buffer for the whole run: no garbage per chunk.
    const rawBuffer = new Uint8Array(chunk * 2);
    const coded = new Uint8Array(
      (chunk / codec.frameSamples) * codec.frameBytes + (codec.packetHeaderBytes ?? 0) + 64,
    );
    try {
      for (;;) {
        const got = await src.readInto(rawBuffer.subarray(0, Math.min(chunk * 2, left)));
        const raw = rawBuffer.subarray(0, got);
        left -= raw.length;
        read += raw.length;
        if (raw.length % 2) {
          const more = (await src.read(WAV_PEEK_BYTES)).length; // to say how many there were
          throw new UsageError(
            `${input}: raw 16-bit input has an odd number of bytes (${read + more}${
              more === WAV_PEEK_BYTES ? " or more" : ""
            })`,
          );
        }
        if (raw.length === 0) {
          if (dataBytes !== undefined && left > 0) {
            throw new UsageError(
              `${input}: truncated: header declares ${dataBytes} data bytes, file has ${read}`,
            );
          }
          break;
        }
        // The read buffer is aligned: view it as samples (little-endian host, as the files).
        let pcm = new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
        samples += pcm.length;
        if (pcm.length % unit) {
          padding = unit - (pcm.length % unit);
          const padded = new Int16Array(pcm.length + padding);
          padded.set(pcm);
          pcm = padded;
        }
        const n = encoder.encodeInto(pcm, coded);
        await out.write(coded.subarray(0, n));
        bytes += n;
        progress.update(samples);
        if (padding) break; // a short chunk is the last one
      }
    } finally {
      progress.done();
      encoder.close();
      await out.close();
    }
  } finally {
    src.close();
  }
  const note = padding ? `, last frame padded with ${padding} samples of silence` : "";
  return `${input}: ${samples} samples -> ${bytes} bytes of ${codec.encoding}${note}`;
}

/**
 * Reads a WAV header if there is one (checking rate and channels); leaves the source at
 * the first PCM byte. Returns the data size a WAV header declares, if it declares one.
 */
async function skipPcmHeader(
  src: ByteSource,
  name: string,
  rate: number,
): Promise<number | undefined> {
  const head = await src.read(WAV_PEEK_BYTES);
  if (!looksLikeWav(head)) {
    if (/\.wav$/i.test(name)) {
      throw new UsageError(`${name}: not a WAV file (no RIFF/WAVE header)`);
    }
    src.unread(head);
    return undefined;
  }
  const header = parseWavHeader(head, name, { allowTruncated: true });
  checkPcmFormat(header, name, rate);
  const declaredSize = new DataView(head.buffer, head.byteOffset).getUint32(
    header.dataOffset - 4,
    true,
  );
  if (src.size !== undefined && declaredSize !== 0 && declaredSize !== 0xffffffff) {
    const available = src.size - header.dataOffset;
    if (declaredSize > available) {
      // Refused before anything is written: nothing is lost.
      throw new UsageError(
        `${name}: truncated: header declares ${declaredSize} data bytes, file has ${available}`,
      );
    }
  }
  src.unread(head.subarray(header.dataOffset));
  // 0 and 0xFFFFFFFF mean "to the end" (streaming writers); parseWavHeader gives what is
  // in the peeked block then, so read on to the end of the stream.
  const declared = new DataView(head.buffer, head.byteOffset).getUint32(
    header.dataOffset - 4,
    true,
  );
  return declared === 0 || declared === 0xffffffff ? undefined : declared;
}

/** Samples of a fixed number of frames per decode call (whole packets for DVI4). */
function decodeChunkBytes(codec: Codec): number {
  if (codec.packetHeaderBytes) {
    return codec.packetHeaderBytes + (chunkSamples(codec) / codec.frameSamples) * codec.frameBytes;
  }
  return Math.max(1, Math.floor(8000 / codec.frameBytes)) * codec.frameBytes;
}

/**
 * Decodes the codec's bytes to WAV or raw PCM, a chunk at a time: memory stays the same
 * whatever the input's size. A WAV file's sizes are written at the end; on stdout they say
 * "unknown" (0xFFFFFFFF), which players and `phone encode` read to the end.
 */
export async function decodeFile(
  codec: Codec,
  input: string,
  output: string,
  type?: string,
): Promise<string> {
  const wav = wantsWav(output, type);
  const src = await openSource(input);
  const decoder = await codec.createDecoder();
  let inBytes = 0, samples = 0;
  try {
    const out = await openOutput(output);
    try {
      if (wav) await out.write(unknownSizeWavHeader(codec.clockRate));
      const g723 = codec.encoding.toUpperCase() === "G723";
      const size = decodeChunkBytes(codec);
      let carry = new Uint8Array(0);
      let pcmOut = new Int16Array(0);
      for (;;) {
        const got = await src.read(size);
        const data = carry.length ? concat(carry, got) : got;
        if (data.length === 0) break;
        const whole = g723 ? wholeG723(data) : data.length - (data.length % wholeUnit(codec));
        if (whole === 0 && got.length === 0) {
          const what = codec.packetHeaderBytes ? `${wholeUnit(codec)}-byte packets` : "frames";
          throw new CodecError(
            codec.name,
            `${inBytes + data.length} bytes is not a whole number of ${what}`,
          );
        }
        if (whole > 0) {
          // One output buffer for the whole run, written as it is (x86_64 is little-endian
          // like the files): no garbage per chunk, so memory stays flat.
          const need = whole * maxSamplesPerByte(codec);
          if (pcmOut.length < need) pcmOut = new Int16Array(need);
          const n = decoder.decodeInto(data.subarray(0, whole), pcmOut);
          await out.write(new Uint8Array(pcmOut.buffer, 0, n * 2));
          inBytes += whole;
          samples += n;
        }
        carry = data.slice(whole);
        if (got.length === 0 && carry.length === 0) break;
      }
      if (wav) await out.patchWavSizes?.(samples * 2);
    } finally {
      await out.close();
    }
    return `${input}: ${inBytes} bytes of ${codec.encoding} -> ${samples} samples`;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${input}: ${(e as Error).message}`);
  } finally {
    decoder.close();
    src.close();
  }
}

/** A WAV header whose sizes say "unknown" until {@link Output.patchWavSizes} fills them. */
function unknownSizeWavHeader(rate: number): Uint8Array {
  const header = wavHeader({ sampleRate: rate, channels: 1 }, 0);
  const view = new DataView(header.buffer);
  view.setUint32(4, 0xffffffff, true);
  view.setUint32(40, 0xffffffff, true);
  return header;
}

/** An upper bound of samples per coded byte (a G.723.1 SID frame: 240 samples in 4). */
function maxSamplesPerByte(codec: Codec): number {
  if (codec.encoding.toUpperCase() === "G723") return 240;
  return Math.ceil(codec.frameSamples / codec.frameBytes);
}

function wholeUnit(codec: Codec): number {
  return codec.packetHeaderBytes ? decodeChunkBytes(codec) : codec.frameBytes;
}

/** Bytes of whole G.723.1 frames at the start of `data` (frames differ in size). */
function wholeG723(data: Uint8Array): number {
  let at = 0;
  while (at < data.length) {
    const next = at + g723FrameLength(data[at]);
    if (next > data.length) break;
    at = next;
  }
  return at;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function report(quiet: boolean, line: string) {
  if (!quiet) console.error(line);
}

/** Adds `encode` and `decode` to the program. */
export function registerTranscode(program: Command): void {
  program
    .command("encode")
    .description("encode 16-bit 8 kHz mono PCM (WAV or raw) with a codec")
    .argument("<input>", "WAV or raw s16le file, or - for stdin")
    .argument("<output>", "encoded bytes, or - for stdout")
    .requiredOption("-c, --codec <name>", "codec name or RTP encoding (see: phone codecs)")
    .option("--quiet", "no summary line")
    .addHelpText(
      "after",
      "\nExamples:\n  phone encode --codec pcmu speech.wav speech.ulaw\n" +
        "  sox in.mp3 -t raw -r 8000 -e signed -b 16 -c 1 - | phone encode -c pcma - out.alaw",
    )
    .action(async (input: string, output: string, o: { codec: string; quiet?: boolean }) => {
      report(!!o.quiet, await encodeFile(codecOption(o.codec), input, output));
    });
  program
    .command("decode")
    .description("decode a codec's bytes to 16-bit PCM (WAV by .wav extension, else raw)")
    .argument("<input>", "encoded bytes, or - for stdin")
    .argument("<output>", "WAV or raw s16le file, or - for stdout")
    .requiredOption("-c, --codec <name>", "codec name or RTP encoding (see: phone codecs)")
    .option("-t, --type <type>", "output type, wav or raw (default: by extension)")
    .option("--quiet", "no summary line")
    .addHelpText(
      "after",
      "\nExamples:\n  phone decode --codec pcmu speech.ulaw speech.wav\n" +
        "  phone decode -c pcma in.alaw - | aplay -f S16_LE -r 8000 -c 1",
    )
    .action(
      async (
        input: string,
        output: string,
        o: { codec: string; type?: string; quiet?: boolean },
      ) => {
        report(!!o.quiet, await decodeFile(codecOption(o.codec), input, output, o.type));
      },
    );
}
