/**
 * A UDP probe for tests, run as its own process (e.g. inside a network namespace):
 * `deno run -A harness/hosts/udp_probe.ts --echo 10.99.0.1:7000 --closed 10.99.0.1:9 ...`.
 * For each `--echo` endpoint it sends a datagram through a {@link UdpSocket} and waits for the
 * echo; for each `--closed` endpoint it sends one and waits for the delivery error. It prints
 * one JSON line `{"echo":[...],"closed":[...]}` and exits 0 (failures are in the results).
 *
 * @module
 */

import type { DeliveryError } from "../../runtime/net/delivery_error.ts";
import type { SocketAddress } from "../../runtime/net/sockaddr.ts";
import { UdpSocket } from "../../runtime/net/udp_socket.ts";
import { parseEndpoint } from "./endpoint.ts";
import { parseArgs } from "node:util";

/** What came back: the echo (payload as text), a delivery error, or nothing. */
export type ProbeOutcome =
  | {
    readonly type: "datagram";
    readonly text: string;
    readonly source: SocketAddress;
    readonly destination: SocketAddress | null;
  }
  | DeliveryError
  | { readonly type: "timeout" };

/** The outcome of one probe, with the local address the probe used. */
export interface ProbeResult {
  readonly target: string;
  readonly local: SocketAddress;
  readonly event: ProbeOutcome;
}

async function probe(target: string, timeoutMs: number): Promise<ProbeResult> {
  const { address, port } = parseEndpoint(target);
  await using socket = UdpSocket.bind({ family: address.includes(":") ? "ipv6" : "ipv4" });
  socket.sendTo(new TextEncoder().encode(`probe ${target}`), { address, port });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ type: "timeout" }>((resolve) => {
    timer = setTimeout(() => resolve({ type: "timeout" }), timeoutMs);
  });
  const event = await Promise.race([socket.receive(), timeout]);
  clearTimeout(timer);
  const local = socket.localAddress;
  if (event.type !== "datagram") return { target, local, event };
  const { source, destination } = event;
  const text = new TextDecoder().decode(event.data);
  return { target, local, event: { type: "datagram", text, source, destination } };
}

if (import.meta.main) {
  let echo: string[], closed: string[];
  try {
    const { values } = parseArgs({
      args: Deno.args,
      options: {
        echo: { type: "string", multiple: true, default: [] },
        closed: { type: "string", multiple: true, default: [] },
      },
    });
    [echo, closed] = [values.echo, values.closed];
  } catch (e) {
    console.error(
      `${(e as Error).message}\nusage: udp_probe.ts (--echo addr:port | --closed addr:port)...`,
    );
    Deno.exit(2);
  }
  const results = {
    echo: await Promise.all(echo.map((t) => probe(t, 3000))),
    closed: await Promise.all(closed.map((t) => probe(t, 3000))),
  };
  console.log(JSON.stringify(results));
}
