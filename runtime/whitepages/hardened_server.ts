/**
 * An HTTP/1.1 listener that a stranger cannot hold: a deadline for the request
 * headers and for the whole request, an idle timeout between requests on a kept-alive
 * connection, a bound on concurrent connections, on header size and on request
 * bodies. `Deno.serve` has none of these settings, so this runs on `node:http`
 * (which Deno implements with them).
 *
 * @example
 * ```ts
 * import { listenHardened } from "./hardened_server.ts";
 * const server = await listenHardened((_req, res) => res.end("hello\n"), {
 *   hostname: "127.0.0.1",
 *   port: 0,
 * });
 * console.log(server.port);
 * await server.close();
 * ```
 * @module
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Buffer } from "node:buffer";

/** Limits of a hardened listener; every one has a safe default. */
export interface ServerLimits {
  /** Time allowed for a request's headers to arrive, ms (default 5000). */
  headersTimeoutMs?: number;
  /** Time allowed for a whole request, ms (default 10000). */
  requestTimeoutMs?: number;
  /** An open connection with no traffic is closed after this, ms (default 5000). */
  idleTimeoutMs?: number;
  /** Connections served at once; more are refused (default 1024). */
  maxConnections?: number;
  /** Largest request head, bytes (default 8192). */
  maxHeaderBytes?: number;
}

/** Where to listen. */
export interface ListenOptions extends ServerLimits {
  /** Address to bind (default `127.0.0.1`: loopback only). */
  hostname?: string;
  /** TCP port, 0 for any free one. */
  port: number;
  /** Let several processes listen on one port (SO_REUSEPORT), the kernel spreading connections. */
  reusePort?: boolean;
}

/** A running listener. */
export interface HardenedServer {
  readonly hostname: string;
  readonly port: number;
  /** The `http://host:port/` base URL. */
  readonly url: string;
  /** Stops accepting, closes every connection, resolves when done. */
  close(): Promise<void>;
  /** Resolves when the server has closed. */
  readonly finished: Promise<void>;
}

/** Default limits, also the documented ones. */
export const DEFAULT_LIMITS: Required<ServerLimits> = {
  headersTimeoutMs: 5000,
  requestTimeoutMs: 10000,
  idleTimeoutMs: 5000,
  maxConnections: 1024,
  maxHeaderBytes: 8192,
};

/** Starts `handler` on a hardened listener; rejects when the address cannot be bound. */
export function listenHardened(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  options: ListenOptions,
): Promise<HardenedServer> {
  const { hostname: _h, port: _p, reusePort: _r, ...given } = options;
  const limits: Required<ServerLimits> = { ...DEFAULT_LIMITS, ...stripUndefined(given) };
  const server = http.createServer({
    maxHeaderSize: limits.maxHeaderBytes,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
  }, handler);
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // Inactivity on a socket (idle before the first byte, or a stalled sender) closes it.
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  // A sender that trickles header lines is never idle: give each request head a
  // deadline from the connection's arrival or the end of the previous answer. One
  // sweep per server checks them, so a request costs a clock read, not a timer.
  const deadlines = new Map<Socket, number>();
  server.on("connection", (socket: Socket) => {
    deadlines.set(socket, Date.now() + limits.headersTimeoutMs);
    socket.on("close", () => deadlines.delete(socket));
  });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    deadlines.set(socket, Date.now() + limits.requestTimeoutMs);
    res.on("finish", () => {
      if (deadlines.has(socket)) {
        deadlines.set(socket, Date.now() + limits.idleTimeoutMs + limits.headersTimeoutMs);
      }
    });
  });
  const sweepMs = Math.max(20, Math.min(500, limits.headersTimeoutMs / 4));
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [socket, deadline] of deadlines) {
      if (now > deadline) {
        deadlines.delete(socket);
        socket.destroy();
      }
    }
  }, sweepMs);
  server.on("close", () => clearInterval(sweep));
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  const hostname = options.hostname ?? "127.0.0.1";
  let finish = () => {};
  const finished = new Promise<void>((r) => finish = r);
  server.on("close", () => finish());
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const at = { port: options.port, host: hostname, reusePort: options.reusePort ?? false };
    server.listen(at, () => {
      server.off("error", reject);
      const port = (server.address() as AddressInfo).port;
      const host = hostname.includes(":") ? `[${hostname}]` : hostname;
      resolve({
        hostname,
        port,
        url: `http://${host}:${port}/`,
        finished,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Writes an {@link Answer}-like reply; HEAD gets the headers only. */
export function writeReply(
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  const bytes = Buffer.byteLength(body);
  res.writeHead(status, { ...headers, "content-length": String(bytes) });
  res.end(res.req?.method === "HEAD" ? undefined : body);
}
