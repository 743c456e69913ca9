/**
 * Controlling a session without a terminal: one command per line on standard input
 * (`call TARGET`, `answer`, `hangup`, `dtmf 123#`, `mute`, `unmute`, `stats`, `quit`),
 * for scripts, answering machines and tests. A listening phone places calls too: `call`
 * takes what `phone call` takes (URL, host[:port], number).
 * @module
 */
import type { Phone } from "../../runtime/phone/phone.ts";

/** What a line command did, for the session's log. */
export type CommandResult = { ok: true; text?: string } | { ok: false; error: string };

/** The commands, for help and errors. */
export const LINE_COMMANDS = [
  "call TARGET",
  "answer",
  "hangup",
  "dtmf DIGITS",
  "mute",
  "unmute",
  "stats",
  "quit",
];

/** Carries out one line; `quit` is reported through `quit`. */
export function runLineCommand(
  line: string,
  phone: Phone,
  quit: (code: number) => void,
  dial?: (target: string) => void,
): CommandResult {
  const [word, ...rest] = line.trim().split(/\s+/);
  try {
    switch (word) {
      case "":
        return { ok: true };
      case "call":
        if (!rest.length) return { ok: false, error: "call: which target? (call HOST or URL)" };
        if (!dial) return { ok: false, error: "call: this session cannot place calls" };
        dial(rest.join(" "));
        return { ok: true };
      case "answer":
        phone.answer();
        return { ok: true };
      case "hangup":
        phone.hangUp();
        return { ok: true };
      case "dtmf":
        phone.sendDtmf(rest.join(""));
        return { ok: true };
      case "mute":
      case "unmute":
        phone.options.line.setMute(word === "mute");
        return { ok: true };
      case "stats":
        return { ok: true, text: JSON.stringify(phone.stats()) };
      case "quit":
        quit(0);
        return { ok: true };
    }
    return { ok: false, error: `unknown command "${word}"; commands: ${LINE_COMMANDS.join(", ")}` };
  } catch (e) {
    return { ok: false, error: `${word}: ${(e as Error).message}` };
  }
}

/** Reads commands from standard input until it ends or `stop()` is called. */
export function readLineCommands(onLine: (line: string) => void): () => void {
  let stopped = false;
  (async () => {
    let pending = "";
    const decoder = new TextDecoder();
    for await (const chunk of Deno.stdin.readable) {
      if (stopped) break;
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (!stopped) onLine(line);
    }
  })().catch(() => {});
  return () => stopped = true;
}
