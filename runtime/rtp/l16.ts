/**
 * L16 (RFC 3551 section 4.5.11): 16-bit signed samples, most significant octet first;
 * several channels are interleaved sample by sample.
 *
 * @example
 * ```ts
 * import { l16ToPcm, pcmToL16 } from "./l16.ts";
 * const wire = pcmToL16(Int16Array.of(1, -2)); // [0x00, 0x01, 0xff, 0xfe]
 * l16ToPcm(wire); // Int16Array [1, -2]
 * ```
 * @module
 */

/** Converts host PCM samples to big-endian L16 octets (a new array). */
export function pcmToL16(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < pcm.length; i++) view.setInt16(2 * i, pcm[i]);
  return out;
}

/**
 * Converts big-endian L16 octets to PCM samples (a new array). A trailing odd octet is
 * ignored; payload splitting rejects such payloads before this is reached.
 */
export function l16ToPcm(octets: Uint8Array): Int16Array {
  const n = octets.length >> 1;
  const out = new Int16Array(n);
  const view = new DataView(octets.buffer, octets.byteOffset, octets.length);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i);
  return out;
}
