import assert from "node:assert/strict";
import { RtcpPort } from "./rtcp_port.ts";
import { UdpTransports } from "./udp_transport.ts";

const transports = new UdpTransports();

async function until(what: () => boolean, label: string, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!what()) {
    if (Date.now() - start > ms) throw new Error(`no ${label} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// Two RTP ports on loopback whose successors are free, as the phone's pairs are.
function rtpPorts(): [number, number] {
  for (let i = 0; i < 100; i++) {
    const a = 20000 + 2 * Math.floor(Math.random() * 10000);
    const b = a + 2 * (1 + Math.floor(Math.random() * 100));
    try {
      for (const p of [a + 1, b + 1]) transports.bind({ address: "127.0.0.1", port: p }).close();
      return [a, b];
    } catch { /* taken: another pair */ }
  }
  throw new Error("no free ports");
}

Deno.test("RTCP goes from RTP port + 1 to the peer's RTP port + 1, and only the peer's is taken", async () => {
  const [a, b] = rtpPorts();
  const heardA: number[] = [], heardB: number[] = [];
  const pa = RtcpPort.open(transports, { address: "127.0.0.1", port: a }, (x) => heardA.push(x[0]));
  const pb = RtcpPort.open(transports, { address: "127.0.0.1", port: b }, (x) => heardB.push(x[0]));
  assert.ok(pa instanceof RtcpPort && pb instanceof RtcpPort);
  const stranger = transports.bind({ address: "127.0.0.1", port: 0 });
  try {
    assert.equal(pa.stats.port, a + 1);
    pb.expect({ address: "127.0.0.1", port: a });
    assert.ok(pa.send(Uint8Array.of(1), { address: "127.0.0.1", port: b }));
    await until(() => heardB.length === 1, "report at b");
    assert.ok(pb.send(Uint8Array.of(2), { address: "127.0.0.1", port: a }));
    await until(() => heardA.length === 1, "report at a");
    stranger.send(Uint8Array.of(3), { address: "127.0.0.1", port: a + 1 });
    await until(() => pa.stats.foreign === 1, "the stranger's packet counted");
    assert.deepEqual([heardA, heardB], [[2], [1]]);
  } finally {
    stranger.close();
    pa.close();
    pb.close();
  }
});

Deno.test("ICMP about RTCP is counted and ignored; a taken port is a reason, not a throw", async () => {
  const [a, b] = rtpPorts();
  const pa = RtcpPort.open(transports, { address: "127.0.0.1", port: a }, () => {});
  assert.ok(pa instanceof RtcpPort);
  try {
    pa.send(Uint8Array.of(1), { address: "127.0.0.1", port: b }); // nobody on b + 1
    await until(() => pa.stats.icmpIgnored === 1, "port unreachable counted");
    const again = RtcpPort.open(transports, { address: "127.0.0.1", port: a }, () => {});
    assert.ok(!(again instanceof RtcpPort) && /in use/i.test(again.failed), JSON.stringify(again));
    const top = RtcpPort.open(transports, { address: "127.0.0.1", port: 65535 }, () => {});
    assert.ok(!(top instanceof RtcpPort));
  } finally {
    pa.close();
  }
});
