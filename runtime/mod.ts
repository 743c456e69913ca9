/**
 * The Simple Internet Phone as a library: each part under its own name, so embedders
 * take what they need (a codec, a socket, the whole phone) without name clashes.
 *
 * @example
 * ```ts
 * import { codecs, phone, url } from "./mod.ts";
 * const pcmu = codecs.findCodec("PCMU");
 * const target = url.parseSessionUrl("iphone://192.0.2.7:10000/0");
 * ```
 * @module
 */
export * as codecs from "./codecs/mod.ts";
export * as dsp from "./dsp/mod.ts";
export * as net from "./net/mod.ts";
export * as rtp from "./rtp/mod.ts";
export * as url from "./url/mod.ts";
export * as notasip from "./notasip/mod.ts";
export * as audio from "./audio/mod.ts";
export * as phone from "./phone/mod.ts";
export * as whitepages from "./whitepages/mod.ts";
export * as yellowpages from "./yellowpages/mod.ts";
export * as radius from "./radius/mod.ts";
export * as gateway from "./gateway/mod.ts";
