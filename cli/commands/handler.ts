/**
 * `phone install-handler`: makes this phone the desktop's handler of `iphone:` links, so a
 * click on `<a href="iphone://host/0">` in a web page calls it (`phone call URL` in a
 * terminal). Writes a desktop entry (freedesktop.org Desktop Entry Specification) to
 * `$XDG_DATA_HOME/applications/` and registers it with `xdg-mime` for
 * `x-scheme-handler/iphone`.
 * @module
 */
import type { Command } from "commander";
import { UsageError } from "../errors.ts";

/** The desktop entry's file name. */
export const DESKTOP_FILE = "simple-internet-phone-call.desktop";

/**
 * The command line that runs this very `phone` (the Deno binary and the CLI's main module),
 * with Deno's update check off: a click on a link must reach only the phone it names.
 */
export function thisPhoneCommand(): string[] {
  const main = new URL("../main.ts", import.meta.url).pathname;
  return ["env", "DENO_NO_UPDATE_CHECK=1", Deno.execPath(), "run", "-A", main];
}

// Desktop Entry Spec: arguments with reserved characters are double-quoted, with `"`, `` ` ``,
// `$` and `\` escaped; `%` is doubled.
function quoteArg(arg: string): string {
  const text = arg.replaceAll("%", "%%");
  if (!/[\s"'\\><~|&;$*?#()`]/.test(text)) return text;
  return `"${text.replace(/(["`$\\])/g, "\\$1")}"`;
}

/** The desktop entry calling `iphone:` URLs with `command`. */
export function desktopEntry(command: readonly string[]): string {
  const exec = [...command.map(quoteArg), "call", "%u"].join(" ");
  return [
    "[Desktop Entry]",
    "Type=Application",
    "Name=Simple Internet Phone",
    "Comment=Call the phone an iphone: link names",
    `Exec=${exec}`,
    "Terminal=true",
    "NoDisplay=true",
    "MimeType=x-scheme-handler/iphone;",
    "Categories=Network;Telephony;",
    "",
  ].join("\n");
}

async function run(cmd: string, args: string[]): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    throw new UsageError(`${cmd} not found (${(e as Error).message}): install xdg-utils`);
  }
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    throw new UsageError(
      `${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return text;
}

/** Registers `phone install-handler`. */
export function registerHandler(program: Command): void {
  program
    .command("install-handler")
    .description("make this phone the handler of iphone: links (desktop entry + xdg-mime)")
    .option("--command <cmd>", "the phone command to run, e.g. /usr/local/bin/phone")
    .addHelpText(
      "after",
      '\nAfterwards a link <a href="iphone://peer.example:10000/0"> in a web browser (or\n' +
        "xdg-open iphone://peer.example) runs 'phone call URL' in a terminal.\n" +
        "Check with: xdg-mime query default x-scheme-handler/iphone",
    )
    .action(async (flags: { command?: string }) => {
      const data = Deno.env.get("XDG_DATA_HOME") ??
        `${Deno.env.get("HOME") ?? "."}/.local/share`;
      const dir = `${data}/applications`;
      await Deno.mkdir(dir, { recursive: true });
      const command = flags.command ? [flags.command] : thisPhoneCommand();
      await Deno.writeTextFile(`${dir}/${DESKTOP_FILE}`, desktopEntry(command));
      await run("xdg-mime", ["default", DESKTOP_FILE, "x-scheme-handler/iphone"]);
      const now = await run("xdg-mime", ["query", "default", "x-scheme-handler/iphone"]);
      if (now !== DESKTOP_FILE) {
        throw new UsageError(`xdg-mime still names "${now}" for iphone: links`);
      }
      console.log(`iphone: links now open ${dir}/${DESKTOP_FILE}`);
    });
}
