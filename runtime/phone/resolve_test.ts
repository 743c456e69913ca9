import assert from "node:assert/strict";
import { CallTargetError, ResolveError, resolveHost } from "./resolve.ts";

Deno.test("literals are used as they are; localhost resolves per family", async () => {
  assert.equal(await resolveHost("2001:db8::1", "ipv6"), "2001:db8::1");
  assert.equal(await resolveHost("192.0.2.7", "ipv4"), "192.0.2.7");
  assert.equal(await resolveHost("localhost", "name", "4"), "127.0.0.1");
});

Deno.test("an unknown name is a ResolveError naming the host", async () => {
  await assert.rejects(
    () => resolveHost("no-such-host.invalid", "name"),
    (e: unknown) => e instanceof ResolveError && /"no-such-host\.invalid"/.test(e.message),
  );
});

Deno.test("addresses that name no single host are refused, literal or resolved", async () => {
  for (
    const [host, type, why] of [
      ["0.0.0.0", "ipv4", /unspecified/],
      ["::", "ipv6", /unspecified/],
      ["224.0.0.1", "ipv4", /multicast/],
      ["ff02::1", "ipv6", /multicast/],
      ["255.255.255.255", "ipv4", /broadcast/],
    ] as const
  ) {
    await assert.rejects(
      () => resolveHost(host, type),
      (e: unknown) => e instanceof CallTargetError && why.test(e.message) && e.address === host,
    );
  }
});
