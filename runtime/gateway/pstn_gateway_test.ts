// The gateway end to end: a real FreeRADIUS, the emulated LineJACK and exchange (card slots 9
// and 10 belong to this file), phones on loopback, durable accounting, white pages.
import assert from "node:assert/strict";
import { CardType, PhoneJackEmulator } from "../../harness/devices/phonejack_emulator.ts";
import { EmulatedExchange, Subscriber } from "../../harness/devices/pstn_exchange.ts";
import { heardWindows, testVoice } from "../../harness/e2e/test_signal.ts";
import { bestCorrelation } from "../dsp/signal_compare.ts";
import { type FreeRadius, freeUdpPorts, startFreeRadius } from "../../harness/radius/freeradius.ts";
import { openPhoneJackLine } from "../audio/phonejack/phonejack_line.ts";
import { openLine } from "../audio/registry.ts";
import { encodeWav, pcmFromBytes } from "../audio/wav.ts";
import { Phone, type PhoneState } from "../phone/phone.ts";
import { softwareTones } from "../phone/software_tones.ts";
import { UdpTransports } from "../phone/udp_transport.ts";
import { AccountingSpool } from "../radius/accounting_spool.ts";
import { RadiusClient } from "../radius/client.ts";
import { parseDirectory } from "../whitepages/directory.ts";
import { whitePagesHandler } from "../whitepages/server.ts";
import { type GatewayEvent, PstnGateway } from "./pstn_gateway.ts";

const SECRET = "gateway-e2e";
// Windows may slide this far: the jitter buffers time-scale when a loaded machine delays the
// emulated card's frames, so alignment drifts over a call (measured up to 40 ms/s here), and
// frames the loaded machine could not read in time are lost. Another voice correlates at most
// about 0.6, so two windows above 0.9 (0.2 s of intact voice) show the right audio
// went the right way.
const SLACK_MS = 500;
const emulator = await PhoneJackEmulator.load();

interface Rig {
  gateway: PstnGateway;
  exchange: EmulatedExchange;
  events: GatewayEvent[];
  port: number;
  card: number;
  farVoice: Int16Array;
  stop(): Promise<void>;
}

async function rig(
  server: FreeRadius,
  card: number,
  trusted: string[],
  extra: { whitePages?: string } = {},
): Promise<Rig> {
  emulator.reset(card);
  emulator.addCard(card, CardType.LineJACK);
  const exchange = EmulatedExchange.of(emulator, card);
  exchange.addSubscriber("5251234", Subscriber.answersAfter(1500));
  exchange.addSubscriber("5350404", Subscriber.busy);
  const farVoice = testVoice(30, 500);
  exchange.setFarVoice(farVoice);
  const dir = await Deno.makeTempDir({ prefix: "sip-gw-" });
  const radius = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: server.authPort, secret: SECRET }],
    timeoutMs: 500,
    deadlineMs: 4000,
  });
  const acct = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: server.acctPort, secret: SECRET }],
    timeoutMs: 500,
  });
  const spool = AccountingSpool.open(`${dir}/accounting.db`, acct, { retryMs: 100 });
  const [port] = await freeUdpPorts("127.0.0.1", 1);
  const gateway = await PstnGateway.create({
    pstn: await openPhoneJackLine({
      kind: "phonejack",
      index: card,
      library: emulator.path,
      port: "pstn",
    }),
    transports: new UdpTransports(),
    radius,
    accounting: spool,
    nasIdentifier: `gw-test-${card}`,
    nasAddress: "127.0.0.1",
    nasPort: card,
    trusted,
    listen: { address: "127.0.0.1", port },
    interDigitMs: 1500,
    firstDigitMs: 8000,
    toneBeforeReleaseMs: 1000,
    whitePages: extra.whitePages,
  });
  const events: GatewayEvent[] = [];
  lastEvents = events;
  gateway.onEvent((e) => events.push(e));
  const running = gateway.run();
  return {
    gateway,
    exchange,
    events,
    port,
    card,
    farVoice,
    async stop() {
      await gateway.close();
      await running;
      assert.ok(await spool.drained(15000), "every accounting record acknowledged");
      spool.close();
      await radius.close();
      await acct.close();
      emulator.reset(card);
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** A phone on loopback speaking `voice` from a file and recording what it hears. */
async function person(
  voice: Int16Array,
  options: { autoAnswer?: boolean; port?: number; dtmf?: "inband" | "rfc4733" } = {},
) {
  const dir = await Deno.makeTempDir({ prefix: "sip-gw-person-" });
  await Deno.writeFile(`${dir}/say.wav`, encodeWav(voice));
  const tones = await softwareTones("us");
  const phone = await Phone.create({
    line: await openLine({ kind: "file", input: `${dir}/say.wav`, output: `${dir}/heard.raw` }),
    transports: new UdpTransports(),
    tones,
    autoAnswer: options.autoAnswer,
    dtmf: options.dtmf ? { method: options.dtmf } : undefined,
    listen: options.port ? { address: "127.0.0.1", port: options.port } : undefined,
  });
  const states: PhoneState[] = [];
  phone.onEvent((e) => e.type === "state" && states.push(e.state));
  const running = phone.run();
  return {
    phone,
    states,
    async until(state: PhoneState, ms = 20000) {
      const end = performance.now() + ms;
      while (!states.includes(state)) {
        if (performance.now() > end) throw new Error(`no ${state}; states: ${states.join(",")}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async finish(): Promise<Int16Array> {
      await phone.close();
      await running;
      tones.close();
      const heard = pcmFromBytes(await Deno.readFile(`${dir}/heard.raw`));
      await Deno.remove(dir, { recursive: true });
      return heard;
    },
  };
}

let lastEvents: GatewayEvent[] = [];

async function until(what: () => boolean, label: string, ms = 25000): Promise<void> {
  const end = performance.now() + ms;
  while (!what()) {
    if (performance.now() > end) {
      const seen = lastEvents.map((e) => `${e.stage}${e.detail ? ` (${e.detail})` : ""}`);
      throw new Error(`timed out waiting for ${label}; gateway events: ${seen.join(", ")}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const stages = (r: Rig) => r.events.map((e) => e.stage);

/**
 * How many of about 8 loud 100 ms windows of `heard` appear in `said` with correlation above
 * 0.9, each searched over every lag (no global alignment: prompts, tones and the jitter
 * buffer's time-scaling shift the recording). Another voice correlates at most about 0.6.
 */
function windowsFound(said: Int16Array, heard: Int16Array): number {
  const loud: number[] = [];
  for (let at = 0; at + 800 <= heard.length; at += 800) {
    let sum = 0;
    for (let i = at; i < at + 800; i++) sum += heard[i] * heard[i];
    if (Math.sqrt(sum / 800) > 1000) loud.push(at);
  }
  const picks = loud.filter((_, i) => i % Math.max(1, Math.floor(loud.length / 8)) === 0);
  return picks.filter((at) =>
    bestCorrelation(heard.subarray(at, at + 800), said, said.length - 800).correlation > 0.9
  ).length;
}

function farHeard(r: Rig): Int16Array {
  const { from, to } = r.exchange.heardRange();
  return pcmFromBytes(emulator.speaker(r.card).subarray(from, to));
}

async function startRadius(): Promise<FreeRadius> {
  return await startFreeRadius({
    secret: SECRET,
    users: [{ id: "4712", pin: "1234", sessionTimeout: 600 }],
    trusted: [{ pattern: "^127\\.", sessionTimeout: 300 }],
  });
}

Deno.test(
  "gateway Internet -> PSTN: trusted address, the URL's dial digits as RFC 4733 events, answer, voice both ways, caller hangs up; Start and Stop in FreeRADIUS",
  async () => {
    await using server = await startRadius();
    const r = await rig(server, 9, ["127.0.0.0/8"]);
    const callerVoice = testVoice(30, 300);
    const caller = await person(callerVoice, { dtmf: "rfc4733" });
    let heard: Int16Array = new Int16Array(0);
    let far: Int16Array = new Int16Array(0);
    try {
      // What a white pages prefix template gives: the gateway, and the number to dial.
      await caller.phone.call(`iphone://127.0.0.1:${r.port}/0&a=dtmf:5251234%23`);
      await caller.until("connected");
      await until(() => stages(r).includes("answered"), "answer");
      assert.equal(r.exchange.routedNumber(), "5251234");
      await new Promise((res) => setTimeout(res, 5000)); // talk
      caller.phone.hangUp();
      await until(() => stages(r).includes("ended"), "end");
      await until(() => r.exchange.state() === 0, "line released");
    } finally {
      heard = await caller.finish();
      far = farHeard(r);
      await r.stop();
    }
    const toCaller = windowsFound(r.farVoice, heard);
    const toFar = heardWindows(callerVoice, far, SLACK_MS).filter((c) => c > 0.9).length;
    assert.ok(toCaller >= 2, `caller heard the far party in ${toCaller} windows`);
    assert.ok(toFar >= 2, `far party heard the caller in ${toFar} windows`);
    assert.deepEqual(stages(r), [
      "incoming",
      "number",
      "authorised",
      "dialled",
      "answered",
      "ended",
    ]);
    const records = (await server.detailRecords()).filter((x) =>
      x.attributes["NAS-Identifier"] === "gw-test-9"
    );
    assert.deepEqual(records.map((x) => x.attributes["Acct-Status-Type"]), ["Start", "Stop"]);
    const [start, stop] = records;
    assert.equal(start.attributes["Acct-Session-Id"], stop.attributes["Acct-Session-Id"]);
    assert.equal(stop.attributes["Called-Station-Id"], "5251234");
    assert.equal(stop.attributes["Calling-Station-Id"], "127.0.0.1");
    const seconds = Number(stop.attributes["Acct-Session-Time"]);
    assert.ok(seconds >= 4 && seconds <= 20, `session time ${seconds}`);
    assert.ok(Number(stop.attributes["Acct-Input-Octets"]) > 4 * 50 * 160, "input octets");
    assert.ok(Number(stop.attributes["Acct-Output-Octets"]) > 4 * 50 * 160, "output octets");
    assert.equal(stop.attributes["Acct-Terminate-Cause"], "User-Request");
  },
);

Deno.test("gateway Internet -> PSTN: in-band number, ID and PIN (one wrong try), the PSTN side hangs up", async () => {
  await using server = await startRadius();
  const r = await rig(server, 9, ["10.0.0.0/8"]); // loopback is not trusted here
  const caller = await person(testVoice(30, 300));
  try {
    await caller.phone.call(`iphone://127.0.0.1:${r.port}/0`);
    await caller.until("connected");
    // Each answer after its prompt, as a person dials: the number, ID, wrong PIN, ID, PIN.
    // Digits typed ahead of a prompt are kept, so the pace only has to be a person's.
    for (const field of ["5251234#", "4712#", "9999#", "4712#", "1234#"]) {
      caller.phone.sendDtmf(field);
      await new Promise((res) => setTimeout(res, field.length * 200 + 2500));
    }
    await until(() => stages(r).includes("answered"), "answer");
    await new Promise((res) => setTimeout(res, 2000));
    r.exchange.farHangUp();
    await until(() => stages(r).includes("ended"), "end");
    await caller.until("ended");
    assert.equal(r.exchange.state(), 0, "line released");
  } finally {
    await caller.finish();
    await r.stop();
  }
  const records = (await server.detailRecords()).filter((x) =>
    x.attributes["NAS-Identifier"] === "gw-test-9"
  );
  assert.deepEqual(records.map((x) => x.attributes["Acct-Status-Type"]), ["Start", "Stop"]);
  assert.equal(records[1].attributes["User-Name"], "4712");
  assert.equal(records[1].attributes["Called-Station-Id"], "5251234");
  assert.equal(records[1].attributes["Acct-Terminate-Cause"], "Host-Request");
});

Deno.test("gateway Internet -> PSTN: refusals (wrong PIN three times, RADIUS down, busy number) end cleanly, nothing billed", async () => {
  await using server = await startRadius();
  const r = await rig(server, 9, ["10.0.0.0/8"]);
  try {
    // Wrong PIN on every try.
    const a = await person(testVoice(30, 300));
    await a.phone.call(`iphone://127.0.0.1:${r.port}/0`);
    await a.until("connected");
    await new Promise((res) => setTimeout(res, 1000));
    for (const field of ["5251234#", "4712#", "0000#", "4712#", "0000#", "4712#", "0000#"]) {
      a.phone.sendDtmf(field);
      await new Promise((res) => setTimeout(res, field.length * 200 + 2500));
    }
    await until(() => stages(r).includes("ended"), "refusal");
    await a.until("ended");
    await a.finish();
    assert.ok(
      r.events.some((e) => e.stage === "refused" && /Access-Reject/.test(e.detail ?? "")),
      JSON.stringify(r.events),
    );
    assert.equal(r.exchange.callsRouted(), 0, "nothing was dialled");
  } finally {
    await r.stop();
  }
  // Busy number, trusted caller.
  const b = await rig(server, 9, ["127.0.0.0/8"]);
  try {
    const caller = await person(testVoice(30, 300));
    await caller.phone.call(`iphone://127.0.0.1:${b.port}/0`);
    await caller.until("connected");
    await new Promise((res) => setTimeout(res, 1000)); // the prompt; then dial
    caller.phone.sendDtmf("5350404#");
    await until(() => stages(b).includes("ended"), "busy release");
    await caller.until("ended");
    await caller.finish();
    // Busy tone from the exchange; on a heavily loaded machine an in-band digit can be lost,
    // and the exchange then gives reorder for the wrong number: released cleanly either way.
    assert.ok(
      b.events.some((e) => /gave (busy|congestion)/.test(e.detail ?? "")),
      JSON.stringify(b.events),
    );
    assert.equal(b.exchange.state(), 0);
  } finally {
    await b.stop();
  }
  const records = (await server.detailRecords()).filter((x) =>
    x.attributes["NAS-Identifier"] === "gw-test-9"
  );
  assert.equal(records.length, 0, "unanswered calls are not billed");
});

Deno.test("gateway Internet -> PSTN: no RADIUS server answering refuses the call with a tone, never hangs it", async () => {
  const [deadAuth, deadAcct] = await freeUdpPorts("127.0.0.1", 2);
  const fake = { authPort: deadAuth, acctPort: deadAcct } as FreeRadius;
  const r = await rig(fake, 9, ["127.0.0.0/8"]);
  const caller = await person(testVoice(30, 300));
  try {
    await caller.phone.call(`iphone://127.0.0.1:${r.port}/0`);
    await caller.until("connected");
    await new Promise((res) => setTimeout(res, 1000)); // the prompt; then dial
    caller.phone.sendDtmf("5251234#");
    await until(() => stages(r).includes("ended"), "refusal", 30000);
    await caller.until("ended");
    assert.ok(r.events.some((e) => e.stage === "refused" && /RADIUS/.test(e.detail ?? "")));
    assert.equal(r.exchange.callsRouted(), 0);
  } finally {
    await caller.finish();
    await r.gateway.close();
    emulator.reset(9);
  }
});

Deno.test("gateway PSTN -> Internet: ring, dial a registered number, white pages, call, voice both ways, the callee hangs up", async () => {
  await using server = await startRadius();
  const [calleePort] = await freeUdpPorts("127.0.0.1", 1);
  const book = parseDirectory(
    `context country=81 area=3 trunk=0 international=010\n5734-3298 iphone://127.0.0.1:${calleePort}/0\n`,
    "book",
  );
  const http = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    whitePagesHandler(book),
  );
  const r = await rig(server, 10, [], { whitePages: `http://127.0.0.1:${http.addr.port}/` });
  const calleeVoice = testVoice(30, 700);
  const callee = await person(calleeVoice, { autoAnswer: true, port: calleePort });
  callee.phone.listen();
  try {
    r.exchange.incomingCall();
    await until(() => r.exchange.state() === 4, "the gateway answers the ring");
    await new Promise((res) => setTimeout(res, 500));
    r.exchange.farDigits("57343298#");
    await until(() => stages(r).includes("answered"), "the callee answers");
    await new Promise((res) => setTimeout(res, 5000));
    callee.phone.hangUp(); // the Internet side hangs up; the PSTN line is released
    await until(() => stages(r).includes("ended"), "end");
    await until(() => r.exchange.state() === 0, "line on-hook");
  } finally {
    const heard = await callee.finish();
    const far = farHeard(r);
    await r.stop();
    await http.shutdown();
    const toCallee = windowsFound(r.farVoice, heard);
    const toFar = heardWindows(calleeVoice, far, SLACK_MS).filter((c) => c > 0.9).length;
    assert.ok(toCallee >= 2, `callee heard the PSTN caller in ${toCallee} windows`);
    assert.ok(toFar >= 2, `PSTN caller heard the callee in ${toFar} windows`);
  }
  const records = (await server.detailRecords()).filter((x) =>
    x.attributes["NAS-Identifier"] === "gw-test-10"
  );
  assert.deepEqual(records.map((x) => x.attributes["Acct-Status-Type"]), ["Start", "Stop"]);
  assert.equal(records[1].attributes["Called-Station-Id"], "57343298");
});

Deno.test("gateway PSTN -> Internet: an unknown number gets congestion tone and the line is released", async () => {
  await using server = await startRadius();
  const http = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    whitePagesHandler(
      parseDirectory("context country=81 area=3 trunk=0 international=010\n", "book"),
    ),
  );
  const r = await rig(server, 10, [], { whitePages: `http://127.0.0.1:${http.addr.port}/` });
  try {
    r.exchange.incomingCall();
    await until(() => r.exchange.state() === 4, "answer the ring");
    await new Promise((res) => setTimeout(res, 500));
    r.exchange.farDigits("9999#");
    await until(() => stages(r).includes("ended"), "release");
    assert.ok(r.events.some((e) => e.stage === "refused" && /lookup/.test(e.detail ?? "")));
    await until(() => r.exchange.state() === 0, "line on-hook");
  } finally {
    await r.stop();
    await http.shutdown();
  }
});
