import assert from "node:assert/strict";
import { YellowPages } from "./service.ts";
import { searchYellowPages } from "./client.ts";
import { ftsQuery } from "./index.ts";

/** Serves `pages` (path -> HTML) on loopback; `pages` may change between requests. */
function site(pages: Map<string, string | (() => Response)>) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const p = pages.get(new URL(req.url).pathname);
    if (typeof p === "function") return p();
    return p === undefined
      ? new Response("missing", { status: 404 })
      : new Response(p, { headers: { "content-type": "text/html; charset=utf-8" } });
  });
  return { base: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

const STAFF = `<title>Staff</title><ul>
<li>Alice Liddell, Dean's office: <a href="iphone://alice.example.edu/0">Alice Liddell</a></li>
<li>Bob Dylan, music lab: <a href="iphone://bob.example.edu/0">Bob Dylan</a></li>
<li>Alice Cooper, music lab: <a href="iphone://cooper.example.edu/0">Alice Cooper</a></li></ul>`;

Deno.test("pages served locally are indexed; names are found over HTTP as JSON and as HTML", async () => {
  const pages = new Map<string, string | (() => Response)>([["/staff.html", STAFF]]);
  const web = site(pages);
  const file = await Deno.makeTempFile({ suffix: ".html" });
  await Deno.writeTextFile(
    file,
    `<p>Carol <a href="sdp://carol.example/#m=audio+10000+RTP-AVP+0">Carol King</a>`,
  );
  const yp = new YellowPages({ sources: [`${web.base}/staff.html`, file] });
  const server = await yp.serve({ port: 0 });
  try {
    const reports = await yp.refresh();
    assert.deepEqual(reports.map((r) => r.links), [3, 1]);
    const alice = await searchYellowPages(server.url, "alice");
    assert.deepEqual(alice.map((h) => h.name).sort(), ["Alice Cooper", "Alice Liddell"]);
    const dean = await searchYellowPages(server.url, "alice dean");
    assert.deepEqual(dean.map((h) => h.url), ["iphone://alice.example.edu/0"]);
    assert.equal(dean[0].page, `${web.base}/staff.html`);
    assert.equal(dean[0].pageTitle, "Staff");
    assert.deepEqual((await searchYellowPages(server.url, "CAROL")).map((h) => h.url), [
      "sdp://carol.example/#m=audio+10000+RTP-AVP+0",
    ]);
    assert.deepEqual(await searchYellowPages(server.url, "nobody"), []);
    const html = await fetch(`${server.url}search?q=music`);
    assert.match(html.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    const text = await html.text();
    assert.match(text, /<a href="iphone:\/\/bob\.example\.edu\/0">Bob Dylan<\/a>/);
    assert.match(text, /<a href="iphone:\/\/cooper\.example\.edu\/0">Alice Cooper<\/a>/);
  } finally {
    await server.close();
    await yp.close();
    await web.close();
    await Deno.remove(file);
  }
});

Deno.test("a re-fetch replaces a page's links; a failing page keeps its old ones", async () => {
  const pages = new Map<string, string | (() => Response)>([["/p.html", STAFF]]);
  const web = site(pages);
  const yp = new YellowPages({ sources: [`${web.base}/p.html`, `${web.base}/huge.html`] });
  pages.set("/huge.html", () =>
    new Response(
      new ReadableStream({
        pull(c) {
          c.enqueue(new TextEncoder().encode("<p>".repeat(10000)));
        },
      }),
      { headers: { "content-type": "text/html" } },
    ));
  try {
    const first = await yp.refresh();
    assert.match(first[1].error ?? "", /larger than/);
    assert.equal(yp.index.search("bob").length, 1);
    pages.set("/p.html", `<a href="iphone://eve.example/0">Eve</a>`);
    let rounds = 0;
    yp.schedule(0.05, () => rounds++);
    for (let i = 0; i < 400 && rounds < 1; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    yp.stopSchedule();
    await yp.refresh(); // joins a scheduled round still running, if any
    assert.ok(rounds >= 1);
    assert.equal(yp.index.search("eve").length, 1);
    assert.equal(yp.index.search("bob").length, 0);
    pages.set("/p.html", () => new Response("down", { status: 503 }));
    const failed = await yp.refresh();
    assert.match(failed[0].error ?? "", /answered 503/);
    assert.equal(yp.index.search("eve").length, 1, "the old links stay");
    assert.match(yp.index.pages()[1].error ?? "", /503/);
  } finally {
    await yp.close();
    await web.close();
  }
});

Deno.test("hostile queries and pages: FTS syntax is neutralised, HTML is escaped", async () => {
  const pages = new Map<string, string | (() => Response)>([
    [
      "/x.html",
      `<title><script>alert(1)</script></title>
      <p>"&lt;img src=x onerror=alert(1)&gt;" <a href="iphone://x.example/0">&lt;b&gt;Mallory&lt;/b&gt; NEAR "x"</a>`,
    ],
  ]);
  const web = site(pages);
  const yp = new YellowPages({ sources: [`${web.base}/x.html`] });
  const server = await yp.serve({ port: 0 });
  try {
    await yp.refresh();
    for (const q of ['"', "NEAR(", "*", "mallory OR", "a:b", "-", "\u0000", "x".repeat(1000)]) {
      const r = await fetch(`${server.url}search?format=json&q=${encodeURIComponent(q)}`);
      assert.ok(r.status === 200 || r.status === 400, `${q}: ${r.status}`);
      await r.body?.cancel();
    }
    assert.equal(ftsQuery('mallory" OR "x'), '"mallory"* "OR"* "x"*');
    const html = await (await fetch(`${server.url}search?q=mallory`)).text();
    assert.doesNotMatch(html, /<b>Mallory|<img|<script>alert/);
    assert.match(html, /&#60;b&#62;Mallory/);
    const echo = await (await fetch(`${server.url}search?q=${encodeURIComponent("<script>x")}`))
      .text();
    assert.doesNotMatch(echo, /<script>x/);
  } finally {
    await server.close();
    await yp.close();
    await web.close();
  }
});
