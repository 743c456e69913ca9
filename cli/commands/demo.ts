/**
 * `phone demo`: a self-call a newcomer can hear. A caller phone plays a built-in spoken
 * sample through the codec and real UDP sockets on loopback to a callee phone, which
 * answers and records what it heard to a WAV file.
 * @module
 */
import type { Command } from "commander";
import type { DemoOptions } from "./demo_run.ts";

/** Runs the demo; returns a summary line (the phones are loaded only now). */
export async function runDemo(o: DemoOptions): Promise<string> {
  return await (await import("./demo_run.ts")).runDemo(o);
}

/** Adds `demo` to the program. */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("call yourself over loopback: hear a spoken sample through codec and network")
    .option("-c, --codec <name>", "codec to call with", "pcmu")
    .option("-o, --out <file>", "where the callee records what it heard", "demo-heard.wav")
    .option("--file <input>", "send this WAV instead of the built-in sample")
    .addHelpText("after", "\nExamples:\n  phone demo\n  phone demo --codec g726-32 --out g726.wav")
    .action(async (o: { codec: string; out: string; file?: string }) => {
      console.log(await runDemo({ codec: o.codec, out: o.out, input: o.file }));
    });
}
