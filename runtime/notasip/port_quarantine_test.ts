import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import assert from "node:assert/strict";
import { PORT_HOLD_MS, PortQuarantine } from "./port_quarantine.ts";
import { seededRandom } from "../../harness/notasip/seeded_random.ts";

Deno.test("PORT_HOLD_MS is 256 + 30 seconds", () => {
  assertEquals(PORT_HOLD_MS, 286_000);
});

Deno.test("allocate hands out ports in range and never one in use", () => {
  const ports = new PortQuarantine({ min: 50000, max: 50009 });
  const random = seededRandom(1);
  const got = new Set<number>();
  for (let i = 0; i < 10; i++) got.add(ports.allocate(0, random));
  assertEquals(got.size, 10);
  for (const p of got) assertEquals(p >= 50000 && p <= 50009, true);
  throws(() => ports.allocate(0, random), /no free port in 50000\.\.50009/);
});

Deno.test("a released port is quarantined for exactly holdMs", () => {
  const ports = new PortQuarantine({ min: 50000, max: 50000 });
  const p = ports.allocate(0, () => 0);
  assertEquals(p, 50000);
  ports.release(p, 1_000);
  assertEquals(ports.isAvailable(p, 1_000 + PORT_HOLD_MS - 1), false);
  assertEquals(ports.quarantinedUntil(p, 2_000), 1_000 + PORT_HOLD_MS);
  throws(() => ports.allocate(1_000 + PORT_HOLD_MS - 1, () => 0), /no free port/);
  assertEquals(ports.allocate(1_000 + PORT_HOLD_MS, () => 0), 50000);
  assertEquals(ports.quarantinedUntil(p, 2_000), undefined); // in use, not quarantined
});

Deno.test("allocate skips quarantined ports even when random keeps pointing at them", () => {
  // 50002 is the only port out of quarantine
  const q = new PortQuarantine({ min: 50000, max: 50003, holdMs: 100 });
  q.release(50000, 0);
  q.release(50001, 0);
  q.release(50003, 0);
  assertEquals(q.allocate(50, () => 0), 50002); // random says 50000; the scan finds 50002
});

Deno.test("reserve keeps a port (the well-known one) out of allocation", () => {
  const ports = new PortQuarantine({ min: 10000, max: 10001 });
  ports.reserve(10000);
  assertEquals(ports.allocate(0, () => 0), 10001);
  assertEquals(ports.isAvailable(10000, 1e12), false);
});

Deno.test("random() returning 1 (out of contract) still stays in range", () => {
  const ports = new PortQuarantine({ min: 60000, max: 60001 });
  assertEquals(ports.allocate(0, () => 1), 60001);
});

Deno.test("bad ranges are rejected with a clear message", () => {
  throws(() => new PortQuarantine({ min: 0 }), /PortQuarantine min: port must be/);
  throws(() => new PortQuarantine({ min: 6000, max: 5000 }), /min 6000 > max 5000/);
  throws(() => new PortQuarantine({ holdMs: -1 }), /holdMs must be >= 0/);
});

Deno.test("pairs: an even port and its successor, taken and released together", () => {
  const ports = new PortQuarantine({ min: 50001, max: 50006, pairs: true, holdMs: 1000 });
  const seen = new Set<number>();
  for (let i = 0; i < 2; i++) {
    const p = ports.allocate(0, Math.random);
    assert.equal(p % 2, 0, `${p} is even`);
    assert.ok(p >= 50002 && p + 1 <= 50006, `${p} and ${p + 1} in range`);
    assert.ok(!ports.isAvailable(p + 1, 0), "the RTCP port is taken too");
    seen.add(p);
  }
  assert.equal(seen.size, 2);
  assert.throws(() => ports.allocate(0, Math.random), /no free port/); // 50006 has no successor
  const [a] = seen;
  ports.release(a, 10);
  assert.ok(!ports.isAvailable(a + 1, 500), "quarantined with its RTP port");
  assert.ok(ports.isAvailable(a + 1, 1010));
  assert.equal(ports.allocate(1010, Math.random), a);
});

Deno.test("pairs: an odd port in use blocks its pair", () => {
  const ports = new PortQuarantine({ min: 50000, max: 50003, pairs: true });
  ports.reserve(50001);
  assert.equal(ports.allocate(0, () => 0), 50002);
});
