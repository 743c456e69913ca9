/**
 * The phone: a line, NOTASIP signaling over real UDP sockets, and the media of a call.
 *
 * @example
 * ```ts
 * import { Phone, UdpTransports } from "./mod.ts";
 * import { openLine } from "../audio/registry.ts";
 * const phone = await Phone.create({
 *   line: await openLine({ kind: "file", input: "hello.wav", frameMs: 10 }),
 *   transports: new UdpTransports(),
 * });
 * phone.onEvent((e) => console.log(e));
 * const running = phone.run();
 * await phone.call("iphone://[2001:db8::7]:10000/0");
 * ```
 * @module
 */
export * from "./phone.ts";
export * from "./call_media.ts";
export * from "./codec_choice.ts";
export * from "./own_url.ts";
export * from "./resolve.ts";
export * from "./tones.ts";
export { softwareTones, TONE_COUNTRIES } from "./software_tones.ts";
export * from "./udp_transport.ts";
