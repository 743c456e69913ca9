import assert from "node:assert/strict";
import { hostUrl, looksLikeNumber, resolveTarget, TargetError } from "./target.ts";
import { UsageError } from "./errors.ts";
import { parseDirectory, whitePagesHandler } from "../runtime/whitepages/mod.ts";

const formats = ["0", "8"];

Deno.test("hosts become session URLs with our formats, IPv6 bracketed", () => {
  assert.equal(hostUrl("peer.example", formats), "iphone://peer.example/0,8");
  assert.equal(hostUrl("peer.example:10010", formats), "iphone://peer.example:10010/0,8");
  assert.equal(hostUrl("2001:db8::5", formats), "iphone://[2001:db8::5]/0,8");
  assert.equal(hostUrl("[::1]:10010", formats), "iphone://[::1]:10010/0,8");
});

Deno.test("numbers are told apart from hosts", () => {
  assert.ok(looksLikeNumber("03-5734-3299"));
  assert.ok(looksLikeNumber("+81 3 5734 3299"));
  assert.ok(looksLikeNumber("*100#"));
  assert.ok(!looksLikeNumber("192.0.2.1"));
  assert.ok(!looksLikeNumber("192.0.2.1:10000"));
  assert.ok(!looksLikeNumber("peer.example"));
});

Deno.test("URLs, hosts and numbers resolve; the kind is reported", async () => {
  const url = await resolveTarget("iphone://[::1]:10010/8", { formats });
  assert.deepEqual([url.kind, url.url.port], ["url", 10010]);
  const host = await resolveTarget("127.0.0.1:10020", { formats });
  assert.deepEqual([host.kind, host.text], ["host", "iphone://127.0.0.1:10020/0,8"]);
  const book = parseDirectory(
    "context country=81 area=3 trunk=0 international=010\n3299 iphone://h.example/0\n",
    "b",
  );
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    whitePagesHandler(book),
  );
  try {
    const number = await resolveTarget("3299", {
      formats,
      whitepages: `http://127.0.0.1:${server.addr.port}/`,
    });
    assert.deepEqual([number.kind, number.text], ["number", "iphone://h.example/0"]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("bad targets are usage errors that point at the problem", async () => {
  await assert.rejects(() => resolveTarget("3299", { formats }), /no white pages server is set/);
  await assert.rejects(
    () => resolveTarget("iphone://host:99999/0", { formats }),
    (e: unknown) => e instanceof UsageError && /port/.test(e.message) && /\^/.test(e.message),
  );
});

Deno.test("targets that name no single host, or bad literals, are refused pointing at the bad part", async () => {
  const formats = ["0"];
  const cases: [string, RegExp][] = [
    ["iphone://0.0.0.0/0", /cannot call 0\.0\.0\.0: the unspecified address[^]*\n {11}\^$/],
    ["iphone://[::]:10000/0", /cannot call ::: the unspecified address[^]*\n {12}\^$/],
    ["iphone://224.0.0.1/0", /multicast[^]*\n {11}\^$/],
    ["iphone://[ff02::1]/0", /multicast/],
    ["iphone://255.255.255.255/0", /broadcast/],
    ["iphone://[::ffff:N92.0.2.1]/0", /bad IPv4 part in IPv6 address at 17[^]*\n {19}\^$/],
    ["[::]", /unspecified/],
    ["239.1.2.3:10000", /multicast/],
  ];
  for (const [target, why] of cases) {
    await assert.rejects(
      () => resolveTarget(target, { formats }),
      (e: unknown) => e instanceof TargetError && why.test(e.message),
      target,
    );
  }
});
