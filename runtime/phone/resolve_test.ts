import assert from "node:assert/strict";
import { ResolveError, resolveHost } from "./resolve.ts";

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
