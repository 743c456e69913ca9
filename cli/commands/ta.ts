/**
 * `phone ta`: the phone as a terminal adapter, an always-on appliance behind a telephone.
 * It listens for calls, lets the handset (a Quicknet card's POTS port, or the keyboard on
 * a sound card) place and take them, and serves its configuration and status page and its
 * phone book as white pages. State lives in one SQLite file and survives restarts.
 * @module
 */
import type { Command } from "commander";
import type { TaStore } from "../../runtime/ta/store.ts";
import type { TerminalAdapter } from "../../runtime/ta/terminal_adapter.ts";
import { UsageError } from "../errors.ts";

// The TA (SQLite, the web server) loads when its command runs: no node: module at start-up.
const ta = {
  store: async () => (await import("../../runtime/ta/store.ts")).TaStore,
  adapter: async () => (await import("../../runtime/ta/terminal_adapter.ts")).TerminalAdapter,
  web: async () => (await import("../../runtime/ta/web.ts")).taWebApp,
  auth: () => import("../../runtime/ta/auth.ts"),
};

interface TaFlags {
  quicknet?: string;
  sound?: string;
  data?: string;
  port?: string;
  bind?: string;
  httpPort?: string;
  httpBind?: string;
  publicHost?: string;
  keyboard?: boolean;
  setPassword?: boolean;
  json?: boolean;
}

/** The default database: `$XDG_STATE_HOME/simple-internet-phone/ta.sqlite`. */
export function defaultDataPath(): string {
  const state = Deno.env.get("XDG_STATE_HOME") ?? `${Deno.env.get("HOME") ?? "."}/.local/state`;
  return `${state}/simple-internet-phone/ta.sqlite`;
}

function port(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError(`${what} must be a port number 0-65535, not "${text}"`);
  }
  return n;
}

async function readStdinLine(): Promise<string> {
  const buf = new Uint8Array(1024);
  const n = await Deno.stdin.read(buf);
  return new TextDecoder().decode(buf.subarray(0, n ?? 0)).split(/\r?\n/)[0];
}

const KEY_HELP =
  "keys: space lift/hang up, 0-9 * # dial (DTMF in a call), f flash, a lift to answer, q quit";

/** Registers `phone ta`. */
export function registerTa(program: Command): void {
  program
    .command("ta")
    .description("terminal adapter: always-on phone for a handset, with a web configuration page")
    .option("-q, --quicknet <n>", "the handset on Quicknet PhoneJACK/LineJACK /dev/phoneN")
    .option("-s, --sound <device>", "a sound device instead (ALSA name, null): keyboard as keypad")
    .option("--data <file>", `SQLite file of settings, phone book, history (${defaultDataPath()})`)
    .option("--port <port>", "well-known port to listen on (default 10000)")
    .option("--bind <address>", "address to listen on for calls (default every address)")
    .option("--http-port <port>", "configuration page port (default 8080; 0: any free port)")
    .option("--http-bind <address>", "configuration page address (default 127.0.0.1)")
    .option("--public-host <host>", "host name or address others reach this phone at")
    .option("--keyboard", "the terminal's keys are the keypad and hook (default with -s)")
    .option("--set-password", "read a new administrator password from stdin, save it, exit")
    .option("--json", "events as JSON lines")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  phone ta -q 0                       the telephone on /dev/phone0\n" +
        "  phone ta -s default --keyboard      a sound card, the keyboard as keypad\n" +
        "  echo 'a long password' | phone ta --set-password\n" +
        "Then open http://localhost:8080/ to set the password (first time) and the settings.\n" +
        KEY_HELP,
    )
    .action(async (flags: TaFlags) => {
      const path = flags.data ?? defaultDataPath();
      await Deno.mkdir(path.replace(/\/[^/]*$/, "") || ".", { recursive: true });
      const store = (await ta.store()).open(path);
      try {
        if (flags.setPassword) {
          const password = await readStdinLine();
          const auth = await ta.auth();
          const problem = auth.passwordProblem(password, password);
          if (problem) throw new UsageError(`password: ${problem}`);
          store.setPasswordHash(await auth.hashPassword(password));
          console.log(`password set in ${path}`);
          return;
        }
        await runTa(store, flags);
      } finally {
        store.close();
      }
    });
}

async function runTa(store: TaStore, flags: TaFlags): Promise<void> {
  const choice = flags.quicknet !== undefined
    ? { quicknet: Number(flags.quicknet), soundSetting: "default" }
    : { soundFlag: flags.sound ?? "default", soundSetting: "default" };
  if (flags.quicknet !== undefined && !/^\d+$/.test(flags.quicknet)) {
    throw new UsageError(`-q must be a card number, not "${flags.quicknet}"`);
  }
  // The audio back ends load only now: other commands start without them.
  const { lineSpecOf } = await import("../session/open_line.ts");
  const { openLine } = await import("../../runtime/audio/registry.ts");
  const { spec } = lineSpecOf(choice);
  let raw = false; // the terminal in raw mode (keyboard as keypad): lines need \r\n
  const emit = (event: Record<string, unknown>) => {
    const text = flags.json ? JSON.stringify(event) : Object.values(event).join(" ");
    if (raw) Deno.stdout.writeSync(new TextEncoder().encode(text + "\r\n"));
    else console.log(text);
  };
  const adapter = await (await ta.adapter()).start({
    store,
    openLine: () => openLine(spec),
    listen: { address: flags.bind ?? "::", port: port(flags.port, 10000, "--port") },
    publicHost: flags.publicHost,
  });
  let last = "";
  adapter.onStatus((s) => {
    const key = `${s.state}/${s.progress ?? ""}/${s.handset}/${s.notice ?? ""}`;
    if (key === last) return;
    last = key;
    emit({
      type: "status",
      state: s.state === "connected" && s.progress ? s.progress : s.state,
      handset: s.handset,
      peer: s.peer,
      notice: s.notice,
    });
  });
  const app = (await ta.web())({ ta: adapter, store });
  const abort = new AbortController();
  const server = Deno.serve({
    hostname: flags.httpBind ?? "127.0.0.1",
    port: port(flags.httpPort, 8080, "--http-port"),
    signal: abort.signal,
    onListen: ({ hostname, port }) => {
      const host = hostname.includes(":") ? `[${hostname}]` : hostname;
      emit({ type: "web", url: `http://${host}:${port}/` });
      emit({ type: "url", url: adapter.ownUrl() });
    },
  }, (req, info) => app.fetch(req, { remoteAddr: info.remoteAddr }));
  const stop = () => abort.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  const keyboard = flags.keyboard ?? (flags.quicknet === undefined);
  if (keyboard && Deno.stdin.isTerminal()) {
    emit({ type: "keys", help: KEY_HELP });
    raw = true;
    readKeys(adapter, stop).finally(() => raw = false);
  }
  await server.finished;
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);
  await adapter.close();
}

// The terminal as a telephone: space is the hook switch, digits the keypad.
async function readKeys(adapter: TerminalAdapter, stop: () => void): Promise<void> {
  Deno.stdin.setRaw(true);
  const buf = new Uint8Array(16);
  try {
    while (true) {
      const n = await Deno.stdin.read(buf);
      if (n === null) break;
      for (const ch of new TextDecoder().decode(buf.subarray(0, n))) {
        const c = adapter.controller;
        if (ch === "q" || ch === "\x03") return stop();
        if (ch === " ") c.hook(!c.handset.offHook);
        else if (ch === "a" && !c.handset.offHook) c.hook(true); // answer: lift, never hang up
        else if (ch === "f") c.flash();
        else if (/[0-9*#]/.test(ch)) c.press(ch);
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
  }
}
