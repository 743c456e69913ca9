/**
 * The gateway side of `bench bridged`: one process with `N` PSTN lines (emulated LineJACKs,
 * each with its exchange, where 525-1234 answers at once and speaks), all listening on one
 * well-known port, and a FreeRADIUS authorising callers by address. Protocol on stdin and
 * stdout, one line each: it prints `READY <port>`, then `ANSWERED <n>` as calls are
 * answered; `GO` starts measuring, `STOP` ends it and prints the result as JSON; `EXIT`
 * closes everything.
 *
 * Usage: `deno run -A bench/bridged_gateway.ts N`
 * @module
 */
import process from "node:process";
import { CardType, PhoneJackEmulator } from "../harness/devices/phonejack_emulator.ts";
import { EmulatedExchange, Subscriber } from "../harness/devices/pstn_exchange.ts";
import { freeUdpPorts, startFreeRadius } from "../harness/radius/freeradius.ts";
import { testVoice } from "../harness/e2e/test_signal.ts";
import { openPhoneJackLine } from "../runtime/audio/phonejack/phonejack_line.ts";
import { PstnGateway } from "../runtime/gateway/pstn_gateway.ts";
import { UdpTransports } from "../runtime/phone/udp_transport.ts";
import { AccountingSpool, RadiusClient } from "../runtime/radius/mod.ts";

/** What the gateway process measured between GO and STOP. */
export interface BridgedResult {
  lines: number;
  answered: number;
  activeMs: number;
  cpuMs: number;
  /** Frames the emulated cards recorded that nobody read in time, all lines. */
  cardFramesLost: number;
  /** Received voice the gateway's phones concealed, share of what they played. */
  concealed: number;
}

const SECRET = "bench-bridged";

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(lines: number): Promise<void> {
  const radiusServer = await startFreeRadius({
    secret: SECRET,
    trusted: [{ pattern: "^127\\." }],
  });
  const emulator = await PhoneJackEmulator.load();
  const dir = await Deno.makeTempDir({ prefix: "bench-bridged-" });
  const radius = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: radiusServer.authPort, secret: SECRET }],
  });
  const acct = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: radiusServer.acctPort, secret: SECRET }],
  });
  const spool = AccountingSpool.open(`${dir}/accounting.db`, acct);
  const [port] = await freeUdpPorts("127.0.0.1", 1);
  const gateways: PstnGateway[] = [];
  const running: Promise<void>[] = [];
  let answered = 0;
  for (let card = 0; card < lines; card++) {
    emulator.reset(card);
    emulator.addCard(card, CardType.LineJACK);
    const exchange = EmulatedExchange.of(emulator, card);
    exchange.addSubscriber("5251234", Subscriber.answersAfter(0));
    exchange.setFarVoice(testVoice(20, 500 + 10 * card));
    const gateway = await PstnGateway.create({
      pstn: await openPhoneJackLine({
        kind: "phonejack",
        index: card,
        library: emulator.path,
        port: "pstn",
      }),
      transports: new UdpTransports({ sharePort: true }),
      radius,
      accounting: spool,
      nasIdentifier: "bench-gw",
      nasPort: card,
      trusted: ["127.0.0.0/8"],
      listen: { address: "127.0.0.1", port },
    });
    gateway.onEvent((e) => {
      if (e.stage === "answered") console.log(`ANSWERED ${++answered}`);
    });
    gateways.push(gateway);
    running.push(gateway.run());
  }
  console.log(`READY ${port}`);
  const reader = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  let start = { cpu: 0, at: 0, lost: 0 };
  const lost = () => {
    let n = 0;
    for (let card = 0; card < lines; card++) n += emulator.get(card, 11); // lostFrames
    return n;
  };
  for (;;) {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) return;
      text += value;
    }
    const command = text.slice(0, text.indexOf("\n")).trim();
    text = text.slice(text.indexOf("\n") + 1);
    if (command === "GO") start = { cpu: cpuMs(), at: performance.now(), lost: lost() };
    if (command === "STOP") {
      let played = 0, concealed = 0;
      for (const g of gateways) {
        const p = g.phone.stats().media?.playout;
        played += p?.played ?? 0;
        concealed += p?.concealed ?? 0;
      }
      const result: BridgedResult = {
        lines,
        answered,
        activeMs: performance.now() - start.at,
        cpuMs: cpuMs() - start.cpu,
        cardFramesLost: lost() - start.lost,
        concealed: concealed / Math.max(1, played + concealed),
      };
      console.log(JSON.stringify(result));
    }
    if (command === "EXIT") break;
  }
  for (const g of gateways) await g.close();
  await Promise.all(running);
  await spool.drained(5000);
  spool.close();
  await radius.close();
  await acct.close();
  await radiusServer.stop();
  for (let card = 0; card < lines; card++) emulator.reset(card);
  await Deno.remove(dir, { recursive: true });
}

if (import.meta.main) {
  const lines = Number(Deno.args[0]);
  if (!(Number.isInteger(lines) && lines >= 1 && lines <= 16)) {
    throw new Error("bridged_gateway: give the number of lines, 1..16");
  }
  await main(lines);
  Deno.exit(0);
}
