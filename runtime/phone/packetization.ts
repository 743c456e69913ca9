/**
 * How long a call's packets are, from the codec's frames and the line's frames: a module of
 * its own so the command line can show it without loading the call's media.
 *
 * @example
 * ```ts
 * import { packetization } from "./packetization.ts";
 * import { g723 } from "../codecs/g723_1.ts";
 * packetization(g723, 20, 80); // 30: G.723.1's frames are 30 ms
 * ```
 * @module
 */
import type { Codec } from "../codecs/codec.ts";

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}

/**
 * The packet duration (ms) for a requested one: the nearest whole number of codec frames
 * that is also a whole number of line frames (G.723.1's 30 ms frames make a 20 ms request
 * 30 ms; LPC-10's 22.5 ms frames with 10 ms line frames make it 90 ms). Without a request,
 * the codec's own default, rounded the same way.
 */
export function packetization(
  codec: Pick<Codec, "frameSamples" | "ptimeMs" | "clockRate">,
  requestedMs?: number,
  lineSamples = 1,
): number {
  const unit = (codec.frameSamples * lineSamples) / gcd(codec.frameSamples, lineSamples);
  const wanted = ((requestedMs ?? codec.ptimeMs) * codec.clockRate) / 1000;
  return (Math.max(1, Math.round(wanted / unit)) * unit * 1000) / codec.clockRate;
}
