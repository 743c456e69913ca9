/**
 * Forges ICMP "destination unreachable" messages about a UDP tuple, through a raw socket
 * (root or CAP_NET_RAW), to storm a phone with errors about its own calls (exact tuples) or
 * about calls it never had (random tuples).
 *
 * @example
 * ```ts
 * import { IcmpForger } from "./icmp_forger.ts";
 * const f = new IcmpForger();
 * // "port unreachable" about 127.0.0.1:40000 -> 127.0.0.2:50000, delivered to 127.0.0.1
 * f.unreachable({ address: "127.0.0.1", port: 40000 }, { address: "127.0.0.2", port: 50000 }, 3);
 * f.close();
 * ```
 * @module
 */
import { libc } from "../../runtime/sys/libc.ts";
import { encodeSockaddr } from "../../runtime/net/sockaddr.ts";

const AF_INET = 2, SOCK_RAW = 3, IPPROTO_ICMP = 1;

/** An IPv4 endpoint. */
export interface V4 {
  readonly address: string;
  readonly port: number;
}

function ipBytes(address: string): number[] {
  return address.split(".").map(Number);
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) + (bytes[i + 1] ?? 0);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

/** A raw ICMP socket; throws with the reason (no root) when it cannot be opened. */
export class IcmpForger {
  readonly #fd: number;
  sent = 0;

  constructor() {
    this.#fd = libc().socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    if (this.#fd < 0) throw new Error("cannot open a raw ICMP socket (needs root or CAP_NET_RAW)");
  }

  /**
   * Sends ICMP type 3 (`code`: 3 port, 1 host, 0 net unreachable) to `from.address`, saying
   * that a UDP datagram `from` -> `to` could not be delivered.
   */
  unreachable(from: V4, to: V4, code: number): void {
    const icmp = new Uint8Array(8 + 20 + 8);
    icmp[0] = 3;
    icmp[1] = code;
    const ip = icmp.subarray(8, 28);
    ip.set([
      0x45,
      0,
      0,
      200,
      0,
      0,
      0x40,
      0,
      64,
      17,
      0,
      0,
      ...ipBytes(from.address),
      ...ipBytes(to.address),
    ]);
    const sum = checksum(ip);
    ip[10] = sum >> 8;
    ip[11] = sum & 0xff;
    const udp = icmp.subarray(28);
    udp.set([from.port >> 8, from.port & 0xff, to.port >> 8, to.port & 0xff, 0, 180, 0, 0]);
    const c = checksum(icmp);
    icmp[2] = c >> 8;
    icmp[3] = c & 0xff;
    const dest = encodeSockaddr({ address: from.address, port: 0 });
    if (libc().sendto(this.#fd, icmp, BigInt(icmp.length), 0, dest, dest.length) >= 0) this.sent++;
  }

  close(): void {
    libc().close(this.#fd);
  }
}
