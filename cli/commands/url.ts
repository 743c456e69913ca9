/**
 * `phone url`: this phone's session URL for each of its addresses, to put on a web page
 * or in the white pages.
 * @module
 */
import type { Command } from "commander";
import { ownSessionUrl } from "../../runtime/phone/own_url.ts";
import { asInt, loadConfig } from "../config.ts";

/** Addresses others can reach this host at: global ones first, loopback only if alone. */
export function reachableAddresses(
  interfaces: { address: string; family: string }[] = Deno.networkInterfaces(),
): string[] {
  const usable = interfaces
    .map((i) => i.address)
    .filter((a) => !a.startsWith("fe80:") && a !== "::1" && !a.startsWith("127."));
  return usable.length ? usable : ["127.0.0.1"];
}

/** Adds `url` to the program. */
export function registerUrl(program: Command): void {
  program
    .command("url")
    .description("print this phone's session URL for each of its addresses")
    .option("--address <address>", "only for this address or host name")
    .option("--codec <list>", "codecs to offer (default: the codecs setting)")
    .option("--port <port>", "well-known port (default: the port setting)")
    .addHelpText(
      "after",
      "\nExamples:\n  phone url\n  phone url --address phone.example.org --codec pcma,g726-32",
    )
    .action(async (o: { address?: string; codec?: string; port?: string }) => {
      const flags = {
        ...(o.codec ? { codecs: o.codec } : {}),
        ...(o.port ? { port: o.port } : {}),
      };
      const config = await loadConfig(flags);
      const { codecsOf } = await import("../session/run_session.ts");
      const codecs = codecsOf(config);
      for (const address of o.address ? [o.address] : reachableAddresses()) {
        console.log(ownSessionUrl(address, asInt(config, "port"), codecs));
      }
    });
}
