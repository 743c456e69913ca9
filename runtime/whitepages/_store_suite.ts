// The contract every white pages store keeps: one suite, run by sqlite_store_test.ts and
// postgres_store_test.ts against their own store.
import assert from "node:assert/strict";
import type { NumberingContext } from "./numbering.ts";
import { answerLookup } from "./answer.ts";
import { type DirectoryStore, hashToken, newToken, StoreError } from "./store.ts";
import { exportDirectory, importDirectory } from "./transfer.ts";

/** How a suite gets stores: a new empty database's location, and opening one. */
export interface StoreMaker {
  fresh(): Promise<string>;
  open(location: string, options: { context?: NumberingContext }): Promise<DirectoryStore>;
}

const TOKYO: NumberingContext = {
  country: "81",
  area: "3",
  trunkPrefix: "0",
  internationalPrefix: "010",
};

const status = (s: number) => (e: unknown) => e instanceof StoreError && e.status === s;

type Case = [string, (m: StoreMaker) => Promise<void>];

async function withStore(m: StoreMaker, f: (s: DirectoryStore) => Promise<void>) {
  const store = await m.open(await m.fresh(), { context: TOKYO });
  try {
    await f(store);
  } finally {
    await store.close();
  }
}

const CASES: Case[] = [
  ["a new store needs a context; reopening keeps it and refuses another", async (m) => {
    const where = await m.fresh();
    await assert.rejects(() => m.open(where, {}), status(400));
    const s = await m.open(where, { context: TOKYO });
    assert.equal(s.schemaVersion, 1);
    await s.close();
    const again = await m.open(where, {});
    assert.deepEqual(again.context, TOKYO);
    await again.close();
    await assert.rejects(() => m.open(where, { context: { country: "1" } }), status(409));
  }],
  ["numbers are stored in international form, however written", (m) =>
    withStore(m, async (s) => {
      const applied = await s.apply([
        { kind: "number", key: "03-5734-3299", value: "iphone://a.example/0" },
        { kind: "number", key: "*100#", value: "iphone://vm.example/0" },
      ], "op");
      assert.deepEqual(applied.map((a) => a.key), ["81357343299", "*100#"]);
      assert.equal(await s.resolve("81357343299"), "iphone://a.example/0");
      assert.equal(await s.resolve("*100#"), "iphone://vm.example/0");
      for (const dialed of ["5734-3299", "+81 3 5734 3299", "010-81-3-5734-3299"]) {
        const a = await answerLookup(s, "GET", "?" + encodeURIComponent(dialed), null);
        assert.equal(a.status, 200, dialed);
        assert.equal(a.body.trim(), "iphone://a.example/0");
      }
      await s.apply([{ kind: "number", key: "+81357343299", value: "iphone://b.example/0" }], "op");
      assert.equal(await s.get("number", "81357343299"), "iphone://b.example/0");
      assert.equal(await s.get("number", "81357343290"), undefined);
      assert.equal(await s.get("prefix", "813"), undefined);
      assert.equal(await s.resolve("81357343299"), "iphone://b.example/0");
    })],
  ["prefix templates: the longest wins, an exact entry beats them, the prefix alone is no number", (
    m,
  ) =>
    withStore(m, async (s) => {
      await s.apply([
        { kind: "prefix", key: "0", value: "iphone://gw.example/m=rtp:10000:0&a=dtmf:{number}" },
        {
          kind: "prefix",
          key: "06",
          value: "iphone://osaka.example/m=rtp:10000:0&a=dtmf:{digits}",
        },
        { kind: "number", key: "06-1111-2222", value: "iphone://direct.example/0" },
      ], "op");
      assert.equal(
        await s.resolve("81612345678"),
        "iphone://osaka.example/m=rtp:10000:0&a=dtmf:12345678",
      );
      assert.equal(
        await s.resolve("81451234567"),
        "iphone://gw.example/m=rtp:10000:0&a=dtmf:81451234567",
      );
      assert.equal(await s.resolve("81611112222"), "iphone://direct.example/0");
      assert.equal(await s.resolve("816"), "iphone://gw.example/m=rtp:10000:0&a=dtmf:816");
      assert.equal(await s.resolve("1"), undefined);
      assert.equal(await s.resolve("4420"), undefined);
    })],
  ["a batch is all or nothing: one bad change writes none", (m) =>
    withStore(m, async (s) => {
      await s.apply(
        [{ kind: "number", key: "3299".padStart(8, "5734"), value: "iphone://a/0" }],
        "op",
      );
      const before = await s.entries();
      await assert.rejects(
        () =>
          s.apply([
            { kind: "number", key: "03-1111-1111", value: "iphone://new.example/0" },
            { kind: "number", key: "03-2222-2222", value: null },
          ], "op"),
        status(404),
      );
      await assert.rejects(
        () =>
          s.apply([
            { kind: "number", key: "03-1111-1111", value: "iphone://new.example/0" },
            { kind: "number", key: "03-3333-3333", value: "http://not-a-phone/" },
          ], "op"),
        status(400),
      );
      await assert.rejects(
        () => s.apply([{ kind: "number", key: "03-x", value: "iphone://a/0" }], "op"),
        (e: unknown) => e instanceof StoreError && e.status === 400 && /unexpected/.test(e.message),
      );
      await assert.rejects(() => s.apply([], "op"), status(400));
      assert.deepEqual(await s.entries(), before);
      assert.equal((await s.audit()).length, 1);
    })],
  ["every change is audited: who, when, old and new", (m) =>
    withStore(m, async (s) => {
      const t0 = Date.now() - 60_000;
      await s.apply([{ kind: "number", key: "5734-3299", value: "iphone://a/0" }], "alice");
      await s.apply([{ kind: "number", key: "5734-3299", value: "iphone://b/0" }], "bob");
      await s.apply([{ kind: "number", key: "5734-3299", value: null }], "carol");
      await s.apply([{ kind: "prefix", key: "06", value: "iphone://gw/{digits}" }], "op");
      const log = await s.audit();
      assert.deepEqual(
        log.map((r) => [r.who, r.kind, r.key, r.old, r.new]),
        [
          ["op", "prefix", "816", null, "iphone://gw/{digits}"],
          ["carol", "number", "81357343299", "iphone://b/0", null],
          ["bob", "number", "81357343299", "iphone://a/0", "iphone://b/0"],
          ["alice", "number", "81357343299", null, "iphone://a/0"],
        ],
      );
      for (const r of log) assert.ok(Date.parse(r.at) >= t0, r.at);
      assert.equal((await s.audit(2)).length, 2);
    })],
  [
    "clients are found by the hash of their token, never by the token",
    (m) =>
      withStore(m, async (s) => {
        const token = newToken();
        const hash = await hashToken(token);
        assert.notEqual(hash, token);
        await s.addClient({ name: "alice", role: "user", scope: ["81357343299"] }, hash);
        assert.deepEqual(await s.findClient(hash), {
          name: "alice",
          role: "user",
          scope: ["81357343299"],
        });
        assert.equal(await s.findClient(token), undefined);
        await assert.rejects(
          () => s.addClient({ name: "alice", role: "operator", scope: [] }, "x"),
          status(409),
        );
        assert.deepEqual((await s.clients()).map((c) => c.name), ["alice"]);
        assert.equal(await s.removeClient("alice"), true);
        assert.equal(await s.removeClient("alice"), false);
        assert.equal(await s.findClient(hash), undefined);
      }),
  ],
  [
    "the directory file imports as one batch and exports back to the same entries",
    (m) =>
      withStore(m, async (s) => {
        const text = `context country=81 area=3 trunk=0 international=010
03-5734-3299  iphone://phone.example.jp:10000/0,5
*100#         iphone://voicemail.example.jp/0
prefix 06     iphone://gw-osaka.example.jp/m=rtp:10000:0&a=dtmf:{digits}
`;
        const applied = await importDirectory(s, text, "book.txt", "import");
        assert.equal(applied.length, 3);
        const out = await exportDirectory(s);
        assert.match(out, /^context country=81 area=3 trunk=0 international=010\n/);
        const copy = await m.open(await m.fresh(), { context: TOKYO });
        try {
          await importDirectory(copy, out, "export", "import");
          assert.deepEqual(await copy.entries(), await s.entries());
        } finally {
          await copy.close();
        }
        await assert.rejects(
          () => importDirectory(s, "context country=1\n+12125550100 iphone://x/0\n", "us.txt", "i"),
          /us.txt: its context/,
        );
      }),
  ],
  ["two stores on one database see each other's changes", async (m) => {
    const where = await m.fresh();
    const a = await m.open(where, { context: TOKYO });
    const b = await m.open(where, {});
    try {
      await a.apply([{ kind: "number", key: "5734-3299", value: "iphone://a/0" }], "op");
      assert.equal(await b.resolve("81357343299"), "iphone://a/0");
      await b.apply([{ kind: "number", key: "5734-3299", value: null }], "op");
      assert.equal(await a.resolve("81357343299"), undefined);
    } finally {
      await a.close();
      await b.close();
    }
  }],
];

/** Registers the suite as one test with a step per case. */
export function storeSuite(
  label: string,
  setup: () => Promise<{ maker: StoreMaker; teardown(): Promise<void> }>,
  options: { ignore?: boolean } = {},
): void {
  Deno.test({
    name: `${label}: the store contract`,
    ignore: options.ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async (t) => {
      const { maker, teardown } = await setup();
      try {
        for (const [name, run] of CASES) await t.step(name, () => run(maker));
      } finally {
        await teardown();
      }
    },
  });
}
