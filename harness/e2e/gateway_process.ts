/**
 * A PSTN gateway provider's host as one process, for end-to-end tests in a network namespace:
 * a real FreeRADIUS (on the host's loopback), the provider's white pages (HTTP on `--bind`
 * port 8080) whose prefix template `03` sends numbers to the gateway with the rest to dial,
 * and the gateway itself (`PstnGateway` on `--bind` port 10000) on an emulated LineJACK whose
 * PSTN port reaches the emulated exchange (subscriber 525-1234 answers after 1.5 s and speaks
 * a test voice). The caller at `--caller` is trusted: authorised by its address, in the
 * gateway's trusted prefixes and in FreeRADIUS (Calling-Station-Id).
 *
 * Flags: `--bind ADDR`, `--caller ADDR`, `--dir DIR` (where `far-heard.raw` is written).
 * Commands, one per line: `far-hangup`, `report` (writes what the far party heard to
 * `DIR/far-heard.raw`, prints the FreeRADIUS detail records), `exit`. Output: JSON lines
 * with `at` and `type`: `ready`, `gateway` (every gateway event), `report`, `exited`.
 *
 * @example
 * ```sh
 * ip netns exec b deno run -A harness/e2e/gateway_process.ts --bind 10.99.0.2 \
 *   --caller 10.99.0.1 --dir /tmp/gw
 * ```
 * @module
 */
import { parseArgs } from "node:util";
import { CardType, PhoneJackEmulator } from "../devices/phonejack_emulator.ts";
import { EmulatedExchange, Subscriber } from "../devices/pstn_exchange.ts";
import { startFreeRadius } from "../radius/freeradius.ts";
import { testVoice } from "./test_signal.ts";
import { nowMs } from "./phone_process.ts";
import { openPhoneJackLine } from "../../runtime/audio/phonejack/phonejack_line.ts";
import { PstnGateway } from "../../runtime/gateway/pstn_gateway.ts";
import { UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { AccountingSpool, RadiusClient } from "../../runtime/radius/mod.ts";
import { parseDirectory, whitePagesHandler } from "../../runtime/whitepages/mod.ts";

/** The number the exchange answers, as dialled on it. */
export const FAR_NUMBER = "5251234";
/** Start frequency of the far party's test voice. */
export const FAR_VOICE_HZ = 700;
/** The white pages port of the provider's host. */
export const WHITE_PAGES_PORT = 8080;

const CARD = 0;
const SECRET = "gateway-e2e";

function print(record: Record<string, unknown>): void {
  console.log(JSON.stringify({ at: nowMs(), ...record }));
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { bind: { type: "string" }, caller: { type: "string" }, dir: { type: "string" } },
  });
  const { bind, caller, dir } = values;
  if (!bind || !caller || !dir) {
    throw new Error("gateway_process: --bind ADDR, --caller ADDR and --dir DIR are needed");
  }
  const hostUrl = bind.includes(":") ? `[${bind}]` : bind;

  const radiusServer = await startFreeRadius({
    secret: SECRET,
    trusted: [{ pattern: `^${caller.replaceAll(".", "\\.")}$`, sessionTimeout: 300 }],
  });
  const emulator = await PhoneJackEmulator.load();
  emulator.reset(CARD);
  emulator.addCard(CARD, CardType.LineJACK);
  const exchange = EmulatedExchange.of(emulator, CARD);
  exchange.addSubscriber(FAR_NUMBER, Subscriber.answersAfter(1500));
  exchange.setFarVoice(testVoice(30, FAR_VOICE_HZ));

  const book = parseDirectory(
    "context country=81 area=3 trunk=0 international=010\n" +
      `prefix 03 iphone://${hostUrl}:10000/0&a=dtmf:{digits}%23\n`,
    "provider",
  );
  const http = Deno.serve(
    { hostname: bind, port: WHITE_PAGES_PORT, onListen() {} },
    whitePagesHandler(book),
  );

  const radius = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: radiusServer.authPort, secret: SECRET }],
  });
  const acct = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: radiusServer.acctPort, secret: SECRET }],
  });
  const spool = AccountingSpool.open(`${dir}/gateway-accounting.db`, acct, { retryMs: 200 });
  const gateway = await PstnGateway.create({
    pstn: await openPhoneJackLine({
      kind: "phonejack",
      index: CARD,
      library: emulator.path,
      port: "pstn",
    }),
    transports: new UdpTransports(),
    radius,
    accounting: spool,
    nasIdentifier: "gw-e2e",
    trusted: [caller.includes(":") ? `${caller}/128` : `${caller}/32`],
    listen: { address: bind, port: 10000 },
  });
  gateway.onEvent((e) => print({ ...e, type: "gateway" }));
  const running = gateway.run();
  print({ type: "ready", pid: Deno.pid });

  const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream());
  let buffer = "";
  reading: for await (const chunk of lines) {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const command = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (command === "exit") break reading;
      if (command === "far-hangup") exchange.farHangUp();
      if (command === "report") {
        // The accounting records reach FreeRADIUS through the spool: wait until all are in.
        const drained = await spool.drained(20_000);
        const { from, to } = exchange.heardRange();
        const speaker = emulator.speaker(CARD);
        await Deno.writeFile(
          `${dir}/far-heard.raw`,
          speaker.subarray(from, to < 0 ? undefined : to),
        );
        print({
          type: "report",
          drained,
          routed: exchange.routedNumber(),
          lineState: exchange.state(),
          records: await radiusServer.detailRecords(),
        });
      }
    }
  }
  await gateway.close();
  await running;
  spool.close();
  await radius.close();
  await acct.close();
  await http.shutdown();
  await radiusServer.stop();
  print({ type: "exited" });
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
