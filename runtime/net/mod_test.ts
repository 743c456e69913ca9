import assert from "node:assert/strict";
import * as net from "./mod.ts";

Deno.test("mod exports the public API", () => {
  for (
    const name of [
      "UdpSocket",
      "NetError",
      "parseIp",
      "formatSocketAddress",
    ]
  ) {
    assert.ok(name in net, `${name} is exported`);
  }
  for (const name of ["ImpairmentRelay", "Prng", "DelayLine", "loadDistTable"]) {
    assert.ok(!(name in net), `${name} is harness, not product`);
  }
  assert.equal(net.EXPEDITED_FORWARDING, 0xb8);
  assert.equal(net.linuxAbi.IP_PKTINFO, 8);
});

Deno.test("mod example: a callee answers from the dialed address on a new port", async () => {
  await using wellKnown = net.UdpSocket.bind({ address: "0.0.0.0" });
  await using caller = net.UdpSocket.bind({ address: "127.0.0.1" });
  caller.sendTo(new Uint8Array([1]), { address: "127.0.0.3", port: wellKnown.localAddress.port });
  for await (const event of wellKnown) {
    if (event.type === "datagram" && event.destination) {
      await using call = net.UdpSocket.bind({ address: event.destination.address });
      call.connect(event.source);
      call.send(new Uint8Array(172));
      break;
    }
  }
  const answer = await caller.receive();
  assert.equal(answer.type, "datagram");
  if (answer.type === "datagram") {
    assert.equal(answer.source.address, "127.0.0.3");
    assert.notEqual(answer.source.port, wellKnown.localAddress.port);
  }
});
