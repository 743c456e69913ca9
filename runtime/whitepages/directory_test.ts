import assert from "node:assert/strict";
import { DirectoryError, parseDirectory } from "./directory.ts";

const BOOK = `# Tokyo Tech white pages
context country=81 area=3 trunk=0 international=010 pbx-digits=4 pbx-base=8135734 pbx-outside=0
+81-3-5734-3299 iphone://phone.example.jp:10000/0,5
3300           iphone://[2001:db8::1]:10000/m=rtp:10000:0
prefix 003     iphone://gw-tokyo.example.jp/m=rtp:10000:0&a=dtmf:{digits}
prefix 00      iphone://gw.example.jp/m=rtp:10000:8&a=dtmf:{number}
`;

Deno.test("exact entries are found however the number is dialed", () => {
  const dir = parseDirectory(BOOK, "book");
  assert.equal(dir.lookup("3299"), "iphone://phone.example.jp:10000/0,5");
  assert.equal(dir.lookup("+81 3 5734 3299"), "iphone://phone.example.jp:10000/0,5");
  assert.equal(dir.lookup("003-5734-3299"), "iphone://phone.example.jp:10000/0,5");
  assert.equal(dir.lookup("3300"), "iphone://[2001:db8::1]:10000/m=rtp:10000:0");
});

Deno.test("unknown numbers go to the longest matching gateway prefix with the rest to dial", () => {
  const dir = parseDirectory(BOOK, "book");
  // The paper's example: "03" routes to the Tokyo gateway with "5734-3298" to dial.
  assert.equal(
    dir.lookup("003-5734-3298"),
    "iphone://gw-tokyo.example.jp/m=rtp:10000:0&a=dtmf:57343298",
  );
  assert.equal(
    dir.lookup("006-1234-5678"),
    "iphone://gw.example.jp/m=rtp:10000:8&a=dtmf:8161234568".replace("8161234568", "81612345678"),
  );
  assert.equal(dir.lookup("+44 20 7946 0000"), undefined);
});

Deno.test("directory errors name the file and line", () => {
  const cases: [string, RegExp][] = [
    ["03-1234 iphone://x/0", /^b:1: the first entry must be a context line$/],
    ["context area=3", /^b:1: context needs country=CODE$/],
    ["context country=81 colour=red", /^b:1: unknown context setting "colour"$/],
    ["context country=81\nprefix 03", /^b:2: expected: prefix DIGITS URL$/],
    ["context country=81\n03-x iphone://x/0", /^b:2: "03-x": unexpected "x"/],
    ["context country=81\n0312 http://x/", /^b:2: expected a session URL/],
    ["context country=81\ncontext country=1", /^b:2: the context must come first, once$/],
    ["", /^b: empty: no context line$/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => parseDirectory(text, "b"),
      (e: unknown) => e instanceof DirectoryError && pattern.test(e.message),
      text,
    );
  }
});
