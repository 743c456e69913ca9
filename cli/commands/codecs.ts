/**
 * `phone codecs`: what each codec costs on the wire.
 * @module
 */
import type { Command } from "commander";
import { type CodecInfo, codecs } from "../../runtime/codecs/mod.ts";
import { UsageError } from "../errors.ts";
import { packetization } from "../../runtime/phone/packetization.ts";
import { LINE_FRAME_MS } from "../session/line_frame.ts";

/** RTP (12) + UDP (8) + IP header bytes per packet. */
export const HEADER_BYTES = { ipv4: 12 + 8 + 20, ipv6: 12 + 8 + 40 } as const;

/** Packet size and wire bit rates of a codec at a packetization (ms). */
export function wireCost(codec: CodecInfo, ptimeMs: number) {
  const samples = Math.round((codec.clockRate * ptimeMs) / 1000);
  const frames = Math.ceil(samples / codec.frameSamples);
  const payload = frames * codec.frameBytes + (codec.packetHeaderBytes ?? 0);
  const packetsPerSecond = 1000 / ptimeMs;
  const bits = (header: number) => (payload + header) * 8 * packetsPerSecond;
  return { frames, payload, ipv4: bits(HEADER_BYTES.ipv4), ipv6: bits(HEADER_BYTES.ipv6) };
}

/** The table `phone codecs` prints. */
export function codecTable(ptimeMs?: number): string[] {
  const header = [
    "codec",
    "rtp",
    "pt",
    "frame",
    "bit/s",
    "ptime",
    "payload",
    "IPv4 bit/s",
    "IPv6 bit/s",
  ];
  const lineSamples = (8000 * LINE_FRAME_MS) / 1000;
  const rows = codecs.map((c) => {
    // What a call would really use: whole codec frames and whole line frames.
    const ptime = packetization(c, ptimeMs, (lineSamples * c.clockRate) / 8000);
    const cost = wireCost(c, ptime);
    const frame = c.frameSamples === 1 ? "sample" : `${(c.frameSamples * 1000) / c.clockRate} ms`;
    return [
      c.name,
      c.encoding,
      c.payloadType === undefined ? "dyn" : String(c.payloadType),
      frame,
      String(c.bitRate),
      `${ptime} ms`,
      `${cost.payload} B`,
      String(Math.round(cost.ipv4)),
      String(Math.round(cost.ipv6)),
    ];
  });
  const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((c, i) => i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i])).join("  ");
  return [line(header), ...rows.map(line)];
}

/** Adds `codecs` to the program. */
export function registerCodecs(program: Command): void {
  program
    .command("codecs")
    .description("list codecs with payload type, frame, bit rate and bandwidth on the wire")
    .option("-p, --ptime <ms>", "packetization in milliseconds (default: each codec's own)")
    .addHelpText("after", "\nExample:\n  phone codecs --ptime 30")
    .action((o: { ptime?: string }) => {
      const ptime = o.ptime === undefined ? undefined : Number(o.ptime);
      if (ptime !== undefined && !(ptime > 0 && ptime <= 200)) {
        throw new UsageError(`--ptime must be between 1 and 200 ms, not "${o.ptime}"`);
      }
      for (const line of codecTable(ptime)) console.log(line);
      console.log("wire bit rates include RTP, UDP and IP headers, one direction");
    });
}
