import assert from "node:assert/strict";
import { Directory } from "../whitepages/directory.ts";
import { whitePagesHandler } from "../whitepages/server.ts";
import { LookupError } from "../whitepages/client.ts";
import { checkEntry, PhoneBook } from "./phone_book.ts";
import { resolveDialed, UnknownNumberError } from "./resolve_dialed.ts";

const tokyo = { country: "81", area: "3", trunkPrefix: "0", internationalPrefix: "010" };
const book = new PhoneBook([
  { name: "Office", number: "03-5734-3299", quick: "1", url: "iphone://office.example/0" },
  { name: "Home", number: "", quick: "42", url: "iphone://home.example/8" },
], tokyo);

Deno.test("resolve: address, quick dial, own book in the local context", async () => {
  assert.equal(
    await resolveDialed({ kind: "address", address: "192.0.2.7" }, { book }),
    "iphone://192.0.2.7:10000",
  );
  assert.equal(
    await resolveDialed({ kind: "quick", key: "42" }, { book }),
    "iphone://home.example/8",
  );
  assert.equal(
    await resolveDialed({ kind: "number", number: "57343299" }, { book }),
    "iphone://office.example/0",
  );
  await assert.rejects(resolveDialed({ kind: "quick", key: "7" }, { book }), UnknownNumberError);
  await assert.rejects(
    resolveDialed({ kind: "number", number: "0312345678" }, { book }),
    /no white pages/,
  );
});

Deno.test("resolve: numbers not in the book go to the white pages as international numbers", async () => {
  // The query carries digits, * and # only (draft-fujikawa-iptel-directory): the phone
  // writes the number internationally with its context's prefix, which the white pages of
  // its own numbering area read the same way.
  const remote = new Directory({
    country: "81",
    area: "6",
    trunkPrefix: "0",
    internationalPrefix: "010",
  });
  remote.addNumber("+81-3-1234-5678", "iphone://friend.example/0");
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    whitePagesHandler(remote),
  );
  try {
    const whitePages = `http://127.0.0.1:${server.addr.port}/`;
    assert.equal(
      await resolveDialed({ kind: "number", number: "0312345678" }, { book, whitePages }),
      "iphone://friend.example/0",
    );
    await assert.rejects(
      resolveDialed({ kind: "number", number: "0399999999" }, { book, whitePages }),
      (e) => e instanceof LookupError && e.status === 404,
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("phone book entries are checked field by field", () => {
  assert.deepEqual(
    checkEntry({ name: "x", number: "12a", quick: "123", url: "http://x" }, tokyo).map((p) =>
      p.field
    ),
    ["quick", "number", "url"],
  );
  assert.deepEqual(checkEntry({ name: "x", number: "", quick: "7", url: "iphone://h" }, tokyo), []);
});
