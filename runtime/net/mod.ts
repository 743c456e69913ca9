/**
 * The phone's network layer: UDP sockets over libc with what NOTASIP needs from the kernel
 * (the local address a call arrived on, ICMP errors as typed events, DSCP marking). The network
 * simulation the tests and benches put between two phones lives in `harness/netsim/`.
 * It knows nothing of RTP, codecs or NOTASIP itself.
 *
 * Requires Linux (x86_64, glibc) and `--allow-ffi` (or `-A`).
 *
 * @example A callee that answers from the address it was called on
 * ```ts
 * import { UdpSocket } from "./mod.ts";
 * await using wellKnown = UdpSocket.bind({ address: "0.0.0.0", port: 10000 });
 * for await (const event of wellKnown) {
 *   if (event.type === "datagram" && event.destination) {
 *     // a new port on the same local address the caller dialed, connected to the caller
 *     const call = UdpSocket.bind({ address: event.destination.address });
 *     call.connect(event.source);
 *     call.send(new Uint8Array(172));
 *     call.close();
 *     break;
 *   }
 * }
 * ```
 *
 * @example A caller that hears "busy" (port unreachable)
 * ```ts
 * import { UdpSocket } from "./mod.ts";
 * await using caller = UdpSocket.bind({ address: "127.0.0.1" });
 * caller.sendTo(new Uint8Array(172), { address: "127.0.0.1", port: 9 });
 * const event = await caller.receive();
 * if (event.type === "delivery-error" && event.kind === "port-unreachable") {
 *   console.log("busy:", event.destination);
 * }
 * ```
 *
 * @module
 */

export {
  type Datagram,
  EXPEDITED_FORWARDING,
  type SocketEvent,
  UdpSocket,
  type UdpSocketOptions,
  type UdpSocketStats,
} from "./udp_socket.ts";
export type { DeliveryError, DeliveryErrorKind, DeliveryErrorOrigin } from "./delivery_error.ts";
export { errnoName, NetError } from "./net_error.ts";
export {
  type AddressInput,
  formatSocketAddress,
  sameSocketAddress,
  type SocketAddress,
} from "./sockaddr.ts";
export { type AddressFamily, formatIp, type IpAddress, parseIp } from "./ip_address.ts";
export type { ReadinessStrategy } from "./readiness.ts";
export * as linuxAbi from "../sys/linux_abi.ts";
