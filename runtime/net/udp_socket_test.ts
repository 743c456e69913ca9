import assert from "node:assert/strict";
import { openFdTargets } from "../../harness/hosts/fd_count.ts";
import { runIsolated } from "../../harness/hosts/isolated.ts";
import type { DeliveryError } from "./delivery_error.ts";
import {
  F_GETFD,
  F_GETFL,
  FD_CLOEXEC,
  IP_RECVERR,
  IPPROTO_IP,
  O_NONBLOCK,
  SO_DOMAIN,
  SO_TYPE,
  SOCK_DGRAM,
  SOL_SOCKET,
} from "../sys/linux_abi.ts";
import { libc } from "../sys/libc.ts";
import { NetError } from "./net_error.ts";
import type { SocketAddress } from "./sockaddr.ts";
import { type Datagram, EXPEDITED_FORWARDING, type SocketEvent, UdpSocket } from "./udp_socket.ts";

const LOOPBACKS = [
  { family: "ipv4", address: "127.0.0.1" },
  { family: "ipv6", address: "::1" },
] as const;

const bytes = (...values: number[]) => new Uint8Array(values);

/** The next event, or a clear failure after `ms`. */
async function nextEvent(socket: UdpSocket, ms = 2000): Promise<SocketEvent> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([socket.receive(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function nextDatagram(socket: UdpSocket): Promise<Datagram> {
  const event = await nextEvent(socket);
  assert.equal(event.type, "datagram", `expected a datagram, got ${JSON.stringify(event)}`);
  return event as Datagram;
}

async function nextDeliveryError(socket: UdpSocket): Promise<DeliveryError> {
  const event = await nextEvent(socket);
  assert.equal(event.type, "delivery-error", `expected an error, got ${JSON.stringify(event)}`);
  return event as DeliveryError;
}

/** A port on `address` that nothing listens on (bound, then closed). */
async function closedPort(address: string): Promise<SocketAddress> {
  const s = UdpSocket.bind({ address });
  const addr = s.localAddress;
  s.close();
  await s.closed;
  return addr;
}

for (const { family, address } of LOOPBACKS) {
  Deno.test(`UdpSocket ${family}: send and receive with source, destination and TOS`, async () => {
    await using a = UdpSocket.bind({ address });
    await using b = UdpSocket.bind({ address });
    assert.equal(a.family, family);
    assert.notEqual(a.localAddress.port, 0, "port 0 was replaced by a kernel-chosen port");
    assert.equal(a.sendTo(bytes(1, 2, 3), b.localAddress), 3);
    const d = await nextDatagram(b);
    assert.deepEqual([...d.data], [1, 2, 3]);
    assert.equal(d.source.address, address);
    assert.equal(d.source.port, a.localAddress.port);
    assert.equal(d.destination?.address, address);
    assert.equal(d.destination?.port, b.localAddress.port);
    assert.equal(d.trafficClass, EXPEDITED_FORWARDING, "the receiver saw TOS 0xB8 on the wire");
    assert.ok(d.interfaceIndex > 0);
    assert.equal(a.stats.datagramsSent, 1);
    assert.equal(b.stats.datagramsReceived, 1);
    assert.equal(b.stats.bytesReceived, 3);
  });

  Deno.test(`UdpSocket ${family}: a closed port yields port-unreachable with the address`, async () => {
    await using a = UdpSocket.bind({ address });
    const dead = await closedPort(address);
    a.sendTo(bytes(7), dead);
    const e = await nextDeliveryError(a);
    assert.equal(e.kind, "port-unreachable");
    assert.equal(e.origin, family === "ipv4" ? "icmp" : "icmp6");
    assert.deepEqual([e.icmpType, e.icmpCode], family === "ipv4" ? [3, 3] : [1, 4]);
    assert.equal(e.errnoName, "ECONNREFUSED");
    assert.equal(e.destination?.address, address);
    assert.equal(e.destination?.port, dead.port);
    assert.equal(e.reporter?.address, address);
    assert.equal(a.stats.deliveryErrors, 1);
  });

  Deno.test(`UdpSocket ${family}: connected send surfaces ECONNREFUSED as port-unreachable`, async () => {
    await using a = UdpSocket.bind({ address });
    const dead = await closedPort(address);
    a.connect(dead);
    assert.equal(a.remoteAddress?.port, dead.port);
    assert.equal(a.send(bytes(1)), 1);
    // Nothing reads the error queue yet (no consumer), so the kernel's pending error makes
    // the next send fail; the socket reads the queue, reports it and sends again.
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(a.send(bytes(2)), 1, "the second datagram was sent on the retry");
    const e = await nextDeliveryError(a);
    assert.equal(e.kind, "port-unreachable");
    assert.equal(e.destination?.port, dead.port);
  });

  Deno.test(`UdpSocket ${family}: ECONNREFUSED without queued detail is still reported`, async () => {
    await using a = UdpSocket.bind({ address });
    const dead = await closedPort(address);
    // Without IP_RECVERR the kernel keeps only the errno of a connected socket.
    a.setOption(family === "ipv4" ? IPPROTO_IP : 41, family === "ipv4" ? IP_RECVERR : 25, 0);
    a.connect(dead);
    a.send(bytes(1));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(a.send(bytes(2)), 0, "the datagram meeting the error is not sent");
    const e = await nextDeliveryError(a);
    assert.equal(e.kind, "port-unreachable");
    assert.equal(e.origin, "errno");
    assert.equal(e.destination?.port, dead.port, "the connected peer is the destination");
  });

  Deno.test(`UdpSocket ${family}: traffic class defaults to 0xB8 and can be changed`, async () => {
    await using a = UdpSocket.bind({ address });
    assert.equal(a.trafficClass, 0xb8);
    a.trafficClass = 0x28;
    assert.equal(a.trafficClass, 0x28);
    await using b = UdpSocket.bind({ address, trafficClass: 0x88 });
    assert.equal(b.trafficClass, 0x88);
    b.sendTo(bytes(1), a.localAddress);
    assert.equal((await nextDatagram(a)).trafficClass, 0x88);
    assert.throws(() => a.trafficClass = 256, /traffic class 256 is not an integer 0..255/);
  });

  Deno.test(`UdpSocket ${family}: disconnect keeps the kernel-chosen port`, async () => {
    await using a = UdpSocket.bind({ address });
    await using b = UdpSocket.bind({ address });
    const port = a.localAddress.port;
    a.connect(b.localAddress);
    a.disconnect();
    assert.equal(a.remoteAddress, null);
    assert.equal(a.localAddress.port, port);
    assert.throws(() => a.send(bytes(1)), /not connected/);
    a.sendTo(bytes(5), b.localAddress);
    assert.equal((await nextDatagram(b)).source.port, port);
  });

  Deno.test(`UdpSocket ${family}: a connected socket only hears its peer`, async () => {
    await using a = UdpSocket.bind({ address });
    await using peer = UdpSocket.bind({ address });
    await using stranger = UdpSocket.bind({ address });
    a.connect(peer.localAddress);
    stranger.sendTo(bytes(9), a.localAddress);
    peer.sendTo(bytes(1), a.localAddress);
    const d = await nextDatagram(a);
    assert.deepEqual([...d.data], [1]);
    assert.equal(d.source.port, peer.localAddress.port);
  });
}

Deno.test("UdpSocket: packet info reports the dialed local address (bound to any)", async () => {
  await using callee = UdpSocket.bind({ address: "0.0.0.0" });
  await using caller = UdpSocket.bind({ address: "127.0.0.1" });
  for (const dialed of ["127.0.0.1", "127.0.0.2", "127.1.2.3"]) {
    caller.sendTo(bytes(1), { address: dialed, port: callee.localAddress.port });
    const d = await nextDatagram(callee);
    assert.equal(d.destination?.address, dialed);
    // The NOTASIP callee answers from the dialed address, on a new port.
    await using answer = UdpSocket.bind({ address: d.destination!.address });
    answer.connect(d.source);
    answer.send(bytes(2));
    const reply = await nextDatagram(caller);
    assert.equal(reply.source.address, dialed);
    assert.equal(reply.source.port, answer.localAddress.port);
  }
});

Deno.test("UdpSocket ipv6: packet info on a socket bound to ::", async () => {
  await using callee = UdpSocket.bind({ address: "::" });
  await using caller = UdpSocket.bind({ address: "::1" });
  caller.sendTo(bytes(1), { address: "::1", port: callee.localAddress.port });
  const d = await nextDatagram(callee);
  assert.equal(d.destination?.address, "::1");
  assert.equal(d.destination?.family, "ipv6");
});

Deno.test("UdpSocket: dual-stack socket reaches IPv4 through mapped addresses", async () => {
  await using dual = UdpSocket.bind({ address: "::", v6Only: false });
  await using v4 = UdpSocket.bind({ address: "127.0.0.1" });
  v4.sendTo(bytes(4), { address: "127.0.0.1", port: dual.localAddress.port });
  const d = await nextDatagram(dual);
  assert.equal(d.source.address, "::ffff:127.0.0.1");
  assert.equal(d.destination?.address, "::ffff:127.0.0.1");
  dual.sendTo(bytes(6), v4.localAddress); // plain IPv4 address accepted and mapped
  assert.deepEqual([...(await nextDatagram(v4)).data], [6]);
});

Deno.test("UdpSocket: sockets are non-blocking, close-on-exec UDP sockets", () => {
  using a = UdpSocket.bind({ family: "ipv6" });
  assert.ok(libc().fcntl(a.fd, F_GETFL, 0) & O_NONBLOCK);
  assert.ok(libc().fcntl(a.fd, F_GETFD, 0) & FD_CLOEXEC);
  assert.equal(a.getOption(SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
  assert.equal(a.getOption(SOL_SOCKET, SO_DOMAIN), 10);
});

Deno.test("UdpSocket: listen handler gets events in order; a throwing handler is counted", async () => {
  await using a = UdpSocket.bind({ address: "127.0.0.1" });
  await using b = UdpSocket.bind({ address: "127.0.0.1" });
  const seen: number[] = [];
  const done = Promise.withResolvers<void>();
  const originalError = console.error;
  console.error = () => {};
  try {
    b.listen((e) => {
      if (e.type !== "datagram") return;
      seen.push(e.data[0]);
      if (e.data[0] === 2) throw new Error("handler bug");
      if (seen.length === 5) done.resolve();
    });
    for (let i = 0; i < 5; i++) a.sendTo(bytes(i), b.localAddress);
    await done.promise;
  } finally {
    console.error = originalError;
  }
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  assert.equal(b.stats.handlerErrors, 1);
  assert.throws(() => b.listen(() => {}), /already has a handler/);
  await assert.rejects(() => b.receive(), /listen\(\) handler takes the events/);
});

Deno.test("UdpSocket: async iteration ends when the socket closes", async () => {
  const a = UdpSocket.bind({ address: "::1" });
  await using b = UdpSocket.bind({ address: "::1" });
  b.sendTo(bytes(1), a.localAddress);
  b.sendTo(bytes(2), a.localAddress);
  const got: number[] = [];
  for await (const e of a) {
    if (e.type === "datagram") got.push(e.data[0]);
    if (got.length === 2) a.close();
  }
  assert.deepEqual(got, [1, 2]);
  await a.closed;
  await assert.rejects(() => a.receive(), /socket is closed/);
});

Deno.test("UdpSocket: a pending receive is rejected by close", async () => {
  const a = UdpSocket.bind({ address: "127.0.0.1" });
  const pending = a.receive();
  a.close();
  await assert.rejects(pending, /socket was closed/);
  await a.closed;
});

Deno.test("UdpSocket: the timer readiness strategy delivers too", async () => {
  await using a = UdpSocket.bind({ address: "127.0.0.1", readiness: "timer", timerIntervalMs: 2 });
  await using b = UdpSocket.bind({ address: "127.0.0.1" });
  b.sendTo(bytes(42), a.localAddress);
  assert.deepEqual([...(await nextDatagram(a)).data], [42]);
  const dead = await closedPort("127.0.0.1");
  a.sendTo(bytes(1), dead);
  assert.equal((await nextDeliveryError(a)).kind, "port-unreachable");
});

Deno.test("UdpSocket: a slow consumer loses the oldest events, counted", async () => {
  await using a = UdpSocket.bind({ address: "127.0.0.1", queueLimit: 2 });
  await using b = UdpSocket.bind({ address: "127.0.0.1" });
  const first = a.receive(); // starts the watcher; takes one event
  for (let i = 0; i < 6; i++) b.sendTo(bytes(i), a.localAddress);
  assert.equal(((await first) as Datagram).data[0], 0);
  await new Promise((r) => setTimeout(r, 50));
  const rest = [(await nextDatagram(a)).data[0], (await nextDatagram(a)).data[0]];
  assert.deepEqual(rest, [4, 5]);
  assert.equal(a.stats.queueDropped, 3);
});

Deno.test("UdpSocket: datagrams over maxDatagramBytes are dropped and counted", async () => {
  await using a = UdpSocket.bind({ address: "127.0.0.1", maxDatagramBytes: 8 });
  await using b = UdpSocket.bind({ address: "127.0.0.1" });
  b.sendTo(new Uint8Array(9), a.localAddress);
  b.sendTo(new Uint8Array(8), a.localAddress);
  const d = await nextDatagram(a);
  assert.equal(d.data.length, 8);
  assert.equal(a.stats.oversizeDropped, 1);
});

Deno.test("UdpSocket: bad arguments give clear errors", async () => {
  await using a = UdpSocket.bind({ address: "127.0.0.1" });
  const cases: [() => unknown, RegExp][] = [
    [() => UdpSocket.bind({ address: "127.0.0.256" }), /part 4 \("256"\) is not a decimal/],
    [() => UdpSocket.bind({ address: "localhost" }), /not an IPv4 dotted quad/],
    [() => UdpSocket.bind({ address: "::1::2" }), /'::' may appear only once/],
    [() => UdpSocket.bind({ address: "::1", family: "ipv4" }), /::1 is not ipv4/],
    [() => UdpSocket.bind({ port: 70000 }), /port 70000 is not an integer 0..65535/],
    [() => UdpSocket.bind({ port: 1.5 }), /port 1.5 is not an integer/],
    [() => UdpSocket.bind({ trafficClass: -1 }), /traffic class -1/],
    [() => UdpSocket.bind({ maxDatagramBytes: 0 }), /maxDatagramBytes 0/],
    [() => UdpSocket.bind({ queueLimit: 0 }), /queueLimit 0 is not a positive integer/],
    [() => UdpSocket.bind({ readiness: "spin" as "timer" }), /readiness must be/],
    [() => UdpSocket.bind({ timerIntervalMs: 5000 }), /timerIntervalMs 5000/],
    [() => UdpSocket.bind({ family: "ipx" as "ipv4" }), /family must be "ipv4" or "ipv6"/],
    [() => UdpSocket.bind({ receiveBufferBytes: -5 }), /receiveBufferBytes -5/],
    [() => UdpSocket.bind({ address: "192.0.2.1" }), /bind to 192.0.2.1:0: EADDRNOTAVAIL/],
    [() => UdpSocket.bind({ address: "127.0.0.1", port: a.localAddress.port }), /EADDRINUSE/],
    [() => a.sendTo(bytes(1), { address: "::1", port: 1 }), /\[::1\]:1 is ipv6 but the socket/],
    [() => a.sendTo(bytes(1), { address: "127.0.0.1", port: -1 }), /port -1/],
    [() => a.sendTo("hi" as unknown as Uint8Array, a.localAddress), /must be a Uint8Array/],
    [() => a.sendTo(new Uint8Array(65508), a.localAddress), /65508 bytes exceeds .* 65507/],
    [() => a.sendTo(bytes(1), null as unknown as SocketAddress), /expected \{ address, port \}/],
    [() => a.send(bytes(1)), /not connected/],
    [() => a.listen("no" as unknown as () => void), /handler is not a function/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (err: unknown) => {
      assert.ok(err instanceof NetError, `expected NetError, got ${err}`);
      assert.match(err.message, message);
      return true;
    });
  }
  const closed = UdpSocket.bind();
  closed.close();
  assert.throws(() => closed.sendTo(bytes(1), a.localAddress), /sendTo: the socket is closed/);
  assert.throws(() => closed.connect(a.localAddress), /connect: the socket is closed/);
  assert.equal(closed.fd, -1);
  closed.close(); // idempotent
});

/**
 * Open descriptors other than Unix-domain sockets: the Deno runtime opens a socket pair of its
 * own at some point of a run (seen at a random cycle, with every readiness strategy), which
 * is not this code's to close.
 */
function openFdCountWithoutUnixSockets(): number {
  const unix = new Set(
    Deno.readTextFileSync("/proc/net/unix").split("\n").slice(1).map((line) =>
      line.trim().split(/\s+/)[6]
    ).filter((inode) => inode !== undefined),
  );
  return openFdTargets().filter((t) => !unix.has(/^socket:\[(\d+)\]$/.exec(t)?.[1] ?? "")).length;
}

/**
 * Opens and closes sockets many times, with and without a running watcher, connected or
 * not, and provokes failing binds; returns the descriptor counts before and after. Runs in
 * its own process (see the test below) so other test files' sockets do not count.
 */
export async function leakCycles(): Promise<{ before: number; after: number }> {
  // Warm up: load libc and start one watcher so lazily created runtime resources exist.
  const warm = UdpSocket.bind();
  warm.receive().catch(() => {});
  warm.close();
  await warm.closed;
  const before = openFdCountWithoutUnixSockets();
  const holder = UdpSocket.bind({ address: "127.0.0.1" });
  for (let i = 0; i < 200; i++) {
    const s = UdpSocket.bind({ address: i % 2 ? "::1" : "127.0.0.1" });
    if (i % 3 === 0) s.receive().catch(() => {}); // with a running watcher (its eventfd)
    if (i % 10 === 0) s.connect(holder.localAddress); // IPv4 ones only
    s.close();
    await s.closed;
    assert.throws(() => UdpSocket.bind({ address: "127.0.0.1", port: holder.localAddress.port }));
    assert.throws(() => UdpSocket.bind({ address: "192.0.2.1" }));
    assert.throws(() => UdpSocket.bind({ address: "::1", maxDatagramBytes: -1 }));
  }
  holder.close();
  await holder.closed;
  return { before, after: openFdCountWithoutUnixSockets() };
}

Deno.test("UdpSocket: no descriptor leaks over many open/close cycles and errors", async () => {
  const { before, after } = await runIsolated<{ before: number; after: number }>(
    import.meta.url,
    "leakCycles",
  );
  assert.equal(after, before, "as many descriptors open as before the cycles");
});
