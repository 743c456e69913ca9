/**
 * One phone as its own process, for end-to-end tests: a {@link Phone} on a file line
 * (microphone from a WAV file, speaker recorded to a WAV file) and real UDP sockets,
 * controlled by commands on stdin and reporting every event as a JSON line on stdout.
 *
 * Flags: `--bind ADDR --port P` (listen there; without `--port` the phone does not listen),
 * `--input IN.wav`, `--record OUT.wav`, `--timeout-ms N` (idle timeout), `--auto-answer`,
 * `--codecs pcmu,pcma`, `--url URL` (the phone's own session URL: its dynamic payload types
 * decide how incoming ones are decoded), `--dtmf inband|rfc4733`, `--whitepages URL` (a `call`
 * of a number, not a URL, is looked up there as `phone call NUMBER` does). The phone has software
 * tones (US) and a DTMF detector, so digits go out and are reported both ways.
 *
 * Commands, one per line: `call URL`, `answer`, `hangup`, `stats`, `exit`.
 *
 * Output lines are JSON objects with `at` (Unix time in ms, fractional, the same clock in
 * every process of the machine) and `type`: `ready` first, then the phone's events
 * (`state`, `signaling`, `error`, ...), `stats` when asked, `failed` when a command failed,
 * and `exited` last.
 *
 * @example
 * ```sh
 * echo "call iphone://10.99.0.2:10000/0" | \
 *   deno run -A harness/e2e/phone_process.ts --input in.wav --record out.wav
 * ```
 * @module
 */
import { findCodec } from "../../runtime/codecs/mod.ts";
import { openLine } from "../../runtime/audio/registry.ts";
import { Phone, type PhoneEvent } from "../../runtime/phone/phone.ts";
import { UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { dynamicTypesOfUrl } from "../../runtime/phone/codec_choice.ts";
import { rtcpMuxOfUrl } from "../../runtime/phone/own_url.ts";
import { softwareTones } from "../../runtime/phone/software_tones.ts";
import { DtmfDetector } from "../../runtime/dsp/dtmf_detector.ts";
import { parseSessionUrl } from "../../runtime/url/parse_session_url.ts";
import { lookupNumber } from "../../runtime/whitepages/client.ts";
import { parseArgs } from "node:util";

/** What the flags asked for. */
export interface PhoneProcessOptions {
  readonly bind?: string;
  readonly port?: number;
  readonly input?: string;
  readonly record?: string;
  readonly timeoutMs?: number;
  readonly autoAnswer: boolean;
  readonly codecs: string[];
  readonly url?: string;
  readonly dtmf?: "inband" | "rfc4733";
  readonly whitepages?: string;
}

/** Parses the flags; throws naming the flag that is wrong. */
export function parsePhoneProcessArgs(args: readonly string[]): PhoneProcessOptions {
  const text = { type: "string" } as const;
  let out: Record<string, string | boolean | undefined>;
  try {
    out = parseArgs({
      args: [...args],
      options: {
        "auto-answer": { type: "boolean" },
        bind: text,
        port: text,
        input: text,
        record: text,
        "timeout-ms": text,
        codecs: text,
        url: text,
        dtmf: text,
        whitepages: text,
      },
    }).values;
  } catch (e) {
    throw new Error(`phone_process: ${(e as Error).message}`);
  }
  const number = (name: string) => {
    if (out[name] === undefined) return undefined;
    const n = Number(out[name]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  return {
    bind: out.bind as string | undefined,
    port: number("port"),
    input: out.input as string | undefined,
    record: out.record as string | undefined,
    timeoutMs: number("timeout-ms"),
    autoAnswer: out["auto-answer"] === true,
    codecs: String(out.codecs ?? "pcmu,pcma").split(","),
    url: out.url as string | undefined,
    dtmf: out.dtmf === undefined ? undefined : out.dtmf === "rfc4733" ? "rfc4733" : "inband",
    whitepages: out.whitepages as string | undefined,
  };
}

/** Unix time in ms with sub-millisecond precision. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

function print(record: Record<string, unknown>): void {
  console.log(JSON.stringify({ at: nowMs(), ...record }));
}

async function main(args: string[]): Promise<number> {
  const options = parsePhoneProcessArgs(args);
  const line = await openLine({
    kind: "file",
    input: options.input,
    output: options.record,
    loop: options.input !== undefined,
    frameMs: 10,
  });
  const tones = await softwareTones("us");
  const dtmfDetector = await DtmfDetector.create();
  const phone = await Phone.create({
    line,
    tones,
    dtmfDetector,
    dynamicTypes: options.url ? dynamicTypesOfUrl(parseSessionUrl(options.url)) : undefined,
    rtcpMux: options.url ? rtcpMuxOfUrl(parseSessionUrl(options.url)) : false,
    dtmf: { method: options.dtmf },
    transports: new UdpTransports(),
    codecs: options.codecs.map((name) => findCodec(name)),
    listen: { address: options.bind, port: options.port ?? 10000 },
    autoAnswer: options.autoAnswer,
    timeoutMs: options.timeoutMs,
  });
  phone.onEvent((event: PhoneEvent) => print({ ...event }));
  if (options.port !== undefined) await phone.listen();
  const running = phone.run();
  print({ type: "ready", pid: Deno.pid });
  const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream());
  let buffer = "";
  reading: for await (const chunk of lines) {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const command = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (command === "exit") break reading;
      await obey(phone, command, options.whitepages);
    }
  }
  await phone.close();
  await running;
  tones.close();
  dtmfDetector.close();
  print({ type: "exited" });
  return 0;
}

async function obey(phone: Phone, command: string, whitepages?: string): Promise<void> {
  const [verb, argument] = command.split(/\s+/, 2);
  try {
    if (verb === "call") await phone.call(await target(argument, whitepages));
    else if (verb === "answer") phone.answer();
    else if (verb === "hangup") phone.hangUp();
    else if (verb === "stats") print({ type: "stats", stats: phone.stats() });
    else if (verb !== "") throw new Error(`unknown command "${verb}"`);
  } catch (e) {
    print({ type: "failed", command, message: (e as Error).message });
  }
}

// A session URL as it is; a number through the white pages (what they answer is printed).
async function target(text: string, whitepages?: string): Promise<string> {
  if (text.includes("://") || !whitepages) return text;
  const url = await lookupNumber(whitepages, text);
  print({ type: "looked-up", number: text, url });
  return url;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
