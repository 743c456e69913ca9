/**
 * Every codec the phone knows, in order of preference. Adding a codec is one line here
 * and its own module; nothing else in the phone names a codec.
 *
 * @example
 * ```ts
 * import { codecs, findCodec } from "./registry.ts";
 * console.log(codecs.map((c) => c.encoding)); // ["PCMU", "PCMA", ...]
 * const codec = findCodec("pcma"); // by name or RTP encoding, any case
 * ```
 * @module
 */
import type { Codec } from "./codec.ts";
import { pcma, pcmu } from "./g711.ts";
import { g726Codecs } from "./g726.ts";
import { g723 } from "./g723_1.ts";
import { lpc10 } from "./lpc10.ts";
import { dvi4, dvi4_16 } from "./dvi4.ts";
import { l16, l16_16 } from "./l16.ts";

/** All registered codecs, most preferred first. */
export const codecs: readonly Codec[] = [
  pcmu,
  pcma,
  dvi4,
  ...g726Codecs,
  g723,
  lpc10,
  dvi4_16,
  l16,
  l16_16,
];

/** Error for a codec name no registered codec answers to. */
export class UnknownCodecError extends Error {
  constructor(readonly requested: string) {
    super(
      `unknown codec "${requested}"; known: ${codecs.map((c) => c.name).join(", ")}`,
    );
    this.name = "UnknownCodecError";
  }
}

/**
 * Finds a codec by registry name, RTP encoding name (the first registered at any rate),
 * encoding and rate as in SDP (`DVI4/16000`) or static payload type.
 */
export function findCodec(nameOrType: string | number): Codec {
  const key = String(nameOrType).toLowerCase();
  const codec = codecs.find((c) =>
    c.name === key || c.encoding.toLowerCase() === key || String(c.payloadType) === key ||
    `${c.encoding}/${c.clockRate}`.toLowerCase() === key
  );
  if (!codec) throw new UnknownCodecError(String(nameOrType));
  return codec;
}
