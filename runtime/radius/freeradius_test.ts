// The client against a real FreeRADIUS (Debian `freeradius`), started on loopback ephemeral
// ports with a generated configuration and stopped afterwards.
import assert from "node:assert/strict";
import { freeUdpPorts, startFreeRadius } from "../../harness/radius/freeradius.ts";
import {
  AcctStatusType,
  Attribute,
  getInteger,
  integerAttribute,
  RadiusClient,
  RadiusCode,
  ServiceType,
  textAttribute,
} from "./mod.ts";

const SECRET = "gw-shared-secret";

Deno.test("against FreeRADIUS: calling card, trusted address, wrong secret, failover, accounting", async (t) => {
  await using server = await startFreeRadius({
    secret: SECRET,
    users: [{ id: "4711", pin: "1234", sessionTimeout: 600 }],
    trusted: [{ pattern: "^127\\.0\\.0\\.", sessionTimeout: 300 }],
  });
  const auth = { address: "127.0.0.1", port: server.authPort, secret: SECRET };
  const acct = { address: "127.0.0.1", port: server.acctPort, secret: SECRET };
  const nas = [
    textAttribute(Attribute.NasIdentifier, "gw-test"),
    integerAttribute(Attribute.NasPort, 1),
  ];
  const options = { timeoutMs: 500, triesPerServer: 3, deadlineMs: 8000 };
  await using client = RadiusClient.open({ servers: [auth], ...options });

  await t.step("ID and PIN: Accept with Session-Timeout; a wrong PIN: Reject", async () => {
    const ok = await client.authenticate(
      [textAttribute(Attribute.UserName, "4711"), ...nas],
      "1234",
    );
    assert.ok(ok.ok);
    assert.equal(ok.packet.code, RadiusCode.AccessAccept);
    assert.equal(getInteger(ok.packet, Attribute.SessionTimeout), 600);
    const bad = await client.authenticate(
      [textAttribute(Attribute.UserName, "4711"), ...nas],
      "9999",
    );
    assert.ok(bad.ok);
    assert.equal(bad.packet.code, RadiusCode.AccessReject);
    const nobody = await client.authenticate([textAttribute(Attribute.UserName, "1"), ...nas], "1");
    assert.ok(nobody.ok && nobody.packet.code === RadiusCode.AccessReject);
  });

  await t.step(
    "trusted source address (Call-Check): Accept inside the prefix, Reject outside",
    async () => {
      const check = (address: string) =>
        client.authenticate([
          textAttribute(Attribute.UserName, address),
          integerAttribute(Attribute.ServiceType, ServiceType.CallCheck),
          textAttribute(Attribute.CallingStationId, address),
          ...nas,
        ]);
      const inside = await check("127.0.0.9");
      assert.ok(inside.ok && inside.packet.code === RadiusCode.AccessAccept);
      assert.equal(getInteger(inside.packet, Attribute.SessionTimeout), 300);
      const outside = await check("192.0.2.7");
      assert.ok(outside.ok && outside.packet.code === RadiusCode.AccessReject);
    },
  );

  await t.step("a wrong secret: the server drops it, nothing is accepted", async () => {
    await using wrong = RadiusClient.open({
      servers: [{ ...auth, secret: "not-it" }],
      timeoutMs: 200,
      triesPerServer: 2,
      deadlineMs: 2000,
    });
    const out = await wrong.authenticate(
      [textAttribute(Attribute.UserName, "4711"), ...nas],
      "1234",
    );
    assert.equal(out.ok, false);
    assert.equal(wrong.stats.answered, 0);
  });

  await t.step("primary down: the secondary (FreeRADIUS) answers", async () => {
    const [closed] = await freeUdpPorts("127.0.0.1", 1);
    await using failover = RadiusClient.open({
      servers: [{ ...auth, port: closed }, auth],
      ...options,
    });
    const out = await failover.authenticate(
      [textAttribute(Attribute.UserName, "4711"), ...nas],
      "1234",
    );
    assert.ok(out.ok && out.server === 1 && out.packet.code === RadiusCode.AccessAccept);
  });

  await t.step("accounting Start, Interim, Stop land in the detail file", async () => {
    await using accounting = RadiusClient.open({ servers: [acct], ...options });
    const base = [
      textAttribute(Attribute.AcctSessionId, "gw-test-0001"),
      textAttribute(Attribute.UserName, "4711"),
      ...nas,
    ];
    for (
      const [status, extra] of [
        [AcctStatusType.Start, []],
        [AcctStatusType.InterimUpdate, [integerAttribute(Attribute.AcctSessionTime, 30)]],
        [AcctStatusType.Stop, [
          integerAttribute(Attribute.AcctSessionTime, 61),
          integerAttribute(Attribute.AcctInputOctets, 9760),
          integerAttribute(Attribute.AcctTerminateCause, 1),
        ]],
      ] as const
    ) {
      const out = await accounting.account([
        integerAttribute(Attribute.AcctStatusType, status),
        ...base,
        ...extra,
      ]);
      assert.ok(out.ok && out.packet.code === RadiusCode.AccountingResponse);
    }
    const records = await server.detailRecords();
    assert.deepEqual(records.map((r) => r.attributes["Acct-Status-Type"]), [
      "Start",
      "Interim-Update",
      "Stop",
    ]);
    assert.ok(records.every((r) => r.attributes["Acct-Session-Id"] === "gw-test-0001"));
    assert.equal(records[2].attributes["Acct-Session-Time"], "61");
    assert.equal(records[2].attributes["Acct-Terminate-Cause"], "User-Request");
  });
});
