/**
 * Tells a socket when its descriptor is readable (`POLLIN`) or has a queued error
 * (`POLLERR`) without blocking the JS thread. Three strategies:
 *
 * - `"epoll"` (default): the descriptor joins the process's one epoll set (`reactor.ts`),
 *   waited on by a single pool thread whatever the number of sockets; one hand-off per
 *   wake-up reports every ready descriptor.
 * - `"thread"`: `poll(fd, eventfd, -1)` as a `nonblocking` FFI call on a Deno
 *   blocking-pool thread; the promise resolves when the kernel wakes it, then the JS thread
 *   reads synchronously (so `errno` stays on one thread). An `eventfd` wakes the poll to stop.
 *   Idle cost: one parked thread, no wake-ups. Latency: one thread hand-off.
 * - `"timer"`: `poll(fd, 0)` from a `setInterval`. Idle cost: a wake-up per interval.
 *   Latency: up to the interval (Deno timers run at 1 ms granularity at best).
 *
 * Measured with `harness/netsim/measure_receive.ts` (loopback ping-pong through two sockets, 1000 round trips
 * of 172 bytes, Deno 2.9.6 on 2 cores shared with other work, ranges over 11 runs):
 *
 * | | median RTT | CPU, one idle listening socket |
 * |---|---|---|
 * | `Deno.listenDatagram` | 38–62 µs | |
 * | `"thread"` | 53–256 µs | 0.02 % of a core (no wake-ups) |
 * | `"timer"` (1 ms) | 2.22–2.26 ms | 3.0–4.4 % of a core |
 *
 * `"thread"` was the default until it was found to starve the process: Deno's blocking pool
 * has 32 threads, and with 33 idle sockets an async `Deno.stdin.read` or file read never
 * completes. `"epoll"` has the same latency (one hand-off per wake-up) and the same idle cost,
 * with one parked thread in all; under many busy sockets it also wakes once for many. A `SIGIO` (`O_ASYNC`) variant was also tried:
 * 56–149 µs through the same socket code, no better under the same load, and process-wide,
 * so it was not kept.
 *
 * @example
 * ```ts
 * import { watchReadiness } from "./readiness.ts";
 * const fd = 0; // a non-blocking socket descriptor in real use
 * const watcher = watchReadiness(fd, "epoll", (revents) => console.log(revents));
 * await watcher.stop();
 * ```
 * @module
 */

import { libc } from "../sys/libc.ts";
import {
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  POLLERR,
  POLLIN,
  POLLNVAL,
  SIZEOF_POLLFD,
} from "../sys/linux_abi.ts";
import { lastErrno } from "../sys/libc.ts";
import { NetError } from "./net_error.ts";
import { Reactor } from "./reactor.ts";

/** How a socket learns that it can read. */
export type ReadinessStrategy = "epoll" | "thread" | "timer";

/** A running watch; `stop` ends it and resolves once nothing touches the descriptor. */
export interface ReadinessWatcher {
  stop(): Promise<void>;
}

/** Called with `revents` (`POLLIN`, `POLLERR` bits) when the descriptor is ready. */
export type ReadyCallback = (revents: number) => void;

/**
 * Starts watching `fd` for `POLLIN`/`POLLERR` with the given strategy.
 * `timerIntervalMs` only applies to `"timer"`.
 */
export function watchReadiness(
  fd: number,
  strategy: ReadinessStrategy,
  onReady: ReadyCallback,
  timerIntervalMs = 1,
): ReadinessWatcher {
  if (strategy === "epoll") return Reactor.shared().watch(fd, onReady);
  if (strategy === "thread") return new ThreadWatcher(fd, onReady);
  if (strategy === "timer") return new TimerWatcher(fd, onReady, timerIntervalMs);
  throw NetError.invalid("watch socket", `unknown readiness strategy "${strategy}"`);
}

/** Blocking `poll` on a pool thread, woken through an `eventfd` to stop. */
class ThreadWatcher implements ReadinessWatcher {
  readonly #fd: number;
  readonly #wakeFd: number;
  readonly #onReady: ReadyCallback;
  // Two pollfd entries in a real ArrayBuffer, whose address stays fixed while the poll runs.
  readonly #pollfds = new DataView(new ArrayBuffer(2 * SIZEOF_POLLFD));
  #stopping = false;
  readonly #done: Promise<void>;

  constructor(fd: number, onReady: ReadyCallback) {
    this.#fd = fd;
    this.#onReady = onReady;
    this.#wakeFd = libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (this.#wakeFd < 0) throw NetError.fromErrno("eventfd", lastErrno(), "for a socket watcher");
    this.#done = this.#run();
  }

  async #run(): Promise<void> {
    const c = libc();
    try {
      while (!this.#stopping) {
        this.#arm();
        const ready = await c.pollWait(this.#pollfds, 2n, -1);
        if (this.#stopping) break;
        if (ready <= 0) continue; // EINTR: errno is on the pool thread, retry is always right
        const revents = this.#pollfds.getInt16(6, true);
        if (revents & POLLNVAL) break; // the descriptor was closed under us
        if (revents & (POLLIN | POLLERR)) this.#onReady(revents);
      }
    } finally {
      c.close(this.#wakeFd);
    }
  }

  #arm(): void {
    const p = this.#pollfds;
    p.setInt32(0, this.#fd, true);
    p.setInt16(4, POLLIN, true); // POLLERR is always reported
    p.setInt16(6, 0, true);
    p.setInt32(8, this.#wakeFd, true);
    p.setInt16(12, POLLIN, true);
    p.setInt16(14, 0, true);
  }

  stop(): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true;
      const one = new BigUint64Array([1n]);
      libc().write(this.#wakeFd, one, 8n);
    }
    return this.#done;
  }
}

/** `poll(fd, timeout 0)` on a repeating timer. */
class TimerWatcher implements ReadinessWatcher {
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #pollfd = new DataView(new ArrayBuffer(SIZEOF_POLLFD));

  constructor(fd: number, onReady: ReadyCallback, intervalMs: number) {
    if (!(intervalMs >= 0 && intervalMs <= 1000)) {
      throw NetError.invalid("watch socket", `timer interval ${intervalMs} ms is not 0..1000`);
    }
    this.#pollfd.setInt32(0, fd, true);
    this.#pollfd.setInt16(4, POLLIN, true);
    this.#timer = setInterval(() => {
      this.#pollfd.setInt16(6, 0, true);
      if (libc().poll(this.#pollfd, 1n, 0) <= 0) return;
      const revents = this.#pollfd.getInt16(6, true);
      if (revents & (POLLIN | POLLERR)) onReady(revents);
    }, intervalMs);
  }

  stop(): Promise<void> {
    clearInterval(this.#timer);
    return Promise.resolve();
  }
}
