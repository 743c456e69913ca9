import assert from "node:assert/strict";
import { FakeRadiusServer } from "../../harness/radius/fake_server.ts";
import { freeUdpPorts, startFreeRadius } from "../../harness/radius/freeradius.ts";
import { ImpairmentRelay } from "../../harness/netsim/mod.ts";
import { AccountingSpool } from "./accounting_spool.ts";
import { signReply } from "./authenticator.ts";
import { AcctStatusType, Attribute, RadiusCode } from "./dictionary.ts";
import { getInteger, getText, integerAttribute, parsePacket, textAttribute } from "./packet.ts";
import { RadiusClient } from "./client.ts";

const SECRET = "spool-secret";
const quick = { timeoutMs: 100, maxTimeoutMs: 200, triesPerServer: 2, deadlineMs: 1000 };

async function tempDb(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "sip-spool-" });
  return `${dir}/accounting.db`;
}

function callRecords(spool: AccountingSpool, session: string): void {
  spool.enqueue(AcctStatusType.Start, session, [textAttribute(Attribute.UserName, "4711")]);
  spool.enqueue(AcctStatusType.Stop, session, [
    textAttribute(Attribute.UserName, "4711"),
    integerAttribute(Attribute.AcctSessionTime, 42),
    integerAttribute(Attribute.AcctTerminateCause, 1),
  ]);
}

Deno.test("spool: server down, then the gateway restarts, then the server comes up: nothing lost", async () => {
  const path = await tempDb();
  const [authPort, acctPort] = await freeUdpPorts("127.0.0.1", 2);
  const servers = [{ address: "127.0.0.1", port: acctPort, secret: SECRET }];
  {
    await using client = RadiusClient.open({ servers, ...quick });
    using spool = AccountingSpool.open(path, client, { retryMs: 50, maxRetryMs: 200 });
    callRecords(spool, "gw-down-1");
    callRecords(spool, "gw-down-2");
    assert.equal(await spool.drained(600), false, "no server: nothing acknowledged");
    assert.equal(spool.pending, 4);
    assert.ok(spool.stats.unanswered >= 1);
  } // the gateway goes away with 4 records on disk
  await using server = await startFreeRadius({ secret: SECRET, authPort, acctPort });
  await using client = RadiusClient.open({ servers, ...quick });
  using spool = AccountingSpool.open(path, client, { retryMs: 50 });
  assert.ok(await spool.drained(20000), "the restarted gateway delivers what was left");
  const records = await server.detailRecords();
  assert.deepEqual(
    records.map((r) => `${r.attributes["Acct-Session-Id"]} ${r.attributes["Acct-Status-Type"]}`),
    ["gw-down-1 Start", "gw-down-1 Stop", "gw-down-2 Start", "gw-down-2 Stop"],
  );
  assert.equal(records[1].attributes["Acct-Session-Time"], "42");
  assert.ok(Number(records[0].attributes["Acct-Delay-Time"]) >= 0);
  await Deno.remove(path.replace(/\/[^/]+$/, ""), { recursive: true });
});

Deno.test("spool: 40 % of the packets dropped both ways, every record still acknowledged", async () => {
  const path = await tempDb();
  await using server = await startFreeRadius({ secret: SECRET });
  await using relay = ImpairmentRelay.start({
    listen: { address: "127.0.0.1" },
    target: { address: "127.0.0.1", port: server.acctPort },
    toTarget: { loss: { kind: "bernoulli", probability: 0.4 } },
    toClient: { loss: { kind: "bernoulli", probability: 0.4 } },
    seed: 7,
  });
  await using client = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: relay.address.port, secret: SECRET }],
    ...quick,
  });
  using spool = AccountingSpool.open(path, client, { retryMs: 20, maxRetryMs: 100 });
  for (let i = 0; i < 5; i++) callRecords(spool, `gw-lossy-${i}`);
  assert.ok(await spool.drained(60000), "all acknowledged despite loss");
  assert.equal(spool.stats.acknowledged, 10);
  const seen = new Set(
    (await server.detailRecords()).map((r) =>
      `${r.attributes["Acct-Session-Id"]} ${r.attributes["Acct-Status-Type"]}`
    ),
  );
  for (let i = 0; i < 5; i++) {
    assert.ok(seen.has(`gw-lossy-${i} Start`) && seen.has(`gw-lossy-${i} Stop`), `call ${i}`);
  }
  assert.ok(client.stats.retransmissions > 0, "the loss was real");
  await Deno.remove(path.replace(/\/[^/]+$/, ""), { recursive: true });
});

Deno.test("spool: records go in order with Acct-Delay-Time and Event-Timestamp from the enqueue time", async () => {
  const path = await tempDb();
  const got: { status?: number; session?: string; delay?: number; stamp?: number }[] = [];
  const seen = new Set<string>();
  await using fake = FakeRadiusServer.start((req) => {
    const p = parsePacket(req);
    if (!p.ok) return [];
    const key = req.join(",");
    const retransmission = seen.has(key); // a slow machine may make the client send again
    seen.add(key);
    if (!retransmission) {
      got.push({
        status: getInteger(p.packet, Attribute.AcctStatusType),
        session: getText(p.packet, Attribute.AcctSessionId),
        delay: getInteger(p.packet, Attribute.AcctDelayTime),
        stamp: getInteger(p.packet, Attribute.EventTimestamp),
      });
    }
    const enc = new TextEncoder().encode(SECRET);
    return [
      signReply(
        enc,
        RadiusCode.AccountingResponse,
        p.packet.identifier,
        p.packet.authenticator,
        [],
      ),
    ];
  });
  let clock = 1_700_000_000_000;
  await using client = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: fake.port, secret: SECRET }],
    ...quick,
  });
  using spool = AccountingSpool.open(path, client, { now: () => clock });
  spool.enqueue(AcctStatusType.Start, "s", []);
  clock += 7000; // the record waited 7 s before it was sent
  spool.enqueue(AcctStatusType.Stop, "s", []);
  assert.ok(await spool.drained(5000));
  assert.deepEqual(got.map((g) => g.status), [AcctStatusType.Start, AcctStatusType.Stop]);
  assert.equal(got[1].stamp, 1_700_000_007);
  assert.ok(got.every((g) => g.session === "s"));
  assert.ok(got[0].delay === 0 || got[0].delay === 7);
  await Deno.remove(path.replace(/\/[^/]+$/, ""), { recursive: true });
});

Deno.test("spool: an unusable file is refused with its path", async () => {
  await using client = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port: 9, secret: "s" }],
  });
  assert.throws(
    () => AccountingSpool.open("/nonexistent-dir/x/spool.db", client),
    /nonexistent-dir/,
  );
});
