// Yellow pages from the command line: a web page's phone links, the search service over
// locally served pages, a name looked up, and phone call's fallback to the yellow pages.
import assert from "node:assert/strict";
import { resolveTarget } from "../target.ts";
import { UsageError } from "../errors.ts";
import { YellowPages } from "../../runtime/yellowpages/service.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const PAGE = `<html><head><title>People</title></head><body><ul>
<li>Alice Liddell, Dean: <a href="iphone://alice.example.edu/0">Alice Liddell</a></li>
<li>Alice Cooper, music: <a href="iphone://cooper.example.edu/0">Alice Cooper</a></li>
<li>Bob, <a href="https://bob.example/">home</a> <a href="sdp://bob.example/#m=audio+10000+RTP-AVP+0">Bob's phone</a>
</ul></body></html>`;

async function phone(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { DENO_NO_UPDATE_CHECK: "1", PHONE_CONFIG: "/nonexistent" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

function site() {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) =>
      new URL(req.url).pathname === "/people.html"
        ? new Response(PAGE, { headers: { "content-type": "text/html" } })
        : new Response("no", { status: 404 }),
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/people.html`,
    close: () => server.shutdown(),
  };
}

Deno.test("phone lookup URL lists a page's phone links with their text", async () => {
  const web = site();
  try {
    const r = await phone(["lookup", web.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      "Alice Liddell\tiphone://alice.example.edu/0\nAlice Cooper\tiphone://cooper.example.edu/0\n" +
        "Bob's phone\tsdp://bob.example/#m=audio+10000+RTP-AVP+0\n",
    );
    const missing = await phone(["lookup", web.url.replace("people", "nobody")]);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^phone: http:\/\/127\.0\.0\.1:\d+\/nobody\.html: the server answered 404\n$/,
    );
  } finally {
    await web.close();
  }
});

Deno.test("phone yellowpages serves a search that phone lookup NAME uses", async () => {
  const web = site();
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "yellowpages", web.url, "-p", "0"],
    env: { DENO_NO_UPDATE_CHECK: "1", PHONE_CONFIG: "/nonexistent" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    let text = "";
    const decoder = new TextDecoder();
    let base = "";
    for await (const chunk of server.stderr) {
      text += decoder.decode(chunk);
      const m = /on (http:\S+)/.exec(text);
      if (m) {
        base = m[1];
        break;
      }
    }
    assert.match(text, /people\.html: 3 phone links/);
    const r = await phone(["lookup", "liddell", "-y", base]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Alice Liddell\tiphone://alice.example.edu/0\t${web.url}\n`);
    const none = await phone(["lookup", "Nobody Here", "-y", base]);
    assert.equal(none.stderr, 'phone: no one named "Nobody Here" in the yellow pages\n');
  } finally {
    server.kill("SIGTERM");
    await server.status;
    await web.close();
  }
});

Deno.test("phone call NAME: one match is called, several are shown, a single word may be a host", async () => {
  const file = await Deno.makeTempFile({ suffix: ".html" });
  await Deno.writeTextFile(file, PAGE);
  const yp = new YellowPages({ sources: [file] });
  const server = await yp.serve({ port: 0 });
  try {
    await yp.refresh();
    const options = { formats: ["0"], yellowpages: server.url };
    const one = await resolveTarget("Alice Liddell", options);
    assert.deepEqual([one.kind, one.text, one.name], [
      "name",
      "iphone://alice.example.edu/0",
      "Alice Liddell",
    ]);
    assert.equal(
      (await resolveTarget("bob", options)).text,
      "sdp://bob.example/#m=audio+10000+RTP-AVP+0",
    );
    await assert.rejects(
      () => resolveTarget("alice", options),
      (e: unknown) =>
        e instanceof UsageError && /matches 2 entries/.test(e.message) &&
        /1\. Alice Liddell {2}iphone:\/\/alice\.example\.edu\/0/.test(e.message) &&
        /2\. Alice Cooper {2}iphone:\/\/cooper\.example\.edu\/0/.test(e.message),
    );
    assert.deepEqual(
      [
        (await resolveTarget("peerhost", options)).kind,
        (await resolveTarget("peer.example", options)).kind,
      ],
      ["host", "host"],
    );
    await assert.rejects(() => resolveTarget("Carol King", options), /no one named "Carol King"/);
    await assert.rejects(
      () => resolveTarget("Alice Liddell", { formats: ["0"] }),
      /looks like a name, but no yellow pages service is set/,
    );
  } finally {
    await server.close();
    await yp.close();
    await Deno.remove(file);
  }
});
