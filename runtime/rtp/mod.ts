/**
 * RTP for the Simple Internet Phone (RFC 3550, 3551, 4733): packets, one outgoing stream,
 * validation and statistics of the incoming one, payload formats, DTMF events and RTCP.
 * Pure TypeScript over bytes: sockets live in `runtime/net`.
 *
 * Sending, every 20 ms:
 * ```ts
 * import { findPayloadFormat, RtpPacketizer, TelephoneEventSender } from "./mod.ts";
 * const format = findPayloadFormat("PCMU")!;
 * const out = new RtpPacketizer({ payloadType: 0 });
 * const dtmf = new TelephoneEventSender({ payloadType: 101 });
 * const codecFrames = [new Uint8Array(160)]; // from the encoder
 * const event = dtmf.tick(out.timestamp);
 * const datagram = event
 *   ? (out.skip(160, false), out.packetizeSide(event))
 *   : out.packetize(format.join(codecFrames), 160);
 * ```
 *
 * Receiving:
 * ```ts
 * import { findPayloadFormat, RtpReceiver, TelephoneEventReceiver } from "./mod.ts";
 * const format = findPayloadFormat("G723")!;
 * const rx = new RtpReceiver({ clockRate: 8000, payloadTypes: [4], eventPayloadTypes: [101] });
 * const digits = new TelephoneEventReceiver();
 * function onDatagram(bytes: Uint8Array, nowMs: number) {
 *   const r = rx.receive(bytes, nowMs);
 *   if (!r.accepted) return; // dropped and counted: rx.counters
 *   if (r.packet.payloadType === 101) {
 *     const notice = digits.receive(r.packet.timestamp, r.packet.payload);
 *     if (notice?.digit) console.log("DTMF", notice.digit);
 *     return;
 *   }
 *   const split = format.split(r.packet.payload);
 *   if (split.ok) for (const frame of split.frames) void frame; // to the jitter buffer
 * }
 * ```
 * @module
 */
export * from "./packet.ts";
export * from "./packetizer.ts";
export * from "./stream_stats.ts";
export * from "./receiver.ts";
export * from "./payload_format.ts";
export * from "./payload_formats.ts";
export * from "./static_payload_types.ts";
export * from "./g726_packing.ts";
export * from "./g723_frames.ts";
export * from "./dvi4.ts";
export * from "./l16.ts";
export * from "./telephone_event.ts";
export * from "./rtcp.ts";
export * from "./reception_report.ts";
