import assert from "node:assert/strict";
import { type GatewayFlags, gatewaySettings } from "./gateway.ts";

const base: GatewayFlags = {
  card: ["0", "1"],
  radius: ["192.0.2.1", "[2001:db8::1]:11812"],
  nasId: "gw",
  spool: "a.db",
  bind: "::",
  port: "10000",
  interim: "60",
  country: "us",
  trusted: "198.51.100.0/24, 203.0.113.7",
};

Deno.test("phone gateway: servers, accounting ports, secret from the environment, trusted list", async () => {
  const s = await gatewaySettings(base, () => "s3cret");
  assert.deepEqual(s.auth, [{ address: "192.0.2.1", port: 1812 }, {
    address: "2001:db8::1",
    port: 11812,
  }]);
  assert.deepEqual(s.acct.map((a) => a.port), [1813, 11813]);
  assert.equal(s.secret, "s3cret");
  assert.deepEqual(s.trusted, ["198.51.100.0/24", "203.0.113.7"]);
  assert.equal(s.interimSeconds, 60);
  assert.deepEqual(s.cards, [0, 1]);
  assert.deepEqual((await gatewaySettings({ ...base, card: [] }, () => "s")).cards, [0]);
});

Deno.test("phone gateway: bad flags are refused with what is wrong", async () => {
  await assert.rejects(
    () => gatewaySettings({ ...base, radius: [] }, () => "s"),
    /--radius ADDRESS/,
  );
  await assert.rejects(() => gatewaySettings(base, () => undefined), /no RADIUS secret/);
  await assert.rejects(() => gatewaySettings({ ...base, card: ["x"] }, () => "s"), /--card x/);
  await assert.rejects(
    () => gatewaySettings({ ...base, card: ["1", "1"] }, () => "s"),
    /given twice/,
  );
  await assert.rejects(
    () => gatewaySettings({ ...base, port: "70000" }, () => "s"),
    /--port 70000/,
  );
  await assert.rejects(
    () => gatewaySettings({ ...base, secretFile: "/nonexistent/secret" }, () => "s"),
    /--secret-file \/nonexistent\/secret/,
  );
});
