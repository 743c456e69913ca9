import assert from "node:assert/strict";
import { FakeRadiusServer, type FakeReply } from "../../harness/radius/fake_server.ts";
import { freeUdpPorts } from "../../harness/radius/freeradius.ts";
import { signReply } from "./authenticator.ts";
import { Attribute, RadiusCode } from "./dictionary.ts";
import { integerAttribute, octetsAttribute, parsePacket, textAttribute } from "./packet.ts";
import { RadiusClient, type RadiusServer } from "./client.ts";

const SECRET = "fake-secret";
const enc = (s: string) => new TextEncoder().encode(s);
const MA = octetsAttribute(Attribute.MessageAuthenticator, new Uint8Array(16));
const USER = [
  textAttribute(Attribute.UserName, "4711"),
  textAttribute(Attribute.NasIdentifier, "t"),
];

/** A correct reply to `request`, signed with `secret`. */
function reply(
  request: Uint8Array,
  secret = SECRET,
  extra = [integerAttribute(Attribute.SessionTimeout, 60)],
) {
  const parsed = parsePacket(request);
  if (!parsed.ok) throw new Error(parsed.detail);
  const { code, identifier, authenticator } = parsed.packet;
  return code === RadiusCode.AccountingRequest
    ? signReply(enc(secret), RadiusCode.AccountingResponse, identifier, authenticator, [])
    : signReply(enc(secret), RadiusCode.AccessAccept, identifier, authenticator, [MA, ...extra]);
}

const server = (port: number, secret = SECRET): RadiusServer => ({
  address: "127.0.0.1",
  port,
  secret,
});
const fast = { timeoutMs: 150, maxTimeoutMs: 400, triesPerServer: 3, deadlineMs: 5000 };

Deno.test("an honest reply is accepted; Session-Timeout comes through", async () => {
  await using fake = FakeRadiusServer.start((req) => [reply(req)]);
  await using client = RadiusClient.open({ servers: [server(fake.port)], ...fast });
  const out = await client.authenticate(USER, "1234");
  assert.ok(out.ok);
  assert.equal(out.packet.code, RadiusCode.AccessAccept);
  assert.equal(out.server, 0);
  assert.equal(client.stats.answered, 1);
});

Deno.test("forged, replayed, wrong-id, malformed and unsigned replies are dropped and counted; the real one still wins", async () => {
  let previous: Uint8Array | null = null;
  await using fake = FakeRadiusServer.start((req) => {
    const good = reply(req);
    const wrongId = good.slice();
    wrongId[1] ^= 1;
    const badLength = good.slice();
    badLength[3] += 40;
    const badAttr = good.slice(0, 20);
    const broken = new Uint8Array([...badAttr, 27, 3, 0]); // 1-octet Session-Timeout
    broken[3] = broken.length;
    const out: FakeReply[] = [
      reply(req, "not-the-secret"), // forged by someone without the secret
      good.slice(0, 12), // too short
      badLength,
      broken,
      wrongId,
      signReply(enc(SECRET), 2, req[1], req.subarray(4, 20), []), // no Message-Authenticator
    ];
    if (previous) {
      // A replay of the last accepted reply, its identifier set to the current request's.
      const replay = previous.slice();
      replay[1] = req[1];
      out.push(replay);
    }
    out.push({ bytes: good, delayMs: 20 });
    previous = good;
    return out;
  });
  await using client = RadiusClient.open({
    servers: [server(fake.port)],
    ...fast,
    timeoutMs: 2000,
  });
  for (let i = 0; i < 2; i++) {
    const out = await client.authenticate(USER, "1234");
    assert.ok(out.ok, "the genuine reply is taken");
  }
  const d = client.stats.dropped;
  assert.equal(d["too-short"], 2);
  assert.equal(d["bad-length"], 2);
  assert.equal(d["bad-attribute-value"], 2);
  assert.equal(d["missing-message-authenticator"], 2);
  assert.equal(d["bad-response-authenticator"], 3); // 2 forged, 1 replayed
  assert.equal(d["no-pending-request"], 2); // the wrong identifiers
  assert.equal(client.stats.answered, 2);
});

Deno.test("a reply from an unknown address is dropped", async () => {
  await using fake = FakeRadiusServer.start(() => []);
  await using stranger = FakeRadiusServer.start(() => []);
  await using client = RadiusClient.open({
    servers: [server(fake.port)],
    ...fast,
    triesPerServer: 1,
  });
  const pending = client.authenticate(USER, "1234");
  while (fake.received.length === 0) await new Promise((r) => setTimeout(r, 5));
  stranger.sendTo(reply(fake.received[0]), client.localAddress("ipv4")!);
  const out = await pending;
  assert.equal(out.ok, false);
  assert.equal(client.stats.dropped["unknown-source"], 1);
});

Deno.test("a slow server: retransmitted with back-off (same packet), answered late", async () => {
  const arrivals: number[] = [];
  await using fake = FakeRadiusServer.start((req) => {
    arrivals.push(performance.now());
    return arrivals.length < 3 ? [] : [reply(req)];
  });
  await using client = RadiusClient.open({ servers: [server(fake.port)], ...fast });
  const out = await client.authenticate(USER, "1234");
  assert.ok(out.ok);
  assert.equal(client.stats.retransmissions, 2);
  assert.deepEqual(fake.received[1], fake.received[0], "a retransmission is the same packet");
  assert.ok(arrivals[2] - arrivals[1] >= arrivals[1] - arrivals[0] - 20, "waits grow");
});

Deno.test("a server slower than the deadline: a clean no-answer in bounded time", async () => {
  await using fake = FakeRadiusServer.start((req) => [{ bytes: reply(req), delayMs: 3000 }]);
  await using client = RadiusClient.open({
    servers: [server(fake.port)],
    timeoutMs: 100,
    triesPerServer: 10,
    deadlineMs: 600,
  });
  const started = performance.now();
  const out = await client.authenticate(USER, "1234");
  assert.equal(out.ok, false);
  assert.equal(!out.ok && out.reason, "no-answer");
  assert.ok(performance.now() - started < 3000, "did not wait for the slow reply");
});

Deno.test("primary down (port unreachable): fails over at once and sticks to the secondary", async () => {
  const [closed] = await freeUdpPorts("127.0.0.1", 1);
  await using fake = FakeRadiusServer.start((req) => [reply(req)]);
  await using client = RadiusClient.open({
    servers: [server(closed), server(fake.port)],
    ...fast,
    timeoutMs: 5000,
  });
  const out = await client.authenticate(USER, "1234");
  assert.ok(out.ok);
  assert.equal(out.server, 1);
  assert.equal(client.stats.failovers, 1);
  assert.ok(client.stats.serverUnreachable >= 1);
  const again = await client.account([integerAttribute(Attribute.AcctStatusType, 1)]);
  assert.ok(again.ok && again.server === 1, "the next request goes to the server that answered");
});

Deno.test("primary silent: fails over after its tries", async () => {
  await using silent = FakeRadiusServer.start(() => []);
  await using fake = FakeRadiusServer.start((req) => [reply(req)]);
  await using client = RadiusClient.open({
    servers: [server(silent.port), server(fake.port)],
    ...fast,
  });
  const out = await client.authenticate(USER, "1234");
  assert.ok(out.ok && out.server === 1);
  assert.equal(silent.received.length, 3);
});

Deno.test("both servers down: no-answer naming both", async () => {
  const [a, b] = await freeUdpPorts("127.0.0.1", 2);
  await using client = RadiusClient.open({ servers: [server(a), server(b)], ...fast });
  const out = await client.authenticate(USER, "1234");
  assert.equal(out.ok, false);
  assert.match(!out.ok ? out.detail : "", new RegExp(`${a}.*${b}`));
});

Deno.test("many requests in flight get distinct identifiers and their own replies", async () => {
  await using fake = FakeRadiusServer.start((
    req,
  ) => [{ bytes: reply(req), delayMs: Math.random() * 30 }]);
  await using client = RadiusClient.open({
    servers: [server(fake.port)],
    ...fast,
    timeoutMs: 3000,
  });
  const outs = await Promise.all(
    Array.from(
      { length: 300 },
      (_, i) =>
        client.account([integerAttribute(Attribute.AcctStatusType, 1), textAttribute(44, `s${i}`)]),
    ),
  );
  assert.ok(outs.every((o) => o.ok));
  assert.equal(client.stats.retransmissions, 0);
});

Deno.test("bad options are refused with what is wrong", () => {
  assert.throws(() => RadiusClient.open({ servers: [] }), /at least one server/);
  assert.throws(() => RadiusClient.open({ servers: [server(0)] }), /port 0/);
  assert.throws(
    () => RadiusClient.open({ servers: [{ address: "radius.example", port: 1812, secret: "s" }] }),
    /numeric/,
  );
  assert.throws(() => RadiusClient.open({ servers: [server(1812, "")] }), /secret is empty/);
});
