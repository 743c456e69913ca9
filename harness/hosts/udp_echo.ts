/**
 * A tiny UDP echo server for tests, run as its own process (e.g. inside a network namespace):
 * `deno run -A harness/hosts/udp_echo.ts 10.99.0.1:7000 [fd00:99::1]:0 ...`. It binds one
 * {@link UdpSocket} per argument, prints one JSON line `{"ready":[{address,port},...]}` with
 * the bound addresses, and echoes every datagram back to its sender until killed.
 *
 * @module
 */

import { UdpSocket } from "../../runtime/net/udp_socket.ts";
import { parseEndpoint } from "./endpoint.ts";

if (import.meta.main) {
  const sockets = Deno.args.map((arg) => {
    const { address, port } = parseEndpoint(arg);
    const socket = UdpSocket.bind({ address, port });
    socket.listen((e) => {
      if (e.type === "datagram") socket.sendTo(e.data, e.source);
    });
    return socket;
  });
  const ready = sockets.map((s) => ({
    address: s.localAddress.address,
    port: s.localAddress.port,
  }));
  console.log(JSON.stringify({ ready }));
}
