import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { MemoryNetwork } from "./memory_network.ts";
import type { IcmpReport, ReceivedDatagram, Transport } from "../../runtime/notasip/transport.ts";

function listen(t: Transport) {
  const got: ReceivedDatagram[] = [];
  const errors: IcmpReport[] = [];
  t.onPacket((d) => got.push(d));
  t.onIcmp((e) => errors.push(e));
  return { got, errors };
}

const b = (...x: number[]) => new Uint8Array(x);

Deno.test("a datagram arrives after the latency with source and local destination address", () => {
  const net = new MemoryNetwork({ latencyMs: 10 });
  const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 5000 });
  const s = net.host("10.0.0.2", "10.0.0.3").bind({ address: "0.0.0.0", port: 10000 });
  const rx = listen(s);
  a.send(b(7), { address: "10.0.0.3", port: 10000 });
  net.runUntil(9);
  assertEquals(rx.got.length, 0);
  net.runUntil(10);
  assertEquals(rx.got, [{
    bytes: b(7),
    from: { address: "10.0.0.1", port: 5000 },
    to: { address: "10.0.0.3", port: 10000 },
  }]);
  assertEquals(net.now, 10);
});

Deno.test("binding follows Linux: in-use ports and foreign addresses are refused", () => {
  const net = new MemoryNetwork();
  const h = net.host("10.0.0.1", "10.0.0.9");
  h.bind({ address: "10.0.0.1", port: 1 });
  throws(() => h.bind({ address: "0.0.0.0", port: 1 }), /EADDRINUSE/);
  throws(() => h.bind({ address: "10.0.0.1", port: 1 }), /EADDRINUSE/);
  h.bind({ address: "10.0.0.9", port: 1 }); // another address, same port: fine
  throws(() => h.bind({ address: "10.0.0.2", port: 2 }), /EADDRNOTAVAIL/);
  throws(() => net.host("10.0.0.9"), /already exists/);
  assertEquals(h.openPorts, [1, 1]);
});

Deno.test("a closed port answers with ICMP port unreachable to the unconnected sender", () => {
  const net = new MemoryNetwork({ latencyMs: 5 });
  const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 5000 });
  net.host("10.0.0.2");
  const rx = listen(a);
  a.send(b(1), { address: "10.0.0.2", port: 10000 });
  net.runUntil(100);
  assertEquals(rx.errors, [{ kind: "port-unreachable", address: "10.0.0.2", port: 10000 }]);
  assertEquals(net.stats.icmp, 1);
});

Deno.test("a connected socket hears only its peer, and only ICMP errors about its peer", () => {
  const net = new MemoryNetwork({ latencyMs: 5 });
  const h1 = net.host("10.0.0.1"), h2 = net.host("10.0.0.2");
  const a = h1.bind({ address: "0.0.0.0", port: 5000 });
  const rx = listen(a);
  const peer = h2.bind({ address: "0.0.0.0", port: 6000 });
  const other = h2.bind({ address: "0.0.0.0", port: 6001 });
  a.send(b(1), { address: "10.0.0.2", port: 7000 }); // will be refused (no socket)
  a.connect({ address: "10.0.0.2", port: 6000 });
  other.send(b(2), { address: "10.0.0.1", port: 5000 }); // filtered: not the peer
  peer.send(b(3), { address: "10.0.0.1", port: 5000 });
  net.runUntil(100);
  assertEquals(rx.got.map((d) => d.bytes[0]), [3]);
  assertEquals(rx.errors, []); // the refusal concerned port 7000, not the peer
  peer.close();
  a.send(b(4));
  net.runUntil(200);
  assertEquals(rx.errors, [{ kind: "port-unreachable", address: "10.0.0.2", port: 6000 }]);
});

Deno.test("datagrams to a connected socket from others get port unreachable when nothing else matches", () => {
  const net = new MemoryNetwork({ latencyMs: 1 });
  const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 5000 });
  a.connect({ address: "10.0.0.3", port: 1 });
  const x = net.host("10.0.0.2").bind({ address: "0.0.0.0", port: 9 });
  const rx = listen(x);
  x.send(b(1), { address: "10.0.0.1", port: 5000 });
  net.runUntil(10);
  assertEquals(rx.errors.map((e) => e.kind), ["port-unreachable"]);
});

Deno.test("a closed sender gets no ICMP; closed sockets refuse to send", () => {
  const net = new MemoryNetwork({ latencyMs: 5 });
  const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 5000 });
  net.host("10.0.0.2");
  let errors = 0;
  a.onIcmp(() => errors++);
  a.send(b(1), { address: "10.0.0.2", port: 1 });
  a.close();
  a.close();
  net.runUntil(100);
  assertEquals(errors, 0);
  throws(() => a.send(b(1), { address: "10.0.0.2", port: 1 }), /EBADF/);
  throws(
    () => net.host("10.0.0.3").bind({ address: "0.0.0.0", port: 1 }).send(b(1)),
    /EDESTADDRREQ/,
  );
});

Deno.test("unknown hosts: silence, or a router's host unreachable", () => {
  const net = new MemoryNetwork({ latencyMs: 5 });
  const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 5000 });
  const rx = listen(a);
  a.send(b(1), { address: "10.9.9.9", port: 1 });
  net.routerError("10.8.8.8", "host-unreachable");
  a.send(b(1), { address: "10.8.8.8", port: 1 });
  net.runUntil(100);
  assertEquals(rx.errors, [{ kind: "host-unreachable", address: "10.8.8.8", port: 1 }]);
  assertEquals(net.stats.vanished, 1);
});

Deno.test("a removed host goes silent and its sockets close", () => {
  const net = new MemoryNetwork({ latencyMs: 5 });
  const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 5000 });
  const h = net.host("10.0.0.2");
  const s = h.bind({ address: "0.0.0.0", port: 10000 });
  const rx = listen(a);
  net.removeHost("10.0.0.2");
  a.send(b(1), { address: "10.0.0.2", port: 10000 });
  net.runUntil(100);
  assertEquals([rx.errors.length, h.openPorts.length, (s as { isOpen?: boolean }).isOpen], [
    0,
    0,
    false,
  ]);
});

Deno.test("loss and per-packet latency (reordering) are the caller's to choose; trace records deliveries", () => {
  let n = 0;
  const net = new MemoryNetwork({
    drop: (p) => p.kind === "datagram" && p.bytes[0] === 2,
    latencyMs: () => [30, 10, 20][n++ % 3],
    trace: true,
  });
  const a = net.host("10.0.0.1").bind({ address: "0.0.0.0", port: 5000 });
  const s = net.host("10.0.0.2").bind({ address: "0.0.0.0", port: 10000 });
  const rx = listen(s);
  for (const x of [1, 2, 3, 4]) a.send(b(x), { address: "10.0.0.2", port: 10000 });
  net.runUntil(100);
  // 1 at 30 ms, 2 dropped, 3 at 10 ms, 4 at 20 ms
  assertEquals(rx.got.map((d) => d.bytes[0]), [3, 4, 1]);
  assertEquals(net.trace.map((d) => d.at), [10, 20, 30]);
  assertEquals([net.stats.sent, net.stats.dropped, net.stats.delivered], [4, 1, 3]);
});
