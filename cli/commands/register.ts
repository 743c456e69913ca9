/**
 * `phone register` and `phone unregister`: change a white pages directory through
 * its registration API with a client token.
 * @module
 */
import type { Command } from "commander";
import { AdminClient, AdminError } from "../../runtime/whitepages/admin_client.ts";
import type { AppliedChange } from "../../runtime/whitepages/store.ts";
import { loadConfig } from "../config.ts";
import { UsageError } from "../errors.ts";

interface RemoteOptions {
  admin?: string;
  token?: string;
  prefix?: boolean;
}

async function client(o: RemoteOptions): Promise<AdminClient> {
  const config = await loadConfig();
  const admin = o.admin ?? config["whitepages-admin"].value;
  const token = o.token ?? config["whitepages-token"].value;
  if (!admin) {
    throw new UsageError("no registration server: give --admin URL or set whitepages-admin");
  }
  if (!token) {
    throw new UsageError("no client token: set PHONE_WHITEPAGES_TOKEN (or --token)");
  }
  try {
    return new AdminClient(admin, token);
  } catch (e) {
    if (e instanceof AdminError) throw new UsageError(e.message);
    throw e;
  }
}

function report(applied: AppliedChange[]): void {
  for (const a of applied) {
    console.log(`${a.kind} ${a.key}: ${a.old ?? "(none)"} -> ${a.new ?? "(removed)"}`);
  }
}

async function run(f: () => Promise<AppliedChange[]>): Promise<void> {
  try {
    report(await f());
  } catch (e) {
    if (e instanceof AdminError) throw new UsageError(e.message);
    throw e;
  }
}

function remoteOptions(c: Command): Command {
  return c
    .option("--prefix", "the key is a prefix template for a gateway (operators only)")
    .option("-A, --admin <url>", "registration API (default: the whitepages-admin setting)")
    .option("--token <token>", "client token (default: PHONE_WHITEPAGES_TOKEN)");
}

/** Adds `register` and `unregister` to the program. */
export function registerRegistration(program: Command): void {
  remoteOptions(
    program
      .command("register")
      .description("add or change a number (or a prefix template) in the white pages")
      .argument("<number>", "the number as dialed in the directory's context, or +international")
      .argument("<url>", "its session URL (a template with {digits}/{number} for --prefix)"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  PHONE_WHITEPAGES_TOKEN=wp_... phone register 03-5734-3299 " +
        "'iphone://phone.example.jp/0' -A http://127.0.0.1:8081/\n" +
        "  phone register --prefix 06 'iphone://gw.example/m=rtp:10000:0&a=dtmf:{digits}'",
    )
    .action(async (number: string, url: string, o: RemoteOptions) => {
      const c = await client(o);
      await run(() => o.prefix ? c.putPrefix(number, url) : c.putNumber(number, url));
    });
  remoteOptions(
    program
      .command("unregister")
      .description("remove a number (or a prefix template) from the white pages")
      .argument("<number>", "the number as dialed in the directory's context, or +international"),
  )
    .action(async (number: string, o: RemoteOptions) => {
      const c = await client(o);
      await run(() => o.prefix ? c.removePrefix(number) : c.removeNumber(number));
    });
}
