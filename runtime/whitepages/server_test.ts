import assert from "node:assert/strict";
import { parseDirectory } from "./directory.ts";
import { IPHONE_URL_TYPE, whitePagesHandler, type WhitePagesStats } from "./server.ts";
import { LookupError, lookupNumber } from "./client.ts";

const BOOK = `context country=81 area=3 trunk=0 international=010
03-5734-3299  iphone://phone.example.jp:10000/0,5
*100#         iphone://voicemail.example.jp/0
prefix 06     iphone://gw-osaka.example.jp/m=rtp:10000:0&a=dtmf:{digits}
`;

async function withServer(f: (base: string, stats: WhitePagesStats) => Promise<void>) {
  const stats = { found: 0, notFound: 0, badRequests: 0 };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    whitePagesHandler(parseDirectory(BOOK, "book"), stats),
  );
  try {
    await f(`http://127.0.0.1:${server.addr.port}/`, stats);
  } finally {
    await server.shutdown();
  }
}

Deno.test("GET /?NUMBER answers the session URL as application/x-iphone-url", () =>
  withServer(async (base) => {
    const r = await fetch(`${base}?5734-3299`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), IPHONE_URL_TYPE);
    assert.equal((await r.text()).trim(), "iphone://phone.example.jp:10000/0,5");
  }));

Deno.test("the client finds entries, templates and service codes, and reports 404", () =>
  withServer(async (base, stats) => {
    assert.equal(await lookupNumber(base, "0357343299"), "iphone://phone.example.jp:10000/0,5");
    assert.equal(
      await lookupNumber(base, "+81 6 1234 5678"),
      "iphone://gw-osaka.example.jp/m=rtp:10000:0&a=dtmf:12345678",
    );
    assert.equal(
      await lookupNumber(`${base}phonebook`, "*100#"),
      "iphone://voicemail.example.jp/0",
    );
    await assert.rejects(
      () => lookupNumber(base, "011-1-212-555-0100"),
      (e: unknown) =>
        e instanceof LookupError && e.status === 404 && /not in the white pages/.test(e.message),
    );
    assert.deepEqual(stats, { found: 3, notFound: 1, badRequests: 0 });
  }));

Deno.test("bad requests are 400 or 405 and counted", () =>
  withServer(async (base, stats) => {
    const bad = await fetch(`${base}?03-57x4`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /unexpected "x"/);
    const empty = await fetch(base);
    assert.equal(empty.status, 400);
    await empty.body?.cancel();
    const post = await fetch(`${base}?1`, { method: "POST" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET, HEAD");
    await post.body?.cancel();
    assert.equal(stats.badRequests, 3);
  }));

Deno.test("an unreachable or wrong server is a clear LookupError", async () => {
  await assert.rejects(() => lookupNumber("not a url", "1"), /"not a url" is not a URL/);
  const wrong = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response("hello"),
  );
  try {
    await assert.rejects(
      () => lookupNumber(`http://127.0.0.1:${wrong.addr.port}/`, "1"),
      /answer is text\/plain, not application\/x-iphone-url/,
    );
  } finally {
    await wrong.shutdown();
  }
  await assert.rejects(
    () => lookupNumber("http://127.0.0.1:9/", "1", { timeoutMs: 2000 }),
    /unreachable/,
  );
});
