import assert from "node:assert/strict";
import { codecTable, wireCost } from "./codecs.ts";
import { findCodec } from "../../runtime/codecs/mod.ts";

Deno.test("G.711 at 20 ms costs 80 kbit/s over IPv4 and 88 kbit/s over IPv6", () => {
  const cost = wireCost(findCodec("pcmu"), 20);
  assert.equal(cost.payload, 160);
  assert.equal(cost.ipv4, 80000);
  assert.equal(cost.ipv6, 88000);
});

Deno.test("longer packets cost less header: G.711 at 40 ms is 72 kbit/s over IPv4", () => {
  assert.equal(wireCost(findCodec("pcma"), 40).ipv4, 72000);
});

Deno.test("the table has a row per codec", () => {
  const lines = codecTable();
  assert.match(lines[0], /^codec\s+rtp\s+pt/);
  assert.ok(lines.some((l) => /^pcmu\s+PCMU\s+0\s+sample\s+64000/.test(l)));
});

Deno.test("the table shows the packetization a call would use, in whole codec frames", () => {
  const lines = codecTable(20);
  assert.ok(
    lines.some((l) => /^g723\s+G723\s+4\s+30 ms\s+6300\s+30 ms\s+24 B/.test(l)),
    lines.join("\n"),
  );
  assert.ok(lines.some((l) => /^lpc10\s+LPC10\s+dyn\s+22\.5 ms\s+2400\s+90 ms\s+28 B/.test(l)));
});
