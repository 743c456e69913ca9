/**
 * This phone's session URL: how others reach and decode it, for a web page or the
 * white pages. Static payload types are listed as a formats list; a codec that needs a
 * dynamic type is written in the media form with its type, so callers and this phone
 * agree on it.
 *
 * @example
 * ```ts
 * import { ownSessionUrl } from "./own_url.ts";
 * import { findCodec } from "../codecs/mod.ts";
 * ownSessionUrl("192.0.2.7", 10000, [findCodec("pcmu"), findCodec("pcma")]);
 * // "iphone://192.0.2.7:10000/0,8"
 * ```
 * @module
 */
import type { Codec } from "../codecs/codec.ts";
import { familyOf } from "../net/ip_address.ts";
import { formatSessionUrl } from "../url/format_session_url.ts";
import type { SessionUrl } from "../url/session_url.ts";
import { sessionTargets } from "../url/session_targets.ts";
import { FIRST_DYNAMIC_TYPE } from "./codec_choice.ts";

/** Dynamic payload types for the codecs that have no static one, from 96 in order. */
export function dynamicTypesOf(codecs: readonly Codec[]): Map<number, Codec> {
  const types = new Map<number, Codec>();
  for (const codec of codecs) {
    if (codec.payloadType === undefined) types.set(FIRST_DYNAMIC_TYPE + types.size, codec);
  }
  return types;
}

/** The session URL of a phone at `address`, listening on `port`, with `codecs`. */
export function ownSessionUrl(address: string, port: number, codecs: readonly Codec[]): string {
  const family = familyOf(address);
  const hostType = family === "ipv6" ? "ipv6" : family === "ipv4" ? "ipv4" : "name";
  const base = { scheme: "iphone" as const, host: address, hostType, port, attributes: [] };
  const dynamic = dynamicTypesOf(codecs);
  if (dynamic.size === 0) {
    const formats = codecs.map((c) => ({ payloadType: c.payloadType }));
    return formatSessionUrl({ ...base, formats } as SessionUrl);
  }
  const typeOf = (c: Codec) => c.payloadType ?? [...dynamic].find(([, d]) => d === c)![0];
  const media = codecs.map((c) => ({
    port,
    format: c.payloadType !== undefined
      ? { payloadType: c.payloadType }
      : { payloadType: typeOf(c), encoding: c.encoding, clockRate: c.clockRate },
    attributes: [],
  }));
  return formatSessionUrl({ ...base, port: undefined, media } as SessionUrl);
}

/**
 * True when this phone's own URL asks for RTCP multiplexed on the RTP port
 * (`a=rtcp-mux`): calls it answers then send RTCP there (the phone's `rtcpMux` option).
 *
 * @example
 * ```ts
 * import { rtcpMuxOfUrl } from "./own_url.ts";
 * import { parseSessionUrl } from "../url/parse_session_url.ts";
 * rtcpMuxOfUrl(parseSessionUrl("iphone://192.0.2.7:10000/0&a=rtcp-mux")); // true
 * ```
 */
export function rtcpMuxOfUrl(url: SessionUrl): boolean {
  return sessionTargets(url).some((t) => t.rtcpMux === true);
}
