/**
 * `phone listen`, `phone call TARGET`, and ohphone's own syntax: `phone -l` to wait for
 * calls, `phone ADDRESS` to call.
 * @module
 */
import { type Command, Option } from "commander";
import { type Key, loadConfig } from "../config.ts";
import { UsageError } from "../errors.ts";
import { parseLogLevel } from "../session/event_log.ts";
import { looksLikeAddress, unknownCommandMessage } from "../command_guess.ts";

/** Options every session command takes (ohphone's, then ours). */
interface SessionFlags {
  noGatekeeper?: boolean;
  gatekeeper?: boolean;
  quicknet?: string;
  sound?: string;
  jitter?: string;
  autoAnswer?: boolean;
  codec?: string;
  port?: string;
  bind?: string;
  ipv4?: boolean;
  ipv6?: boolean;
  tos?: string;
  file?: string;
  loop?: boolean;
  record?: string;
  whitepages?: string;
  dtmf?: string;
  userNumber?: string;
  json?: boolean;
  plain?: boolean;
  logLevel?: string;
  logFile?: string;
  commands?: boolean;
  duration?: string;
  listen?: boolean;
}

/** Adds the session options to a command. */
export function withSessionOptions(command: Command): Command {
  return command
    .option("-n, --no-gatekeeper", "accepted for ohphone users; there is no gatekeeper here")
    .option("-q, --quicknet <n>", "use Quicknet PhoneJACK/LineJACK /dev/phoneN")
    .option("-s, --sound <device>", "sound device: ALSA name, null, file:IN[,OUT]")
    .option("-j, --jitter <ms>", "jitter buffer: MAX or MIN-MAX milliseconds")
    .option("-a, --auto-answer", "answer incoming calls at once")
    .option("--codec <list>", "codec preference, e.g. pcma,pcmu,g726-32")
    .option("--port <port>", "well-known port (default 10000)")
    .option("--bind <address>", "local address to listen on")
    .addOption(new Option("-4, --ipv4", "IPv4 only for names").conflicts("ipv6"))
    .option("-6, --ipv6", "IPv6 only for names")
    .option("--tos <byte>", "IP TOS / traffic class of voice (default 184 = EF)")
    .option("--file <input>", "play this WAV or raw file as the microphone")
    .option("--loop", "replay --file when it ends")
    .option("--record <output>", "record what the speaker plays (WAV by .wav)")
    .option("-w, --whitepages <url>", "white pages server for phone numbers")
    .option("--dtmf <method>", "send DTMF inband (tones) or rfc4733 (telephone events)")
    .option("--user-number <digits>", "user number for 'u' in a URL's dial digits")
    .option("--json", "events as JSON lines instead of the screen")
    .option("--plain", "events as plain lines instead of the screen")
    .option("--log-level <level>", "error, warn, info (default) or debug (every transition)")
    .option("--log-file <path>", "append events at that level to this file")
    .option(
      "--commands",
      "without a terminal: read answer, hangup, dtmf DIGITS, mute, stats, quit from stdin",
    )
    .option("--duration <s>", "end the session after this many seconds");
}

function jitterFlags(text: string): Partial<Record<Key, string>> {
  const m = /^(?:(\d+)-)?(\d+)$/.exec(text);
  if (!m) throw new UsageError(`-j must be MAX or MIN-MAX milliseconds, not "${text}"`);
  return m[1] ? { "jitter-min": m[1], "jitter-max": m[2] } : { "jitter-max": m[2] };
}

/** The settings the flags override. */
export function configFlags(f: SessionFlags): Partial<Record<Key, string>> {
  const flags: Partial<Record<Key, string>> = {};
  if (f.port !== undefined) flags.port = f.port;
  if (f.bind !== undefined) flags.bind = f.bind;
  if (f.ipv4) flags.family = "4";
  if (f.ipv6) flags.family = "6";
  if (f.tos !== undefined) flags.tos = f.tos;
  if (f.codec !== undefined) flags.codecs = f.codec;
  if (f.autoAnswer) flags["auto-answer"] = "true";
  if (f.quicknet !== undefined) flags.phonejack = f.quicknet;
  if (f.whitepages !== undefined) flags.whitepages = f.whitepages;
  if (f.dtmf !== undefined) flags.dtmf = f.dtmf;
  if (f.userNumber !== undefined) flags["user-number"] = f.userNumber;
  if (f.jitter !== undefined) Object.assign(flags, jitterFlags(f.jitter));
  return flags;
}

async function session(f: SessionFlags, listen: boolean, target?: string): Promise<void> {
  if (f.gatekeeper === false) {
    console.error("phone: -n accepted: NOTASIP needs no gatekeeper, calls go straight to the peer");
  }
  const duration = f.duration === undefined ? undefined : Number(f.duration);
  if (duration !== undefined && !(duration > 0)) {
    throw new UsageError(`--duration must be a positive number of seconds, not "${f.duration}"`);
  }
  const config = await loadConfig(configFlags(f));
  // Loaded when a session starts: `phone --help` and the other commands start faster.
  const { runSession } = await import("../session/run_session.ts");
  const code = await runSession({
    config,
    device: { soundFlag: f.sound, file: f.file, loop: f.loop, record: f.record },
    listen,
    target,
    json: f.json,
    plain: f.plain,
    logLevel: f.logLevel === undefined ? undefined : parseLogLevel(f.logLevel),
    logFile: f.logFile,
    commands: f.commands,
    durationS: duration,
  });
  if (code !== 0) Deno.exitCode = code;
}

const EXAMPLES_LISTEN = "\nExamples:\n  phone listen\n  phone listen -a --record call.wav\n" +
  "  phone -l -n -q 0                  (ohphone style, Quicknet card 0)";
const EXAMPLES_CALL = "\nExamples:\n  phone call 192.0.2.7\n  phone call [2001:db8::7]:10010\n" +
  "  phone call iphone://peer.example:10000/8,0\n  phone call 03-5734-3299 -w http://iphonebook.example/\n" +
  "  phone call peer.example --file hello.wav --record reply.wav --plain\n" +
  "  phone peer.example                (ohphone style)";

/** Adds `listen` and `call`, and ohphone's syntax on the program itself. */
export function registerSession(program: Command): void {
  withSessionOptions(
    program.command("listen").description("wait for calls on the well-known port (10000)"),
  ).addHelpText("after", EXAMPLES_LISTEN).action((f: SessionFlags) => session(f, true));

  withSessionOptions(
    program.command("call").description("call a session URL, a host[:port] or a phone number"),
  ).argument("<target>", "iphone:// URL, host, host:port or phone number")
    .addHelpText("after", EXAMPLES_CALL)
    .action((target: string, f: SessionFlags) => session(f, false, target));

  withSessionOptions(program.option("-l, --listen", "ohphone style: wait for calls"))
    .argument("[address]", "ohphone style: call this address")
    .action((address: string | undefined, f: SessionFlags) => {
      if (!address && !f.listen) {
        program.outputHelp();
        return;
      }
      if (address && !looksLikeAddress(address)) {
        throw new UsageError(unknownCommandMessage(address, program.commands.map((c) => c.name())));
      }
      return session(f, !!f.listen, address);
    });
}
