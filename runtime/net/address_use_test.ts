import assert from "node:assert/strict";
import { notUnicastReason } from "./address_use.ts";

Deno.test("unicast addresses of both families can be called", () => {
  for (
    const a of [
      "192.0.2.7",
      "127.0.0.1",
      "10.255.255.255",
      "2001:db8::7",
      "::1",
      "::ffff:192.0.2.1",
    ]
  ) {
    assert.equal(notUnicastReason(a), undefined, a);
  }
});

Deno.test("unspecified, multicast and broadcast addresses are refused with the reason", () => {
  const cases: [string, RegExp][] = [
    ["0.0.0.0", /unspecified/],
    ["::", /unspecified/],
    ["::ffff:0.0.0.0", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["239.255.255.250", /multicast/],
    ["ff02::1", /multicast/],
    ["::ffff:224.1.2.3", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["0.1.2.3", /this network/],
  ];
  for (const [a, why] of cases) assert.match(notUnicastReason(a) ?? "", why, a);
});

Deno.test("text that is no address at all throws", () => {
  assert.throws(() => notUnicastReason("::ffff:N92.0.2.1"));
  assert.throws(() => notUnicastReason("1.2.3"));
});
