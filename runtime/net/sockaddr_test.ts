import assert from "node:assert/strict";
import {
  checkPort,
  decodeSockaddr,
  encodeSockaddr,
  formatSocketAddress,
  sameSocketAddress,
} from "./sockaddr.ts";

Deno.test("encodeSockaddr lays out sockaddr_in: family LE, port BE, address", () => {
  const raw = encodeSockaddr({ address: "192.0.2.7", port: 0x1234 });
  assert.deepEqual([...raw], [2, 0, 0x12, 0x34, 192, 0, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0]);
});

Deno.test("encodeSockaddr lays out sockaddr_in6 with scope id at 24", () => {
  const raw = encodeSockaddr({ address: "fe80::1%5", port: 10000 });
  assert.equal(raw.length, 28);
  assert.deepEqual([...raw.subarray(0, 8)], [10, 0, 0x27, 0x10, 0, 0, 0, 0]);
  assert.deepEqual([...raw.subarray(8, 10)], [0xfe, 0x80]);
  assert.equal(raw[23], 1);
  assert.deepEqual([...raw.subarray(24)], [5, 0, 0, 0]);
  const explicit = encodeSockaddr({ address: "fe80::1%5", port: 1, scopeId: 9 });
  assert.equal(explicit[24], 9, "scopeId overrides the %zone");
});

Deno.test("decodeSockaddr inverts encodeSockaddr and canonicalises text", () => {
  for (const address of ["127.0.0.1", "::1", "2001:db8::5", "::ffff:10.0.0.1"]) {
    const back = decodeSockaddr(encodeSockaddr({ address, port: 65535 }));
    assert.equal(back?.address, address);
    assert.equal(back?.port, 65535);
  }
  assert.equal(
    decodeSockaddr(encodeSockaddr({ address: "2001:DB8:0::5", port: 1 }))?.address,
    "2001:db8::5",
  );
  const v6 = encodeSockaddr({ address: "::1", port: 1 });
  v6.set([0x00, 0x0a, 0xbc, 0xde], 4); // flow label
  assert.equal(decodeSockaddr(v6)?.flowInfo, 0x000abcde);
});

Deno.test("decodeSockaddr: AF_UNSPEC and short names give null; unknown families throw", () => {
  assert.equal(decodeSockaddr(new Uint8Array(16)), null);
  assert.equal(decodeSockaddr(new Uint8Array(1), 1), null);
  assert.throws(() => decodeSockaddr(new Uint8Array([1, 0, 0, 0])), /family 1 with length 4/);
  const truncated = encodeSockaddr({ address: "::1", port: 1 });
  assert.throws(() => decodeSockaddr(truncated, 20), /family 10 with length 20/);
});

Deno.test("encodeSockaddr and checkPort reject bad input", () => {
  assert.throws(() => encodeSockaddr({ address: "::1", port: 65536 }), /port 65536/);
  assert.throws(() => encodeSockaddr({ address: "::1", port: NaN }), /port NaN/);
  assert.throws(() => encodeSockaddr(null as never), /expected \{ address, port \}, got null/);
  assert.throws(() => encodeSockaddr({ address: "1.2.3", port: 1 }), /dotted quad/);
  assert.throws(() => checkPort("80", "connect"), /connect: port 80 is not an integer/);
  assert.equal(checkPort(0, "bind"), 0);
});

Deno.test("formatSocketAddress and sameSocketAddress", () => {
  assert.equal(formatSocketAddress({ address: "10.0.0.1", port: 5 }), "10.0.0.1:5");
  assert.equal(formatSocketAddress({ address: "::1", port: 5 }), "[::1]:5");
  assert.equal(formatSocketAddress({ address: "fe80::1", port: 5, scopeId: 2 }), "[fe80::1%2]:5");
  assert.ok(sameSocketAddress({ address: "::1", port: 5 }, { address: "0:0::1", port: 5 }));
  assert.ok(!sameSocketAddress({ address: "::1", port: 5 }, { address: "::1", port: 6 }));
  assert.ok(!sameSocketAddress({ address: "::1", port: 5 }, { address: "127.0.0.1", port: 5 }));
});
