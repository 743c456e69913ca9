import assert from "node:assert/strict";
import { UdpTransports } from "./udp_transport.ts";
import type { IcmpReport, ReceivedDatagram } from "../notasip/transport.ts";

function next<T>(register: (h: (v: T) => void) => void, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), ms);
    register((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

for (
  const [family, wildcard, loopback] of [["IPv4", "0.0.0.0", "127.0.0.1"], ["IPv6", "::", "::1"]]
) {
  Deno.test(`${family}: a datagram arrives with the address it was sent to`, async () => {
    const net = new UdpTransports();
    const a = net.bind({ address: wildcard, port: 0 });
    const b = net.bind({ address: loopback, port: 0 });
    try {
      const got = next<ReceivedDatagram>((h) => a.onPacket(h));
      b.send(Uint8Array.of(1, 2, 3), { address: loopback, port: a.local.port });
      const d = await got;
      assert.deepEqual([...d.bytes], [1, 2, 3]);
      assert.deepEqual(d.from, { address: loopback, port: b.local.port });
      assert.deepEqual(d.to, { address: loopback, port: a.local.port });
    } finally {
      a.close();
      b.close();
    }
  });

  Deno.test(`${family}: a closed port is reported as port-unreachable with its address`, async () => {
    const net = new UdpTransports();
    const closed = net.bind({ address: loopback, port: 0 });
    const port = closed.local.port;
    closed.close();
    const a = net.bind({ address: loopback, port: 0 });
    try {
      const got = next<IcmpReport>((h) => a.onIcmp(h));
      a.send(Uint8Array.of(9), { address: loopback, port });
      assert.deepEqual(await got, { kind: "port-unreachable", address: loopback, port });
    } finally {
      a.close();
    }
  });
}
