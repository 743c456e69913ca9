/**
 * `deno task phone`: the Simple Internet Phone's command line.
 * @module
 */
import { Command, CommanderError } from "commander";
import { registerCodecs } from "./commands/codecs.ts";
import { registerConfig } from "./commands/config.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerSession } from "./commands/session.ts";
import { registerTranscode } from "./commands/transcode.ts";
import { registerUrl } from "./commands/url.ts";
import { registerWhitePages } from "./commands/whitepages.ts";
import { registerRegistration } from "./commands/register.ts";
import { registerTa } from "./commands/ta.ts";
import { registerHandler } from "./commands/handler.ts";
import { registerYellowPages } from "./commands/yellowpages.ts";
import { registerGateway } from "./commands/gateway.ts";
import { UsageError } from "./errors.ts";
import { versionText } from "./version.ts";

/** The program with every command registered. */
export function buildProgram(): Command {
  const program = new Command("phone")
    .description("Simple Internet Phone: direct IP calls, no server in between")
    .version(versionText(), "-V, --version", "the versions of phone, Deno and the codecs")
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride()
    .addHelpText(
      "after",
      "\nQuick start:\n" +
        "  phone demo                 hear a call to yourself, through codec and network\n" +
        "  phone listen               wait for calls (on port 10000)\n" +
        "  phone call HOST            call another phone (in a second terminal: phone call localhost)\n" +
        "  phone COMMAND --help       examples for each command",
    );
  registerCodecs(program);
  registerConfig(program);
  registerTranscode(program);
  registerUrl(program);
  registerDemo(program);
  registerSession(program);
  registerWhitePages(program);
  registerRegistration(program);
  registerTa(program);
  registerHandler(program);
  registerYellowPages(program);
  registerGateway(program);
  return program;
}

/** Runs the command line; returns the exit status (see `exit_codes.ts`). */
export async function main(args: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(args, { from: "user" });
    return Number(Deno.exitCode) || 0; // a session sets it: busy, bad target, cannot listen...
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof UsageError || (e instanceof Error && e.name === "WavError")) {
      console.error(`phone: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
