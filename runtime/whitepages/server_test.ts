import assert from "node:assert/strict";
import { parseDirectory } from "./directory.ts";
import {
  IPHONE_URL_TYPE,
  serveWhitePages,
  serveWhitePagesBehindProxy,
  type WhitePagesServerOptions,
  type WhitePagesStats,
} from "./server.ts";
import { LookupError, lookupNumber, queryDigits } from "./client.ts";

const TOKYO = { country: "81", area: "3", trunkPrefix: "0", internationalPrefix: "010" };

const BOOK = `context country=81 area=3 trunk=0 international=010
03-5734-3299  iphone://phone.example.jp:10000/0,5
*100#         iphone://voicemail.example.jp/0
prefix 06     iphone://gw-osaka.example.jp/m=rtp:10000:0&a=dtmf:{digits}
`;

async function withServer(
  f: (base: string, stats: WhitePagesStats) => Promise<void>,
  options: Partial<WhitePagesServerOptions> = {},
) {
  const server = await serveWhitePages(parseDirectory(BOOK, "book"), { port: 0, ...options });
  try {
    await f(server.url, server.stats);
  } finally {
    await server.close();
  }
}

Deno.test("GET /?NUMBER answers the session URL as application/x-iphone-url", () =>
  withServer(async (base) => {
    const r = await fetch(`${base}?5734-3299`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), IPHONE_URL_TYPE);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
    assert.equal((await r.text()).trim(), "iphone://phone.example.jp:10000/0,5");
  }));

Deno.test("the client finds entries, templates and service codes, and reports 404", () =>
  withServer(async (base, stats) => {
    assert.equal(await lookupNumber(base, "0357343299"), "iphone://phone.example.jp:10000/0,5");
    assert.equal(
      await lookupNumber(base, "+81 6 1234 5678", { context: TOKYO }),
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
    assert.deepEqual(stats, { found: 3, notFound: 1, badRequests: 0, notModified: 0 });
  }));

Deno.test("bad requests are 400, 405 or 414, counted, and never echo the request", () =>
  withServer(async (base, stats) => {
    const hostile = encodeURIComponent("03<script>alert(1)</script>");
    const bad = await fetch(`${base}?${hostile}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get("x-content-type-options"), "nosniff");
    const text = await bad.text();
    assert.match(text, /not a phone number: unexpected character/);
    assert.doesNotMatch(text, /script|alert|</);
    const long = await fetch(`${base}?${"9".repeat(5000)}`);
    assert.equal(long.status, 414);
    assert.doesNotMatch(await long.text(), /9999/);
    const unknown = await fetch(`${base}?0612`);
    assert.doesNotMatch(await unknown.text(), /0612|612/);
    const empty = await fetch(base);
    assert.equal(empty.status, 400);
    await empty.body?.cancel();
    const post = await fetch(`${base}?1`, { method: "POST" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET, HEAD");
    await post.body?.cancel();
    assert.equal(stats.badRequests, 4);
  }));

Deno.test("answers carry an ETag and max-age; If-None-Match gets 304; HEAD gets headers only", () =>
  withServer(async (base, stats) => {
    const r = await fetch(`${base}?5734-3299`);
    const tag = r.headers.get("etag");
    assert.match(tag ?? "", /^"[0-9a-f]+-[0-9a-f]+"$/);
    assert.equal(r.headers.get("cache-control"), "max-age=120");
    const body = await r.text();
    const again = await fetch(`${base}?03-5734-3299`, { headers: { "if-none-match": tag! } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), "");
    const other = await fetch(`${base}?*100%23`, { headers: { "if-none-match": tag! } });
    assert.equal(other.status, 200);
    await other.body?.cancel();
    const head = await fetch(`${base}?5734-3299`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), String(body.length));
    assert.equal(await head.text(), "");
    const missing = await fetch(`${base}?0312`);
    assert.equal(missing.headers.get("cache-control"), "max-age=7");
    await missing.body?.cancel();
    assert.equal(stats.notModified, 1);
  }, { maxAge: 120, notFoundMaxAge: 7 }));

/** Resolves with how the server ended `conn`: closed, or still open after `waitMs`. */
async function fate(conn: Deno.Conn, waitMs: number): Promise<"closed" | "open"> {
  const buf = new Uint8Array(4096);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = new Promise<"open">((r) => timer = setTimeout(() => r("open"), waitMs));
  const read = (async () => {
    try {
      while ((await conn.read(buf)) !== null) { /* a 400 or 408 may come first */ }
    } catch { /* reset */ }
    return "closed" as const;
  })();
  const result = await Promise.race([open, read]);
  clearTimeout(timer);
  try {
    conn.close();
  } catch { /* already closed */ }
  return result;
}

Deno.test("idle connections and slowloris senders are closed; the server keeps answering", () =>
  withServer(async (base, _stats) => {
    const port = Number(new URL(base).port);
    const idle = await Promise.all(
      Array.from({ length: 20 }, () => Deno.connect({ hostname: "127.0.0.1", port })),
    );
    const slow = await Promise.all(
      Array.from({ length: 5 }, () => Deno.connect({ hostname: "127.0.0.1", port })),
    );
    const enc = new TextEncoder();
    let trickling = true;
    // A slowloris sender: one header line every 100 ms, never the end of the head.
    const trickle = Promise.all(slow.map(async (c, i) => {
      await c.write(enc.encode("GET /?3299 HTTP/1.1\r\nHost: x\r\n")).catch(() => {});
      for (let n = 0; trickling && n < 200; n++) {
        await new Promise((r) => setTimeout(r, 100));
        if (await c.write(enc.encode(`X-${i}-${n}: y\r\n`)).catch(() => null) === null) break;
      }
    }));
    const fates = await Promise.all([...idle, ...slow].map((c) => fate(c, 15000)));
    trickling = false;
    await trickle;
    assert.deepEqual(fates, fates.map(() => "closed"));
    assert.equal(await lookupNumber(base, "5734-3299"), "iphone://phone.example.jp:10000/0,5");
  }, { headersTimeoutMs: 600, requestTimeoutMs: 1000, idleTimeoutMs: 400 }));

Deno.test("connections beyond the bound are refused; served again once others close", () =>
  withServer(async (base) => {
    const port = Number(new URL(base).port);
    const held = await Promise.all(
      Array.from({ length: 3 }, () => Deno.connect({ hostname: "127.0.0.1", port })),
    );
    // Let the server accept the three before the fourth arrives.
    await new Promise((r) => setTimeout(r, 200));
    const extra = await Deno.connect({ hostname: "127.0.0.1", port });
    await extra.write(new TextEncoder().encode("GET /?3299 HTTP/1.1\r\nHost: x\r\n\r\n"))
      .catch(() => {});
    const buf = new Uint8Array(1024);
    const n = await extra.read(buf).catch(() => null);
    assert.equal(n, null, "the fourth connection must be closed without an answer");
    extra.close();
    held.forEach((c) => c.close());
    let answered = "";
    for (let i = 0; i < 50 && !answered; i++) {
      answered = await lookupNumber(base, "5734-3299").catch(() => "");
      if (!answered) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(answered, "iphone://phone.example.jp:10000/0,5");
  }, { maxConnections: 3, idleTimeoutMs: 30000 }));

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
  // A port nobody listens on: bind one, note it, close it.
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closedPort = (l.addr as Deno.NetAddr).port;
  l.close();
  await assert.rejects(
    () => lookupNumber(`http://127.0.0.1:${closedPort}/`, "1", { timeoutMs: 2000 }),
    (e: unknown) =>
      e instanceof LookupError && /white pages at http:\/\/127\.0\.0\.1/.test(e.message),
  );
});

Deno.test("the client stops reading an endless answer at its size limit, and a stalled one at its deadline", async () => {
  let sent = 0;
  const endless = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    if (new URL(req.url).search === "?2") {
      // Headers, then nothing: the deadline must end the wait.
      return new Response(new ReadableStream({ start() {} }), {
        headers: { "content-type": IPHONE_URL_TYPE },
      });
    }
    const chunk = new Uint8Array(65536).fill(65);
    return new Response(
      new ReadableStream({
        pull(c) {
          sent += chunk.byteLength;
          c.enqueue(chunk);
        },
      }),
      { headers: { "content-type": IPHONE_URL_TYPE } },
    );
  });
  const base = `http://127.0.0.1:${endless.addr.port}/`;
  try {
    await assert.rejects(
      () => lookupNumber(base, "1", { maxBytes: 4096 }),
      (e: unknown) => e instanceof LookupError && /answered more than 4096 bytes/.test(e.message),
    );
    assert.ok(sent < 64 * 1024 * 1024, `the server had to send only a little, sent ${sent}`);
    await assert.rejects(
      () => lookupNumber(base, "2", { timeoutMs: 500 }),
      (e: unknown) =>
        e instanceof LookupError && /no complete answer within 500 ms/.test(e.message),
    );
  } finally {
    await endless.shutdown();
  }
});

Deno.test("behind a proxy the same answers come from Deno.serve, ETag and 304 included", async () => {
  const server = await serveWhitePagesBehindProxy(parseDirectory(BOOK, "book"), { port: 0 });
  try {
    const r = await fetch(`${server.url}?5734-3299`);
    assert.equal((await r.text()).trim(), "iphone://phone.example.jp:10000/0,5");
    const again = await fetch(`${server.url}?5734-3299`, {
      headers: { "if-none-match": r.headers.get("etag")! },
    });
    assert.equal(again.status, 304);
    await again.body?.cancel();
    const bad = await fetch(`${server.url}?<b>`);
    assert.equal(bad.status, 400);
    assert.doesNotMatch(await bad.text(), /<b>/);
  } finally {
    await server.close();
  }
});

Deno.test("the client sends only digits, * and #, after its numbering context", async () => {
  const queries: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    queries.push(new URL(req.url).search);
    return new Response("iphone://x.example/0", { headers: { "content-type": IPHONE_URL_TYPE } });
  });
  const base = `http://127.0.0.1:${server.addr.port}/`;
  try {
    await lookupNumber(base, "(03) 5734-3299");
    await lookupNumber(base, "03-5734-3299", { context: TOKYO });
    await lookupNumber(base, "5734.3299", { context: TOKYO });
    await lookupNumber(base, "+1 212 555 0100", { context: TOKYO });
    await lookupNumber(base, "*100#", { context: TOKYO });
    assert.deepEqual(queries, [
      "?0357343299",
      "?01081357343299",
      "?01081357343299",
      "?01012125550100",
      "?*100%23",
    ]);
    await assert.rejects(() => lookupNumber(base, "+81 3 5734 3299"), /needs a numbering context/);
    await assert.rejects(() => lookupNumber(base, "03-CALL-NOW"), /unexpected character/);
    assert.equal(queries.length, 5, "nothing sent for a number that cannot be written");
  } finally {
    await server.shutdown();
  }
  assert.equal(
    queryDigits("+81 3 5734 3299", { country: "81", internationalPrefix: "010" }),
    "01081357343299",
  );
});
