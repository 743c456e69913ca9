import assert from "node:assert/strict";
import {
  classifyExtendedError,
  deliveryErrorFromErrno,
  icmp6Kind,
  icmpKind,
  isAsynchronousErrno,
  kindOfErrno,
} from "./delivery_error.ts";

const dest = { family: "ipv4", address: "10.0.0.2", port: 10000, scopeId: 0, flowInfo: 0 } as const;

Deno.test("ICMPv4 destination-unreachable codes map to the four named kinds", () => {
  assert.equal(icmpKind(3, 3), "port-unreachable");
  assert.equal(icmpKind(3, 2), "protocol-unreachable");
  assert.equal(icmpKind(3, 1), "host-unreachable");
  assert.equal(icmpKind(3, 7), "host-unreachable");
  assert.equal(icmpKind(3, 0), "net-unreachable");
  assert.equal(icmpKind(3, 6), "net-unreachable");
  assert.equal(icmpKind(3, 4), "other", "fragmentation needed");
  assert.equal(icmpKind(3, 13), "other", "administratively prohibited");
  assert.equal(icmpKind(11, 0), "other", "time exceeded");
});

Deno.test("ICMPv6 codes map to the named kinds", () => {
  assert.equal(icmp6Kind(1, 4), "port-unreachable");
  assert.equal(icmp6Kind(1, 3), "host-unreachable");
  assert.equal(icmp6Kind(1, 0), "net-unreachable");
  assert.equal(icmp6Kind(4, 1), "protocol-unreachable");
  assert.equal(icmp6Kind(1, 1), "other");
  assert.equal(icmp6Kind(2, 0), "other", "packet too big");
  assert.equal(icmp6Kind(3, 0), "other", "time exceeded");
});

Deno.test("classifyExtendedError keeps the destination, reporter and raw fields", () => {
  const reporter = { ...dest, address: "10.0.0.254", port: 0 };
  const e = classifyExtendedError(
    { errno: 113, origin: 2, type: 3, code: 1, info: 0, offender: reporter },
    dest,
  );
  assert.equal(e.type, "delivery-error");
  assert.equal(e.kind, "host-unreachable");
  assert.equal(e.origin, "icmp");
  assert.equal(e.destination, dest);
  assert.equal(e.reporter, reporter);
  assert.equal(e.errnoName, "EHOSTUNREACH");
  assert.deepEqual([e.icmpType, e.icmpCode], [3, 1]);
  const local = classifyExtendedError(
    { errno: 90, origin: 1, type: 0, code: 0, info: 1280, offender: null },
    dest,
  );
  assert.equal(local.kind, "other");
  assert.equal(local.origin, "local");
  assert.equal(local.info, 1280);
  assert.deepEqual([local.icmpType, local.icmpCode], [-1, -1]);
  const v6 = classifyExtendedError(
    { errno: 111, origin: 3, type: 1, code: 4, info: 0, offender: null },
    null,
  );
  assert.equal(v6.kind, "port-unreachable");
  assert.equal(v6.origin, "icmp6");
});

Deno.test("errno-only reports", () => {
  assert.equal(kindOfErrno(111), "port-unreachable");
  assert.equal(kindOfErrno(92), "protocol-unreachable");
  assert.equal(kindOfErrno(113), "host-unreachable");
  assert.equal(kindOfErrno(101), "net-unreachable");
  assert.equal(kindOfErrno(5), "other");
  assert.ok(isAsynchronousErrno(111) && isAsynchronousErrno(113) && isAsynchronousErrno(101));
  assert.ok(!isAsynchronousErrno(11) && !isAsynchronousErrno(90) && !isAsynchronousErrno(22));
  const e = deliveryErrorFromErrno(111, dest);
  assert.equal(e.origin, "errno");
  assert.equal(e.kind, "port-unreachable");
  assert.equal(e.destination, dest);
});
