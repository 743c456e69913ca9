import assert from "node:assert/strict";
import { extractPhoneLinks } from "./extract.ts";

Deno.test("phone links come with their text, the page title and the text around them", () => {
  const r = extractPhoneLinks(`<!doctype html><html><head><title>Columbia CS &amp; friends</title>
    <script>document.write('<a href="iphone://evil.example/0">Fake</a>')</script></head><body>
    <ul><li>Henning Schulzrinne, professor: <a href="iphone://hgs.cs.columbia.edu/0,5">call Henning</a></li>
    <li>Front desk <A HREF=" IPHONE://desk.example:10010/8 " title="desk">reception</A> weekdays 9-5</li>
    <li><a href="sdp://lab.example/#m=audio+10000+RTP-AVP+0"><img alt="lab"></a> the lab phone</li>
    <li><a href="https://web.example/">not a phone</a> <a href="javascript:alert(1)">nor this</a></li>
    </ul><map><area href="iphone://map.example/0" alt="Map phone"></map></body></html>`);
  assert.equal(r.title, "Columbia CS & friends");
  assert.deepEqual(r.links.map((l) => [l.url, l.name]), [
    ["iphone://hgs.cs.columbia.edu/0,5", "call Henning"],
    ["IPHONE://desk.example:10010/8", "reception"],
    ["sdp://lab.example/#m=audio+10000+RTP-AVP+0", "Columbia CS & friends"],
    ["iphone://map.example/0", "Map phone"],
  ]);
  assert.equal(
    r.links[0].context,
    "Henning Schulzrinne, professor: call Henning",
  );
  assert.equal(r.links[1].context, "Front desk reception weekdays 9-5");
});

Deno.test("malformed markup: unclosed and misnested tags, comments, CDATA, stray brackets", () => {
  const r = extractPhoneLinks(
    `<p>Alice <b><a href=iphone://alice.example/0>Alice <i>Liddell</b></a>
     <!-- <a href="iphone://commented.example/0">hidden</a> -->
     <p>Bob <a href='iphone://bob.example/0'>Bob < > & Co
     <p>unterminated <a href="iphone://cut.example/0`,
  );
  assert.deepEqual(r.links.map((l) => l.url), [
    "iphone://alice.example/0",
    "iphone://bob.example/0",
  ]);
  assert.match(r.links[0].name, /^Alice Liddell/);
  assert.match(r.links[1].name, /^Bob < > & Co/);
});

Deno.test("hostile input: bad session URLs dropped and counted, control and bidi characters removed, sizes bounded", () => {
  const r = extractPhoneLinks(
    `<a href="iphone://host:70000/0">bad v6</a>` +
      `<a href="iphone://ok.example/0">A\u202eevil\u0000\u0007 name ${"x".repeat(5000)}</a>` +
      "<div>".repeat(20000) + `<a href="iphone://deep.example/0">deep</a>` + "</div>".repeat(20000),
  );
  assert.equal(r.invalid, 1);
  assert.deepEqual(r.links.map((l) => l.url), ["iphone://ok.example/0", "iphone://deep.example/0"]);
  for (const c of ["\u202e", "\u0000", "\u0007"]) assert.ok(!r.links[0].name.includes(c));
  assert.ok(r.links[0].name.length <= 200);
  assert.ok(r.links[0].context.length <= 480);
  assert.deepEqual(extractPhoneLinks("").links, []);
  assert.deepEqual(extractPhoneLinks("\u0000<<<>>>&&&;;<a").links, []);
});
