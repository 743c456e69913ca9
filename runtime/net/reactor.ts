/**
 * One `epoll` instance for every watched descriptor of the process, waited on by one
 * `nonblocking` FFI `epoll_wait` at a time: a single Deno blocking-pool thread whatever the
 * number of sockets, and one thread hand-off per wake-up that returns every ready descriptor
 * (up to {@link MAX_EVENTS}). With one pool thread per socket instead, 32 idle sockets
 * exhaust Deno's pool and stdin, file reads and other async ops of the process stop.
 *
 * Registrations are level-triggered: a callback that leaves data unread is called again on
 * the next wake-up. Callbacks run on the JS thread, so the reads they do keep `errno` on one
 * thread. Each registration has its own token in `epoll_event.data`, so a stale event for a
 * closed and reused descriptor number is recognised and ignored.
 *
 * {@link Reactor.poll} reads readiness without waiting (`epoll_wait` with timeout 0 on the
 * JS thread): a media tick can drain every socket at its start instead of waiting for the
 * wake-up hand-off. A clock that polls every few milliseconds anyway (the call engine) can
 * {@link Reactor.hold} the background wait: no thread hand-off per arriving packet then, the
 * sockets are read in batches at each poll; releasing the hold resumes the background wait.
 *
 * @example
 * ```ts
 * import { Reactor } from "./reactor.ts";
 * import { libc } from "../sys/libc.ts";
 * import { EFD_CLOEXEC, EFD_NONBLOCK } from "../sys/linux_abi.ts";
 * const fd = libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
 * const watch = Reactor.shared().watch(fd, (revents) => {
 *   libc().read(fd, new BigUint64Array(1), 8n);
 *   console.log("ready", revents);
 * });
 * libc().write(fd, new BigUint64Array([1n]), 8n);
 * await new Promise((r) => setTimeout(r, 10));
 * await watch.stop();
 * libc().close(fd);
 * ```
 * @module
 */

import { lastErrno, libc } from "../sys/libc.ts";
import {
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  EPOLL_CLOEXEC,
  EPOLL_CTL_ADD,
  EPOLL_CTL_DEL,
  EPOLLERR,
  EPOLLIN,
  POLLERR,
  POLLIN,
  SIZEOF_EPOLL_EVENT,
} from "../sys/linux_abi.ts";
import { NetError } from "./net_error.ts";

/** Ready descriptors taken per `epoll_wait`; more stay ready for the next one. */
export const MAX_EVENTS = 512;

/** Called with `POLLIN`/`POLLERR` bits when the descriptor is ready. */
export type ReactorCallback = (revents: number) => void;

/** One registration; `stop` removes it (before the descriptor is closed). */
export interface ReactorWatch {
  stop(): Promise<void>;
}

/** Counters, for tests and benches. */
export interface ReactorStats {
  /** Registered descriptors now. */
  watched: number;
  /** `epoll_wait` calls that returned on the pool thread / on the JS thread ({@link poll}). */
  wakeUps: number;
  polls: number;
  /** Ready descriptors reported, callbacks that threw. */
  events: number;
  callbackErrors: number;
}

const WAKE_TOKEN = 0;

/** The process's epoll reactor (see the module doc). */
export class Reactor {
  static #shared: Reactor | undefined;

  /** The reactor every socket of the process shares. */
  static shared(): Reactor {
    return Reactor.#shared ??= new Reactor();
  }

  readonly stats: ReactorStats = { watched: 0, wakeUps: 0, polls: 0, events: 0, callbackErrors: 0 };
  readonly #epfd: number;
  readonly #wakeFd: number;
  readonly #callbacks = new Map<number, ReactorCallback>();
  #nextToken = 1;
  // Written by the pool thread while a wait runs; the JS thread reads it only after.
  readonly #waitEvents = new DataView(new ArrayBuffer(MAX_EVENTS * SIZEOF_EPOLL_EVENT));
  readonly #pollEvents = new DataView(new ArrayBuffer(MAX_EVENTS * SIZEOF_EPOLL_EVENT));
  readonly #ctl = new DataView(new ArrayBuffer(SIZEOF_EPOLL_EVENT));
  #waiting: Promise<number> | null = null;
  #holds = 0;

  /** A private reactor (tests); sockets use {@link Reactor.shared}. */
  constructor() {
    const c = libc();
    this.#epfd = c.epoll_create1(EPOLL_CLOEXEC);
    if (this.#epfd < 0) throw NetError.fromErrno("epoll_create1", lastErrno());
    this.#wakeFd = c.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (this.#wakeFd < 0) throw NetError.fromErrno("eventfd", lastErrno(), "for the reactor");
    this.#control(EPOLL_CTL_ADD, this.#wakeFd, WAKE_TOKEN);
  }

  /** Watches `fd` for `POLLIN`/`POLLERR` until the returned watch is stopped. */
  watch(fd: number, onReady: ReactorCallback): ReactorWatch {
    const token = this.#nextToken;
    this.#nextToken = this.#nextToken >= 0xffff_fffe ? 1 : this.#nextToken + 1;
    this.#control(EPOLL_CTL_ADD, fd, token);
    this.#callbacks.set(token, onReady);
    this.stats.watched = this.#callbacks.size;
    if (this.#waiting === null && this.#holds === 0) this.#waitLoop();
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return Promise.resolve();
        stopped = true;
        this.#callbacks.delete(token);
        this.stats.watched = this.#callbacks.size;
        // EBADF/ENOENT: the descriptor was already closed, which removed it from the set.
        this.#control(EPOLL_CTL_DEL, fd, token, true);
        return this.#callbacks.size === 0 ? this.#release() : Promise.resolve();
      },
    };
  }

  /**
   * Runs the callbacks of every descriptor ready now, without waiting; returns how many.
   * Safe while the background wait runs (a descriptor reported by both is read once with
   * data, once finding nothing).
   */
  poll(): number {
    if (this.#callbacks.size === 0) return 0;
    const n = libc().epoll_wait(this.#epfd, this.#pollEvents, MAX_EVENTS, 0);
    this.stats.polls++;
    if (n > 0) this.#dispatch(this.#pollEvents, n);
    return Math.max(0, n);
  }

  /**
   * Suspends the background wait while the caller promises to call {@link poll} often (every
   * few ms); returns the function that ends the hold. Holds nest.
   */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      if (this.#holds === 0 && this.#waiting === null && this.#callbacks.size > 0) {
        this.#waitLoop();
      }
    };
  }

  /** Waits on the pool thread while anything is registered; one wait at a time. */
  #waitLoop(): void {
    const c = libc();
    const wait = c.epollWait(this.#epfd, this.#waitEvents, MAX_EVENTS, -1);
    this.#waiting = wait;
    wait.then((n) => {
      this.stats.wakeUps++;
      // n < 0 is EINTR (errno stayed on the pool thread): just wait again.
      if (n > 0) {
        // The wait returned when the first descriptor became ready; by the time the JS thread
        // runs this, more may be. Take the whole ready set now rather than one more round trip
        // through the pool per late-comer (level-triggered: nothing reported is lost).
        const now = libc().epoll_wait(this.#epfd, this.#pollEvents, MAX_EVENTS, 0);
        if (now > 0) this.#dispatch(this.#pollEvents, now);
        else this.#dispatch(this.#waitEvents, n);
      }
      if (this.#callbacks.size > 0 && this.#holds === 0) this.#waitLoop();
      else this.#waiting = null;
    });
  }

  #dispatch(events: DataView, n: number): void {
    for (let i = 0; i < n; i++) {
      const at = i * SIZEOF_EPOLL_EVENT;
      const bits = events.getUint32(at, true);
      const token = events.getUint32(at + 4, true);
      if (token === WAKE_TOKEN) {
        libc().read(this.#wakeFd, new BigUint64Array(1), 8n);
        continue;
      }
      const callback = this.#callbacks.get(token);
      if (callback === undefined) continue; // stopped since the wait returned
      this.stats.events++;
      try {
        callback((bits & EPOLLIN ? POLLIN : 0) | (bits & EPOLLERR ? POLLERR : 0));
      } catch (err) {
        this.stats.callbackErrors++;
        console.error("Reactor: a readiness callback threw", err);
      }
    }
  }

  /** Wakes the idle wait so that no FFI call stays pending with nothing registered. */
  #release(): Promise<void> {
    const waiting = this.#waiting;
    if (waiting === null) return Promise.resolve();
    libc().write(this.#wakeFd, new BigUint64Array([1n]), 8n);
    return waiting.then(() => {});
  }

  #control(op: number, fd: number, token: number, quiet = false): void {
    this.#ctl.setUint32(0, EPOLLIN | EPOLLERR, true);
    this.#ctl.setUint32(4, token, true);
    this.#ctl.setUint32(8, 0, true);
    if (libc().epoll_ctl(this.#epfd, op, fd, this.#ctl) < 0 && !quiet) {
      throw NetError.fromErrno("epoll_ctl", lastErrno(), `descriptor ${fd}`);
    }
  }
}
