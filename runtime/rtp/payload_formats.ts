/**
 * The RTP audio payload formats the phone knows (RFC 3551 section 4.5 and kin), each behind
 * the {@link PayloadFormat} interface. Frames are handed over in the layout of the codec
 * registered under the same encoding name (`runtime/codecs`).
 *
 * | format | frames handed to the codec |
 * | --- | --- |
 * | PCMU, PCMA | the payload as is (one octet per sample) |
 * | L16 | the payload as is (big-endian samples; see `l16.ts`) |
 * | G726-16/24/32/40 | the payload as is (RFC 3551 little-endian packing) |
 * | AAL2-G726-16/24/32/40 | the payload as is (I.366.2 big-endian packing) |
 * | G723 | one frame per G.723.1 frame (24, 20, 4 or 1 octets by type) |
 * | LPC10 | one 7-octet frame (54 bits used) per 180 samples; a named dynamic encoding |
 * | DVI4 | the whole payload, 4-octet header included |
 *
 * @example
 * ```ts
 * import { findPayloadFormat, payloadFormatForType } from "./payload_formats.ts";
 * const pcmu = payloadFormatForType(0)!;         // static type 0
 * const g726 = findPayloadFormat("G726-32")!;    // dynamic: named in the session URL
 * const split = g726.split(new Uint8Array(80));  // { ok: true, samples: 160, frames: [...] }
 * const payload = g726.join([new Uint8Array(80)]);
 * ```
 * @module
 */
import { DVI4_HEADER_BYTES, dvi4Samples, parseDvi4Header } from "./dvi4.ts";
import { G723_FRAME_SAMPLES, g723FrameLength, splitG723 } from "./g723_frames.ts";
import { g726CodewordCount, type G726Packing } from "./g726_packing.ts";
import {
  concatBytes,
  type PayloadFormat,
  type PayloadFrame,
  type PayloadSplit,
  splitError,
} from "./payload_format.ts";
import { staticPayloadType, staticPayloadTypeOf } from "./static_payload_types.ts";

export type { PayloadFormat } from "./payload_format.ts";

/** Octets per LPC-10 frame: 54 bits rounded up. */
export const LPC10_FRAME_BYTES = 7;
/** Samples per LPC-10 frame (22.5 ms at 8 kHz). */
export const LPC10_FRAME_SAMPLES = 180;

function oneFrame(data: Uint8Array, samples: number): PayloadSplit {
  const frames: PayloadFrame[] = data.length ? [{ data, samples, kind: "audio" }] : [];
  return { ok: true, frames, samples };
}

/**
 * A sample-based format of `bytesPerSample` octets per sample and channel, carried as is:
 * PCMU, PCMA (1) and L16 (2) at any clock rate and channel count.
 */
export function sampleFormat(
  encoding: string,
  clockRate: number,
  channels: number,
  bytesPerSample: 1 | 2,
): PayloadFormat {
  const unit = bytesPerSample * channels;
  return {
    encoding,
    clockRate,
    channels,
    staticPayloadType: staticPayloadTypeOf(encoding, clockRate, channels),
    split(payload) {
      if (payload.length % unit !== 0) {
        return splitError(
          "bad-length",
          payload.length - (payload.length % unit),
          `${payload.length} octets is not a whole number of ${unit}-octet samples`,
        );
      }
      return oneFrame(payload, payload.length / unit);
    },
    join(frames) {
      const out = concatBytes(frames);
      if (out.length % unit !== 0) {
        throw new RangeError(`${encoding}: ${out.length} octets is not whole samples`);
      }
      return out;
    },
  };
}

/**
 * G.726 at `bits` bits per codeword (2-5: 16-40 kbit/s), in RFC 3551 packing (`G726-32`)
 * or I.366.2 packing (`AAL2-G726-32`). Frames are the payload as is, in that packing (the
 * codec registered under the same encoding name reads and writes it); frames joined must
 * each end on an octet boundary. `packG726`/`unpackG726` convert to and from codewords.
 */
export function g726Format(bits: 2 | 3 | 4 | 5, packing: G726Packing = "rfc3551"): PayloadFormat {
  const name = `G726-${bits * 8}`;
  const encoding = packing === "aal2" ? `AAL2-${name}` : name;
  return {
    encoding,
    clockRate: 8000,
    channels: 1,
    split(payload) {
      return oneFrame(payload, g726CodewordCount(payload.length, bits));
    },
    join(frames) {
      return concatBytes(frames);
    },
  };
}

/** G.723.1 (static payload type 4): frames of 24, 20, 4 or 1 octets, typed by their first octet. */
export const g723: PayloadFormat = {
  encoding: "G723",
  clockRate: 8000,
  channels: 1,
  staticPayloadType: 4,
  frameSamples: G723_FRAME_SAMPLES,
  split: splitG723,
  join(frames) {
    frames.forEach((f, i) => {
      if (f.length === 0 || g723FrameLength(f[0]) !== f.length) {
        throw new RangeError(`G723 frame ${i}: ${f.length} octets does not match its type bits`);
      }
    });
    return concatBytes(frames);
  },
};

/**
 * LPC-10 (FS-1015, LPC-10e), 2400 bit/s: 54 bits per 180-sample frame in 7 octets. Not
 * RFC 3551's static `LPC` (type 7, a different coder): it always takes a dynamic type.
 */
export const lpc10: PayloadFormat = {
  encoding: "LPC10",
  clockRate: 8000,
  channels: 1,
  frameSamples: LPC10_FRAME_SAMPLES,
  split(payload) {
    if (payload.length % LPC10_FRAME_BYTES !== 0) {
      return splitError(
        "bad-length",
        payload.length - (payload.length % LPC10_FRAME_BYTES),
        `${payload.length} octets is not a whole number of ${LPC10_FRAME_BYTES}-octet frames`,
      );
    }
    const frames: PayloadFrame[] = [];
    for (let o = 0; o < payload.length; o += LPC10_FRAME_BYTES) {
      frames.push({
        data: payload.subarray(o, o + LPC10_FRAME_BYTES),
        samples: LPC10_FRAME_SAMPLES,
        kind: "audio",
      });
    }
    return { ok: true, frames, samples: frames.length * LPC10_FRAME_SAMPLES };
  },
  join(frames) {
    frames.forEach((f, i) => {
      if (f.length !== LPC10_FRAME_BYTES) {
        throw new RangeError(`LPC10 frame ${i} has ${f.length} octets, not ${LPC10_FRAME_BYTES}`);
      }
    });
    return concatBytes(frames);
  },
};

/** DVI4 (IMA ADPCM, RFC 3551 4.5.1) at `clockRate`: one block with its header per packet. */
export function dvi4Format(clockRate = 8000): PayloadFormat {
  return {
    encoding: "DVI4",
    clockRate,
    channels: 1,
    staticPayloadType: staticPayloadTypeOf("DVI4", clockRate),
    split(payload) {
      const header = parseDvi4Header(payload);
      if (!header.ok) {
        return splitError("bad-header", Math.min(payload.length, 2), header.detail);
      }
      const samples = dvi4Samples(payload.length);
      return { ok: true, frames: [{ data: payload, samples, kind: "audio" }], samples };
    },
    join(frames) {
      if (frames.length !== 1 || frames[0].length < DVI4_HEADER_BYTES) {
        throw new RangeError("DVI4 carries exactly one block, header included, per packet");
      }
      return frames[0].slice();
    },
  };
}

/** G.711 mu-law, static payload type 0. */
export const pcmu: PayloadFormat = sampleFormat("PCMU", 8000, 1, 1);
/** G.711 A-law, static payload type 8. */
export const pcma: PayloadFormat = sampleFormat("PCMA", 8000, 1, 1);
/** L16 at 8 kHz mono (dynamic payload type). */
export const l16: PayloadFormat = sampleFormat("L16", 8000, 1, 2);
/** DVI4 at 8 kHz, static payload type 5. */
export const dvi4: PayloadFormat = dvi4Format(8000);

/** Every format known at its usual clock rate, in no particular preference. */
export const payloadFormats: readonly PayloadFormat[] = [
  pcmu,
  pcma,
  g723,
  dvi4,
  dvi4Format(16000),
  l16,
  lpc10,
  ...([2, 3, 4, 5] as const).map((bits) => g726Format(bits)),
  ...([2, 3, 4, 5] as const).map((bits) => g726Format(bits, "aal2")),
];

/**
 * The format for an encoding name (any case) at a clock rate and channel count (defaults:
 * the format's own), or `undefined` if none fits. Sample-based formats of variable rate
 * (PCMU, PCMA, L16, DVI4) are made for any clock rate asked for.
 */
export function findPayloadFormat(
  encoding: string,
  clockRate?: number,
  channels?: number,
): PayloadFormat | undefined {
  const name = encoding.toUpperCase();
  const known = payloadFormats.find((f) =>
    f.encoding === name && (clockRate === undefined || f.clockRate === clockRate) &&
    (channels === undefined || f.channels === channels)
  );
  if (known) return known;
  if (clockRate === undefined || !(clockRate > 0) || !Number.isInteger(clockRate)) return undefined;
  const ch = channels ?? 1;
  if (!Number.isInteger(ch) || ch < 1 || ch > 255) return undefined;
  if (name === "PCMU" || name === "PCMA") return sampleFormat(name, clockRate, ch, 1);
  if (name === "L16") return sampleFormat(name, clockRate, ch, 2);
  if (name === "DVI4" && ch === 1) return dvi4Format(clockRate);
  return undefined;
}

/** The format of a static payload type (RFC 3551 Table 4), if the phone knows it. */
export function payloadFormatForType(payloadType: number): PayloadFormat | undefined {
  const t = staticPayloadType(payloadType);
  return t && findPayloadFormat(t.encoding, t.clockRate, t.channels);
}
