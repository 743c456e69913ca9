/**
 * `phone encode` and `phone decode`: a codec on files, like `sox` or `ffmpeg -c:a`.
 * @module
 */
import type { Command } from "commander";
import {
  type Codec,
  CodecError,
  type Decoder,
  findCodec,
  UnknownCodecError,
} from "../../runtime/codecs/mod.ts";
import { UsageError } from "../errors.ts";
import { Progress } from "../progress.ts";
import { openOutput, pcmInput, pcmOutput, readInput, wantsWav } from "../sound_io.ts";

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

/** Encodes PCM to the codec's bytes, in chunks (see {@link chunkSamples}), with progress. */
export async function encodeFile(codec: Codec, input: string, output: string): Promise<string> {
  const pcm = pcmInput(await readInput(input), input, codec.clockRate);
  // A packet codec's file is whole packets; frame codecs need whole frames.
  const unit = codec.packetHeaderBytes ? chunkSamples(codec) : codec.frameSamples;
  const padding = (unit - (pcm.length % unit)) % unit;
  const padded = padding ? new Int16Array(pcm.length + padding) : pcm;
  if (padding) padded.set(pcm);
  const chunk = chunkSamples(codec);
  const encoder = await codec.createEncoder();
  const out = await openOutput(output);
  const progress = new Progress(`encoding ${input}`, padded.length);
  let bytes = 0;
  try {
    for (let at = 0; at < padded.length; at += chunk) {
      const payload = encoder.encode(padded.subarray(at, at + chunk));
      await out.write(payload);
      bytes += payload.length;
      progress.update(at + chunk);
    }
  } finally {
    progress.done();
    encoder.close();
    await out.close();
  }
  const note = padding ? `, last frame padded with ${padding} samples of silence` : "";
  return `${input}: ${pcm.length} samples -> ${bytes} bytes of ${codec.encoding}${note}`;
}

/** Decodes the codec's bytes to WAV or raw PCM. */
export async function decodeFile(
  codec: Codec,
  input: string,
  output: string,
  type?: string,
): Promise<string> {
  const wav = wantsWav(output, type);
  const payload = await readInput(input);
  const decoder = await codec.createDecoder();
  try {
    const pcm = decodeAll(codec, decoder, payload);
    const out = await openOutput(output);
    await out.write(pcmOutput(pcm, wav, codec.clockRate));
    await out.close();
    return `${input}: ${payload.length} bytes of ${codec.encoding} -> ${pcm.length} samples`;
  } catch (e) {
    throw new UsageError(`${input}: ${(e as Error).message}`);
  } finally {
    decoder.close();
  }
}

// A packet codec's file is a run of packets as encodeFile writes them; others decode at once.
function decodeAll(codec: Codec, decoder: Decoder, payload: Uint8Array): Int16Array {
  if (!codec.packetHeaderBytes) return decoder.decode(payload);
  const samples = chunkSamples(codec);
  const size = codec.packetHeaderBytes + (samples / codec.frameSamples) * codec.frameBytes;
  if (payload.length % size) {
    throw new CodecError(
      codec.name,
      `${payload.length} bytes is not a whole number of ${size}-byte packets`,
    );
  }
  const pcm = new Int16Array((payload.length / size) * samples);
  for (let at = 0, n = 0; at < payload.length; at += size) {
    n += decoder.decodeInto(payload.subarray(at, at + size), pcm.subarray(n));
  }
  return pcm;
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
