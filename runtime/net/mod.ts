/**
 * The phone's network layer: UDP sockets over libc with what NOTASIP needs from the kernel
 * (the local address a call arrived on, ICMP errors as typed events, DSCP marking), and a
 * userspace impairment relay that puts a bad network between two phones in tests.
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
 * @example A lossy, jittery path between two phones
 * ```ts
 * import { ImpairmentRelay, loadDistTable } from "./mod.ts";
 * await using relay = ImpairmentRelay.start({
 *   listen: { address: "127.0.0.1" },
 *   target: { address: "127.0.0.1", port: 10000 },
 *   toTarget: {
 *     delay: { kind: "table", meanMs: 80, jitterMs: 10, table: loadDistTable("normal") },
 *     loss: { kind: "gilbert-elliott", goodToBad: 0.01, badToGood: 0.3 },
 *   },
 *   seed: 1,
 * });
 * console.log(`dial ${relay.address.address}:${relay.address.port}`);
 * ```
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
export {
  ImpairmentRelay,
  type RelayCounters,
  type RelayDirectionCounters,
  type RelayOptions,
} from "./impairment_relay.ts";
export { Impairment, type ImpairmentCounters, type ImpairmentProfile } from "./impairment.ts";
export { type DelayDistribution, delaySampler, expectedMeanMs } from "./delay_distribution.ts";
export { expectedLossRate, type LossModel, LossProcess } from "./loss_model.ts";
export {
  DIST_DIRECTORIES,
  type DistTable,
  findDistFile,
  loadDistTable,
  parseDistTable,
} from "./netem_table.ts";
export { Prng } from "./prng.ts";
export { DelayLine } from "./delay_line.ts";
export { PreciseTimer } from "./precise_timer.ts";
export * as linuxAbi from "./linux_abi.ts";
