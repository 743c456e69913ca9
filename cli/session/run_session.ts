/**
 * A phone session from the command line: build the phone from the settings, listen
 * and/or place a call, show what happens, take keys, and end cleanly.
 * @module
 */
import { type Codec, findCodec, UnknownCodecError } from "../../runtime/codecs/mod.ts";
import { Phone, type PhoneEvent } from "../../runtime/phone/phone.ts";
import { ipv6Available, UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { dynamicTypesOf, ownSessionUrl, rtcpMuxOfUrl } from "../../runtime/phone/own_url.ts";
import { dynamicTypesOfUrl } from "../../runtime/phone/codec_choice.ts";
import { parseSessionUrl } from "../../runtime/url/parse_session_url.ts";
import { softwareTones } from "../../runtime/phone/software_tones.ts";
import { DtmfDetector } from "../../runtime/dsp/dtmf_detector.ts";
import { asBool, asInt, asList, type Config } from "../config.ts";
import { UsageError } from "../errors.ts";
import { resolveTarget } from "../target.ts";
import { type DeviceChoice, openSessionLine } from "./open_line.ts";
import { type Controls, LineView, TerminalView, type View } from "./status_view.ts";
import { FileLog, LevelFilter, type LogLevel, Tee } from "./event_log.ts";
import { handleKey } from "./keys.ts";
import { readLineCommands, runLineCommand } from "./line_commands.ts";
import { callExitCode, errorExitCode, EXIT } from "../exit_codes.ts";
import { reachableAddresses } from "../commands/url.ts";

/** What the command asked for. */
export interface SessionRequest {
  readonly config: Config;
  readonly device: Omit<DeviceChoice, "soundSetting" | "quicknet">;
  readonly listen: boolean;
  readonly target?: string;
  /** Lines or JSON instead of the screen (also when stdout is not a terminal). */
  readonly json?: boolean;
  readonly plain?: boolean;
  /** What plain lines and the log file show (default info); JSON shows every event. */
  readonly logLevel?: LogLevel;
  /** Append events at `logLevel` to this file, whatever the screen shows. */
  readonly logFile?: string;
  /** Take line commands (answer, hangup, dtmf ...) on standard input without a terminal. */
  readonly commands?: boolean;
  /** End after this many seconds of call (tests, demos); default never. */
  readonly durationS?: number;
}

/** The codecs named by the `codecs` setting, in order. */
export function codecsOf(config: Config): Codec[] {
  try {
    return asList(config, "codecs").map((name) => findCodec(name));
  } catch (e) {
    if (e instanceof UnknownCodecError) throw new UsageError(`codecs: ${e.message}`);
    throw e;
  }
}

function formatsOf(codecs: readonly Codec[]): string[] {
  return codecs.map((c) =>
    c.payloadType !== undefined ? String(c.payloadType) : `${c.encoding}:${c.clockRate}`
  );
}

// The phone's own dynamic types: as `phone url` publishes them, and as the `url` setting
// assigns (which wins), so a caller reading that URL and this phone agree.
function dynamicTypesFor(url: string, codecs: readonly Codec[]): Map<number, Codec> {
  const types = dynamicTypesOf(codecs);
  if (!url) return types;
  let parsed;
  try {
    parsed = parseSessionUrl(url);
  } catch (e) {
    throw new UsageError(`url: ${(e as Error).message}`);
  }
  for (const [type, codec] of dynamicTypesOfUrl(parsed)) types.set(type, codec);
  return types;
}

/** Runs one session; resolves with the exit status. */
export async function runSession(request: SessionRequest): Promise<number> {
  const { config } = request;
  const codecs = codecsOf(config);
  const interactive = Deno.stdin.isTerminal() && Deno.stdout.isTerminal() && !request.json &&
    !request.plain;
  const level = request.logLevel ?? "info";
  // The listening screen shows how to reach this phone: its session URL.
  const bind = config.bind.value;
  const ownUrl = request.listen
    ? ownSessionUrl(
      bind && bind !== "::" && bind !== "0.0.0.0" ? bind : reachableAddresses()[0],
      asInt(config, "port"),
      codecs,
    )
    : undefined;
  const shown: View = interactive
    ? new TerminalView(ownUrl)
    : request.json
    ? new LineView(true)
    : new LevelFilter(new LineView(false), level);
  const view: View = request.logFile
    ? new Tee([shown, new FileLog(request.logFile, level)])
    : shown;
  const note = (text: string) => view.note(text);
  const line = await openSessionLine({
    ...request.device,
    soundSetting: config.sound.value,
    quicknet: asInt(config, "phonejack"),
  }, note);
  if (asBool(config, "call-waiting")) {
    view.note("call-waiting: not supported by the phone yet; a second caller hears busy");
  }
  const tones = await softwareTones(config.tones.value);
  const dtmfDetector = await DtmfDetector.create();
  const phone = await Phone.create({
    tones,
    dtmfDetector,
    line,
    transports: new UdpTransports({ trafficClass: asInt(config, "tos") }),
    codecs,
    dynamicTypes: dynamicTypesFor(config.url.value, codecs),
    rtcpMux: config.url.value ? rtcpMuxOfUrl(parseSessionUrl(config.url.value)) : false,
    family: config.family.value as "any" | "4" | "6",
    // Dual-stack by default: one listener for IPv4 and IPv6 callers.
    listen: {
      address: config.bind.value || (ipv6Available() ? "::" : "0.0.0.0"),
      port: asInt(config, "port"),
    },
    ptimeMs: asInt(config, "ptime"),
    jitterMinMs: asInt(config, "jitter-min"),
    jitterMaxMs: asInt(config, "jitter-max"),
    autoAnswer: asBool(config, "auto-answer"),
    // The signaling supports a second call, the phone cannot present one yet: keep it off
    // so a second caller hears busy rather than nothing.
    callWaiting: false,
    timeoutMs: asInt(config, "idle-timeout") * 1000,
    ringSilenceMs: asInt(config, "ring-silence"),
    dtmf: {
      method: config.dtmf.value as "inband" | "rfc4733",
      telephoneEventType: asInt(config, "telephone-event"),
      userNumber: config["user-number"].value || undefined,
      pin: config.pin.value || undefined,
    },
  });
  const controls: Controls = { muted: false, volume: 1, jitterMaxMs: asInt(config, "jitter-max") };
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => done = resolve);
  // Placing a call (`phone call`, a `call` command, dialing on the screen): resolve the
  // target, then call; what goes wrong is told, and only ends a `phone call` session.
  const dial = async (target: string): Promise<number> => {
    try {
      const resolved = await resolveTarget(target, {
        formats: formatsOf(codecs),
        whitepages: config.whitepages.value || undefined,
        numbering: config.numbering.value || undefined,
        yellowpages: config.yellowpages.value || undefined,
      });
      view.note(`calling ${resolved.text}`);
      await phone.call(resolved.url);
      return EXIT.ok;
    } catch (e) {
      view.event({ type: "error", message: (e as Error).message });
      return errorExitCode(e);
    }
  };
  phone.onEvent((event: PhoneEvent) => {
    view.event(event);
    // `phone call` ends with its call; a listening phone goes on (back to idle by itself).
    if (
      event.type === "state" && !request.listen && ["idle", "ended", "busy"].includes(event.state)
    ) {
      const code = callExitCode(event.state, event.reason);
      setTimeout(() => done(code), event.state === "busy" ? 1500 : 200);
    }
  });
  const running = phone.run().then(() => done(0), (e) => {
    note(`audio stopped: ${(e as Error).message}`);
    done(1);
  });
  const refresh = setInterval(() => view.refresh(phone.stats(), controls), 250);
  const onCommand = (line: string) => {
    const result = runLineCommand(line, phone, done, (target) => void dial(target));
    if (!result.ok) view.note(result.error);
    else if (result.text) view.note(result.text);
  };
  const stopKeys = interactive
    ? readKeys((key) => handleKey(key, phone, controls, done, (target) => void dial(target)))
    : !Deno.stdin.isTerminal() && request.commands
    ? readLineCommands(onCommand)
    : () => {};
  const onSignal = () => done(0);
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    if (request.listen) {
      try {
        await phone.listen();
      } catch (e) {
        const port = asInt(config, "port");
        view.event({
          type: "error",
          message: `cannot listen on port ${port}: ${(e as Error).message}`,
        });
        return EXIT.cannotListen;
      }
      if (ownUrl) view.note(`this phone: ${ownUrl}`);
    }
    if (request.target) {
      const code = await dial(request.target);
      if (code !== EXIT.ok) return code;
    }
    if (request.durationS !== undefined) {
      timer = setTimeout(() => done(0), request.durationS * 1000);
    }
    return await finished;
  } catch (e) {
    view.event({ type: "error", message: (e as Error).message });
    return errorExitCode(e);
  } finally {
    clearTimeout(timer);
    clearInterval(refresh);
    stopKeys();
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    await phone.close();
    await running;
    tones.close();
    dtmfDetector.close();
    view.close();
  }
}

/** Reads single key presses in raw mode until stopped. */
function readKeys(onKey: (key: string) => void): () => void {
  Deno.stdin.setRaw(true);
  let stopped = false;
  (async () => {
    const buffer = new Uint8Array(16);
    while (!stopped) {
      const n = await Deno.stdin.read(buffer).catch(() => null);
      if (n === null) break;
      for (const ch of new TextDecoder().decode(buffer.subarray(0, n))) if (!stopped) onKey(ch);
    }
  })();
  return () => {
    stopped = true;
    Deno.stdin.setRaw(false);
  };
}
