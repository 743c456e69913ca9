/**
 * `phone gateway`: a PSTN gateway on one LineJACK line (runtime/gateway), with RADIUS servers
 * for authentication and accounting and a durable accounting spool.
 * @module
 */
import type { Command } from "commander";
import { UsageError } from "../errors.ts";

/** What `phone gateway` runs with, checked. */
export interface GatewaySettings {
  card: number;
  auth: { address: string; port: number }[];
  acct: { address: string; port: number }[];
  secret: string;
  nasIdentifier: string;
  nasAddress?: string;
  trusted: string[];
  whitePages?: string;
  spool: string;
  listen: { address: string; port: number };
  interimSeconds: number;
  country: string;
}

/** Raw option values as commander gives them. */
export interface GatewayFlags {
  card: string;
  radius: string[];
  secretFile?: string;
  nasId: string;
  nasAddress?: string;
  trusted?: string;
  whitepages?: string;
  spool: string;
  bind: string;
  port: string;
  interim: string;
  country: string;
}

function server(text: string, defaultPort: number): { address: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  if (!m) throw new UsageError(`--radius ${text}: give ADDRESS[:PORT] (IPv6 in brackets)`);
  const port = m[2] ? Number(m[2]) : defaultPort;
  if (!(port >= 1 && port <= 65534)) throw new UsageError(`--radius ${text}: bad port`);
  return { address: m[1], port };
}

/**
 * Checks the flags; the shared secret comes from `--secret-file` or `$PHONE_RADIUS_SECRET`,
 * never from the command line (it would show in `ps`).
 */
export async function gatewaySettings(
  flags: GatewayFlags,
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): Promise<GatewaySettings> {
  const card = Number(flags.card);
  if (!Number.isInteger(card) || card < 0) {
    throw new UsageError(`--card ${flags.card}: not a card number`);
  }
  if (!flags.radius?.length) throw new UsageError("--radius ADDRESS[:PORT] is needed (one or two)");
  const auth = flags.radius.map((r) => server(r, 1812));
  const acct = auth.map((a) => ({ address: a.address, port: a.port + 1 }));
  let secret = env("PHONE_RADIUS_SECRET") ?? "";
  if (flags.secretFile) {
    try {
      secret = (await Deno.readTextFile(flags.secretFile)).trim();
    } catch (e) {
      throw new UsageError(`--secret-file ${flags.secretFile}: ${(e as Error).message}`);
    }
  }
  if (!secret) throw new UsageError("no RADIUS secret: --secret-file FILE or PHONE_RADIUS_SECRET");
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--port ${flags.port}: not a port`);
  }
  const interim = Number(flags.interim);
  if (!(interim >= 0)) throw new UsageError(`--interim ${flags.interim}: seconds, 0 for none`);
  return {
    card,
    auth,
    acct,
    secret,
    nasIdentifier: flags.nasId,
    nasAddress: flags.nasAddress,
    trusted: flags.trusted ? flags.trusted.split(",").map((t) => t.trim()).filter(Boolean) : [],
    whitePages: flags.whitepages,
    spool: flags.spool,
    listen: { address: flags.bind, port },
    interimSeconds: interim,
    country: flags.country,
  };
}

/** Adds `gateway` to the program. */
export function registerGateway(program: Command): void {
  program
    .command("gateway")
    .description("PSTN gateway on a LineJACK line, with RADIUS authentication and accounting")
    .option("-q, --card <n>", "LineJACK card (/dev/phoneN)", "0")
    .option(
      "--radius <address[:port]>",
      "RADIUS server (auth port; accounting is port + 1); twice for a secondary",
      collect,
      [],
    )
    .option(
      "--secret-file <file>",
      "file holding the RADIUS shared secret (or $PHONE_RADIUS_SECRET)",
    )
    .option("--nas-id <name>", "NAS-Identifier", Deno.hostname?.() ?? "phone-gateway")
    .option("--nas-address <ipv4>", "NAS-IP-Address")
    .option("--trusted <cidrs>", "callers authorised by source address, comma separated")
    .option("-w, --whitepages <url>", "white pages for PSTN -> Internet calls")
    .option("--spool <file>", "durable accounting spool (SQLite)", "gateway-accounting.db")
    .option("-b, --bind <address>", "address of the well-known port", "::")
    .option("-p, --port <port>", "the well-known port", "10000")
    .option("--interim <seconds>", "Interim-Update interval, 0 for none", "0")
    .option("--country <cc>", "tone plan: us, uk, cept, jp", "us")
    .addHelpText(
      "after",
      "\nExample:\n  PHONE_RADIUS_SECRET=... phone gateway -q 0 --radius 192.0.2.1 --radius 192.0.2.2 \\\n" +
        "    --trusted 198.51.100.0/24 -w http://wp.example/ --nas-id gw-tokyo-1",
    )
    .action(async (flags: GatewayFlags) => {
      const s = await gatewaySettings(flags);
      const { openPhoneJackLine } = await import("../../runtime/audio/phonejack/phonejack_line.ts");
      const { PstnGateway } = await import("../../runtime/gateway/pstn_gateway.ts");
      const { AccountingSpool, RadiusClient } = await import("../../runtime/radius/mod.ts");
      const { UdpTransports } = await import("../../runtime/phone/udp_transport.ts");
      const radius = RadiusClient.open({
        servers: s.auth.map((a) => ({ ...a, secret: s.secret })),
      });
      const acct = RadiusClient.open({ servers: s.acct.map((a) => ({ ...a, secret: s.secret })) });
      const spool = AccountingSpool.open(s.spool, acct);
      const gateway = await PstnGateway.create({
        pstn: await openPhoneJackLine({ kind: "phonejack", index: s.card, port: "pstn" }),
        transports: new UdpTransports(),
        radius,
        accounting: spool,
        nasIdentifier: s.nasIdentifier,
        nasAddress: s.nasAddress,
        nasPort: s.card,
        trusted: s.trusted,
        whitePages: s.whitePages,
        listen: s.listen,
        interimSeconds: s.interimSeconds,
        country: s.country,
      });
      gateway.onEvent((e) =>
        console.log(`${e.session} ${e.direction} ${e.stage}${e.detail ? `: ${e.detail}` : ""}`)
      );
      const stop = async () => {
        await gateway.close();
        spool.close();
        await radius.close();
        await acct.close();
      };
      Deno.addSignalListener("SIGINT", () => void stop());
      await gateway.run();
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
