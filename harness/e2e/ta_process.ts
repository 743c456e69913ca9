/**
 * A terminal adapter with a telephone, as its own process, for end-to-end tests: `phone ta`'s
 * {@link TerminalAdapter} on an emulated Quicknet card (this process's own emulator), its web
 * server (configuration and white pages) on the namespace's address, and a person at the
 * telephone driven by commands on stdin. Every event is a JSON line on stdout (`at` in Unix
 * ms, the same clock in every process), as in `phone_process.ts`.
 *
 * Flags: `--bind ADDR` (calls and web), `--port P` (default 10000), `--http-port P` (default
 * 8080), `--country C` (tones), `--whitepages URL`, `--voice HZ` (the microphone's test
 * voice), `--entry NUMBER=URL` and `--quick KEY=URL` (phone book; repeatable).
 *
 * Commands: `lift`, `hangup`, `press DIGITS`, `pulses DIGITS`, `hear HZ` (reports the share
 * of that tone in the last 200 ms heard), `mark` (remember how much was heard), `voice HZ`
 * (intact 20 ms pieces of that test voice heard since the mark), `exit`.
 * Reports: `ready`, `handset` (state, reason), `state` (the phone's), `dialed`, `bell`
 * (on/off), `heard`, `voice`, `failed`, `exited`.
 * @module
 */
import { CardType, PhoneJackEmulator } from "../devices/phonejack_emulator.ts";
import { HandsetPerson, toneShare } from "../devices/handset_person.ts";
import { alignment, testVoice } from "./test_signal.ts";
import { windowedCorrelation } from "../../runtime/dsp/signal_compare.ts";
import { openLine } from "../../runtime/audio/registry.ts";
import { TaStore } from "../../runtime/ta/store.ts";
import { TerminalAdapter } from "../../runtime/ta/terminal_adapter.ts";
import { taWebApp } from "../../runtime/ta/web.ts";
import { DEFAULT_SETTINGS } from "../../runtime/ta/settings.ts";

const CARD = 0;

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

function print(record: Record<string, unknown>): void {
  console.log(JSON.stringify({ at: nowMs(), ...record }));
}

/** Intact 20 ms pieces of `said` in `heard` (see the handset controller test). */
export function intactPieces(said: Int16Array, heard: Int16Array): number {
  const offset = alignment(said, heard);
  if (offset === undefined) return 0;
  const slack = 8000;
  const shift = offset - slack;
  const [a, b] = shift >= 0 ? [said, heard.subarray(shift)] : [said.subarray(-shift), heard];
  return windowedCorrelation(a, b, 160, 2 * slack).filter((w) => w.correlation > 0.9).length;
}

function flags(args: string[]) {
  const out = { entries: [] as string[], quicks: [] as string[] } as Record<string, unknown> & {
    entries: string[];
    quicks: string[];
  };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === "--entry") out.entries.push(value);
    else if (flag === "--quick") out.quicks.push(value);
    else out[flag.slice(2)] = value;
  }
  return out;
}

async function main(args: string[]): Promise<number> {
  const f = flags(args);
  const emulator = await PhoneJackEmulator.load();
  emulator.reset(CARD);
  emulator.addCard(CARD, CardType.PhoneJACKPCI);
  const voiceHz = Number(f.voice ?? 300);
  emulator.setMicrophone(CARD, testVoice(12, voiceHz), true);
  const person = new HandsetPerson(emulator, CARD);
  const dir = await Deno.makeTempDir({ prefix: "ta-process-" });
  const store = TaStore.open(`${dir}/ta.sqlite`);
  store.saveSettings({
    ...DEFAULT_SETTINGS,
    toneCountry: String(f.country ?? "cept"),
    whitePages: String(f.whitepages ?? ""),
    context: { country: "49", area: "30", trunkPrefix: "0", internationalPrefix: "00" },
    interDigitMs: 3000,
  });
  for (const e of f.entries) {
    const [number, url] = e.split("=", 2);
    store.addEntry({ name: number, number, quick: "", url });
  }
  for (const q of f.quicks) {
    const [quick, url] = q.split("=", 2);
    store.addEntry({ name: `quick ${quick}`, number: "", quick, url });
  }
  const bind = String(f.bind ?? "127.0.0.1");
  const ta = await TerminalAdapter.start({
    store,
    openLine: () => openLine({ kind: "phonejack", index: CARD, library: emulator.path }),
    listen: { address: bind, port: Number(f.port ?? 10000) },
  });
  ta.phone.onEvent((e) => {
    if (e.type === "state") print({ type: "state", state: e.state, reason: e.reason });
    else if (e.type === "progress") {
      print({ type: "progress", progress: e.progress, cause: e.cause });
    } else if (e.type === "refused") print({ type: "refused", peer: e.peer.address });
  });
  ta.controller.onEvent((e) => print({ ...e }));
  const app = taWebApp({ ta, store });
  const server = Deno.serve(
    { hostname: bind, port: Number(f["http-port"] ?? 8080), onListen() {} },
    (req, info) => app.fetch(req, { remoteAddr: info.remoteAddr }),
  );
  let bell = false;
  const watch = setInterval(() => {
    if (person.ringing !== bell) {
      bell = person.ringing;
      print({ type: "bell", on: bell });
    }
  }, 10);
  let mark = 0;
  print({ type: "ready", pid: Deno.pid, url: ta.ownUrl() });
  const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream());
  let buffer = "";
  reading: for await (const chunk of lines) {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const command = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (command === "exit") break reading;
      const [verb, arg = ""] = command.split(/\s+/, 2);
      try {
        if (verb === "lift") person.lift();
        else if (verb === "hangup") person.hangUp();
        else if (verb === "press") {
          await person.press(arg);
          print({ type: "pressed", keys: arg });
        } else if (verb === "pulses") {
          await person.dialPulses(arg, 150, 150, 2000);
          print({ type: "pressed", keys: arg });
        } else if (verb === "hear") {
          print({ type: "heard", hz: Number(arg), share: toneShare(person.lastHeard(200), +arg) });
        } else if (verb === "mark") mark = person.heard().length;
        else if (verb === "voice") {
          const heard = person.heard().subarray(mark);
          const other = intactPieces(testVoice(12, Number(arg)), heard);
          const own = intactPieces(testVoice(12, voiceHz), heard);
          print({ type: "voice", hz: Number(arg), pieces: other, own });
        } else if (verb !== "") throw new Error(`unknown command "${verb}"`);
      } catch (e) {
        print({ type: "failed", command, message: (e as Error).message });
      }
    }
  }
  clearInterval(watch);
  await ta.close();
  await server.shutdown();
  store.close();
  await Deno.remove(dir, { recursive: true });
  print({ type: "exited" });
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
