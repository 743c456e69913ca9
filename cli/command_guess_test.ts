import assert from "node:assert/strict";
import { looksLikeAddress, nearestCommands, unknownCommandMessage } from "./command_guess.ts";

const COMMANDS = ["codecs", "config", "encode", "decode", "url", "demo", "listen", "call"];

Deno.test("addresses, URLs and numbers are calls, as in ohphone", () => {
  for (
    const text of [
      "192.0.2.7",
      "192.0.2.7:10010",
      "peer.example",
      "peer.example.:10000",
      "localhost",
      "mybox:10000",
      "[2001:db8::7]:10010",
      "2001:db8::7",
      "::1",
      "iphone://peer.example:10000/8,0",
      "sdp:c=IN%20IP4%20192.0.2.7",
      "03-5734-3299",
      "+81 3 5734 3299",
    ]
  ) assert.ok(looksLikeAddress(text), text);
});

Deno.test("single words are not addresses", () => {
  for (const text of ["lisen", "foo", "calll", "encdoe", "-x", "peer-", "a..b"]) {
    assert.ok(!looksLikeAddress(text), text);
  }
});

Deno.test("the nearest command is suggested: typos, swaps, prefixes", () => {
  assert.deepEqual(nearestCommands("lisen", COMMANDS), ["listen"]);
  assert.deepEqual(nearestCommands("encdoe", COMMANDS)[0], "encode");
  assert.deepEqual(nearestCommands("codec", COMMANDS)[0], "codecs");
  assert.deepEqual(nearestCommands("zzz", COMMANDS), []);
  assert.match(unknownCommandMessage("lisen", COMMANDS), /did you mean "listen"\?/);
  assert.match(unknownCommandMessage("zzz", COMMANDS), /^unknown command "zzz"; commands:/);
  assert.match(unknownCommandMessage("zzz", COMMANDS), /phone call zzz/);
});
