/**
 * A phone process on one of the test hosts ({@link Hosts}), with the voice it speaks
 * (written to a WAV file it plays as its microphone) and the file it records its speaker
 * to, so a test can check afterwards what each side heard.
 *
 * @example
 * ```ts
 * import { withHosts } from "./namespace_process.ts";
 * import { startPhone, urlOf } from "./hosted_phone.ts";
 * await withHosts(async (hosts) => {
 *   const b = await startPhone(hosts, hosts.pair.b, "callee", {
 *     listen: { address: hosts.pair.b.ipv4, port: 10000 },
 *     autoAnswer: true,
 *   });
 *   const a = await startPhone(hosts, hosts.pair.a, "caller", {});
 *   await a.process.send(`call ${urlOf(hosts.pair.b.ipv4, 10000)}`);
 *   await b.process.waitForState("talking");
 * });
 * ```
 * @module
 */
import type { NamespaceEnd } from "../hosts/netns.ts";
import { encodeWav, parseWav } from "../../runtime/audio/wav.ts";
import type { Hosts, NamespaceProcess } from "./namespace_process.ts";
import { testVoice } from "./test_signal.ts";

/** How a test phone is set up. */
export interface PhoneSetup {
  /** Listen here; a phone without it only calls. */
  readonly listen?: { readonly address: string; readonly port: number };
  readonly autoAnswer?: boolean;
  /** Idle timeout in ms (default the phone's, 30 s). */
  readonly timeoutMs?: number;
  /** Start frequency of the phone's chirp, so each phone's voice is its own. */
  readonly voiceHz?: number;
  /** Codecs it calls with (registry names), default PCMU and PCMA. */
  readonly codecs?: readonly string[];
  /** Its own session URL, whose dynamic payload types it decodes by. */
  readonly url?: string;
  /** How it sends DTMF. */
  readonly dtmf?: "inband" | "rfc4733";
  /** White pages for calls to numbers. */
  readonly whitepages?: string;
}

/** A running phone process and its audio files. */
export interface HostedPhone {
  readonly process: NamespaceProcess;
  /** What its microphone says (looped). */
  readonly said: Int16Array;
  /** Where its speaker is recorded; complete once the process has exited cleanly. */
  readonly recording: string;
}

/** Seconds of voice in each phone's microphone file. */
export const VOICE_SECONDS = 12;

/** Starts `phone_process.ts` on `end` and waits until it is ready. */
export async function startPhone(
  hosts: Hosts,
  end: NamespaceEnd,
  name: string,
  setup: PhoneSetup,
): Promise<HostedPhone> {
  const said = testVoice(VOICE_SECONDS, setup.voiceHz ?? 400);
  const input = `${hosts.dir}/${name}-said.wav`;
  const recording = `${hosts.dir}/${name}-heard.wav`;
  await Deno.writeFile(input, encodeWav(said));
  const args = ["--input", input, "--record", recording];
  if (setup.listen) {
    args.push("--bind", setup.listen.address, "--port", String(setup.listen.port));
  }
  if (setup.autoAnswer) args.push("--auto-answer");
  if (setup.timeoutMs) args.push("--timeout-ms", String(setup.timeoutMs));
  if (setup.codecs) args.push("--codecs", setup.codecs.join(","));
  if (setup.url) args.push("--url", setup.url);
  if (setup.dtmf) args.push("--dtmf", setup.dtmf);
  if (setup.whitepages) args.push("--whitepages", setup.whitepages);
  const process = hosts.spawn(end, "phone_process.ts", args, name);
  await process.waitFor((r) => r.type === "ready", 15_000, "ready");
  return { process, said, recording };
}

/** What a phone recorded (call after it has stopped). */
export async function recordingOf(phone: HostedPhone): Promise<Int16Array> {
  return parseWav(await Deno.readFile(phone.recording)).samples;
}

/** The session URL of a phone at `address`, PCMU. */
export function urlOf(address: string, port: number): string {
  return `iphone://${address.includes(":") ? `[${address}]` : address}:${port}/0`;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
