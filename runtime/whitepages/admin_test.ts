import assert from "node:assert/strict";
import { serveAdmin } from "./admin.ts";
import { AdminClient, AdminError } from "./admin_client.ts";
import { lookupNumber } from "./client.ts";
import { serveWhitePages } from "./server.ts";
import { openSqliteStore } from "./sqlite_store.ts";
import { type DirectoryStore, hashToken, newToken } from "./store.ts";

const TOKYO = { country: "81", area: "3", trunkPrefix: "0", internationalPrefix: "010" };

async function setup(
  f: (x: {
    store: DirectoryStore;
    admin: string;
    op: AdminClient;
    alice: AdminClient;
    opToken: string;
  }) => Promise<void>,
) {
  const store = await openSqliteStore(":memory:", { context: TOKYO });
  const opToken = newToken();
  const aliceToken = newToken();
  await store.addClient({ name: "op", role: "operator", scope: [] }, await hashToken(opToken));
  await store.addClient(
    { name: "alice", role: "user", scope: ["81357343299", "8135735*"] },
    await hashToken(aliceToken),
  );
  const server = await serveAdmin(store, { port: 0 });
  assert.equal(server.hostname, "127.0.0.1", "the admin listener is on loopback by default");
  try {
    await f({
      store,
      admin: server.url,
      op: new AdminClient(server.url, opToken),
      alice: new AdminClient(server.url, aliceToken),
      opToken,
    });
  } finally {
    await server.close();
    await store.close();
  }
}

const rejectsWith = (status: number, re: RegExp) => (e: unknown) =>
  e instanceof AdminError && e.status === status && re.test(e.message);

Deno.test("registration needs a known token; 401 says how to send one", () =>
  setup(async ({ admin }) => {
    const none = await fetch(`${admin}whoami`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.match((await none.json()).error, /Authorization: Bearer/);
    await assert.rejects(
      () => new AdminClient(admin, newToken()).putNumber("5734-3299", "iphone://x/0"),
      rejectsWith(401, /unknown token/),
    );
  }));

Deno.test("an operator registers numbers and prefixes; phones find them; the audit names who", () =>
  setup(async ({ store, op }) => {
    const wp = await serveWhitePages(store, { port: 0 });
    try {
      const applied = await op.putNumber("03-5734-3299", "iphone://a.example/0");
      assert.deepEqual(applied, [{
        kind: "number",
        key: "81357343299",
        old: null,
        new: "iphone://a.example/0",
      }]);
      assert.equal(await lookupNumber(wp.url, "5734-3299"), "iphone://a.example/0");
      await op.putPrefix("06", "iphone://osaka.example/m=rtp:10000:0&a=dtmf:{digits}");
      assert.equal(
        await lookupNumber(wp.url, "06-1234-5678"),
        "iphone://osaka.example/m=rtp:10000:0&a=dtmf:12345678",
      );
      await op.apply([
        { kind: "number", key: "+81 3 5734 3299", value: "iphone://b.example/0" },
        { kind: "prefix", key: "06", value: null },
      ]);
      assert.equal(await lookupNumber(wp.url, "5734-3299"), "iphone://b.example/0");
      await assert.rejects(() => lookupNumber(wp.url, "06-1234-5678"), /not in the white pages/);
      const audit = await op.audit();
      assert.deepEqual(audit.map((r) => [r.who, r.key, r.old, r.new]).slice(0, 2), [
        ["op", "816", "iphone://osaka.example/m=rtp:10000:0&a=dtmf:{digits}", null],
        ["op", "81357343299", "iphone://a.example/0", "iphone://b.example/0"],
      ]);
      await op.removeNumber("5734-3299");
      await assert.rejects(() => op.removeNumber("5734-3299"), rejectsWith(404, /no number/));
    } finally {
      await wp.close();
    }
  }));

Deno.test("a user changes only their own numbers, never prefixes; a refused batch writes nothing", () =>
  setup(async ({ store, alice }) => {
    assert.deepEqual((await alice.whoami()).name, "alice");
    await alice.putNumber("5734-3299", "iphone://alice.example/0");
    await alice.putNumber("03-5735-0001", "iphone://alice2.example/0");
    await assert.rejects(
      () => alice.putNumber("5734-3300", "iphone://mallory/0"),
      rejectsWith(403, /alice may not change number 81357343300/),
    );
    await assert.rejects(
      () => alice.putPrefix("06", "iphone://mallory/{digits}"),
      rejectsWith(403, /only an operator/),
    );
    await assert.rejects(() => alice.audit(), rejectsWith(403, /operator/));
    const before = await store.entries();
    await assert.rejects(
      () =>
        alice.apply([
          { kind: "number", key: "5734-3299", value: "iphone://changed/0" },
          { kind: "number", key: "5734-0000", value: "iphone://mallory/0" },
        ]),
      rejectsWith(403, /may not change/),
    );
    assert.deepEqual(await store.entries(), before);
    assert.equal((await store.audit()).every((r) => r.who === "alice"), true);
  }));

Deno.test("bad input is a 4xx that says what was wrong, and writes nothing", () =>
  setup(async ({ store, admin, op, opToken }) => {
    const auth = { authorization: `Bearer ${opToken}` };
    const put = (path: string, body: string, type = "application/json") =>
      fetch(`${admin}${path}`, { method: "PUT", headers: { ...auth, "content-type": type }, body });
    const cases: [Promise<Response>, number, RegExp][] = [
      [put("numbers/5734-3299", "{not json"), 400, /not valid JSON/],
      [put("numbers/5734-3299", '{"url": "x"}', "text/plain"), 415, /application\/json/],
      [put("numbers/5734-3299", '{"url": 5}'), 400, /expected \{"url"/],
      [put("numbers/5734-3299", '{"url": "http://web/"}'), 400, /expected a session URL/],
      [put("numbers/57x4", '{"url": "iphone://a/0"}'), 400, /unexpected character/],
      [
        put("numbers/5734-3299", JSON.stringify({ url: "iphone://" + "a".repeat(1 << 20) })),
        413,
        /larger than/,
      ],
      [fetch(`${admin}nothing`, { headers: auth }), 404, /no such resource/],
      [fetch(`${admin}changes`, { headers: auth }), 405, /use POST/],
    ];
    for (const [pending, status, re] of cases) {
      const r = await pending;
      const text = await r.text();
      assert.equal(r.status, status, text);
      assert.match(JSON.parse(text).error, re);
    }
    await assert.rejects(
      () => op.apply([{ kind: "number", key: "1", value: "iphone://a/0" }, { kind: "x" } as never]),
      rejectsWith(400, /change 2: kind must be/),
    );
    assert.deepEqual(await store.entries(), { numbers: [], prefixes: [] });
    assert.equal((await store.audit()).length, 0);
  }));
