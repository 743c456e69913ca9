/**
 * The one `Deno.dlopen` binding of the C library: the socket calls of `runtime/net` and the
 * device calls (`open`, `ioctl`) of the telephony cards. The library path is injectable
 * ({@link loadLibc}): a library exporting the same functions with the same C signatures, such
 * as the PhoneJACK emulator of the tests, stands in for `libc.so.6` and the calling code is the
 * same (symbols it does not define resolve to the libc it links against).
 *
 * All calls are synchronous and run on the calling JS thread, so `errno` (thread-local in
 * glibc) can be read right after a failing call with {@link lastErrno}; nothing else runs on
 * this thread in between. The exceptions are `epollWait` and `pollWait`, `nonblocking` calls that
 * run on a Deno blocking-pool thread: their result says how many descriptors are ready and their
 * `errno` is lost, which is why callers give them only descriptors they then read synchronously;
 * the same holds for `ppollWait`, used as a sub-millisecond timer.
 *
 * @example
 * ```ts
 * import { libc, lastErrno } from "./libc.ts";
 * import { AF_INET, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_CLOEXEC } from "./linux_abi.ts";
 * const fd = libc().socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
 * if (fd < 0) throw new Error(`socket failed, errno ${lastErrno()}`);
 * libc().close(fd);
 * ```
 * @module
 */

const SYMBOLS = {
  open: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  ioctl: { parameters: ["i32", "u64", "u64"], result: "i32" },
  ioctlBuffer: { name: "ioctl", parameters: ["i32", "u64", "buffer"], result: "i32" },
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  sendto: {
    parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"],
    result: "isize",
  },
  recvmsg: { parameters: ["i32", "buffer", "i32"], result: "isize" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  getpeername: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  fcntl: { parameters: ["i32", "i32", "i32"], result: "i32" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32" },
  pollWait: {
    name: "poll",
    parameters: ["buffer", "u64", "i32"],
    result: "i32",
    nonblocking: true,
  },
  ppollWait: {
    name: "ppoll",
    parameters: ["buffer", "u64", "buffer", "pointer"],
    result: "i32",
    nonblocking: true,
  },
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  epoll_create1: { parameters: ["i32"], result: "i32" },
  epoll_ctl: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
  epoll_wait: { parameters: ["i32", "buffer", "i32", "i32"], result: "i32" },
  epollWait: {
    name: "epoll_wait",
    parameters: ["i32", "buffer", "i32", "i32"],
    result: "i32",
    nonblocking: true,
  },
  getrlimit: { parameters: ["i32", "buffer"], result: "i32" },
  setrlimit: { parameters: ["i32", "buffer"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  __errno_location: { parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The bound libc functions, with C names and C semantics (-1 and `errno` on failure). */
export type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

const loaded = new Map<string, Libc>();
let errnoView: Deno.UnsafePointerView | undefined;

/**
 * The C library at `path` (once per path), or a stand-in exporting the same functions.
 * Throws a clear error when FFI is not permitted (`--allow-ffi`) or the library is missing.
 */
export function loadLibc(path = "libc.so.6"): Libc {
  let lib = loaded.get(path);
  if (lib === undefined) {
    if (Deno.build.os !== "linux" || Deno.build.arch !== "x86_64") {
      throw new Error(
        `runtime/sys: needs x86_64 Linux with glibc (its struct layouts and constants are ` +
          `those of linux_abi.ts), not ${Deno.build.arch} ${Deno.build.os}`,
      );
    }
    try {
      lib = Deno.dlopen(path, SYMBOLS).symbols;
    } catch (cause) {
      throw new Error(
        `runtime/sys: cannot load ${path} through Deno FFI (needs --allow-ffi on glibc Linux): ${
          (cause as Error).message
        }`,
        { cause },
      );
    }
    loaded.set(path, lib);
  }
  return lib;
}

/** The system's `libc.so.6`, opened on first use; later calls return the same binding. */
export function libc(): Libc {
  return loadLibc();
}

/**
 * The calling thread's `errno`. Call it immediately after the failing libc call, before any
 * other FFI call or `await`, or the value may belong to something else. `lib` is the binding
 * that made the call when it is a stand-in with an `errno` of its own.
 */
export function lastErrno(lib?: Libc): number {
  if (lib !== undefined && lib !== libc()) {
    const cell = lib.__errno_location();
    return cell ? new Deno.UnsafePointerView(cell).getInt32() : 0;
  }
  if (errnoView === undefined) {
    // The location is per thread but constant for it; every call here runs on this JS thread.
    const pointer = libc().__errno_location();
    if (pointer === null) throw new Error("runtime/sys: __errno_location returned NULL");
    errnoView = new Deno.UnsafePointerView(pointer);
  }
  return errnoView.getInt32(0);
}

/** glibc's message for an errno value, e.g. `Connection refused` for 111. */
export function errnoMessage(errno: number, lib: Libc = libc()): string {
  const pointer = lib.strerror(errno);
  return pointer === null ? `errno ${errno}` : Deno.UnsafePointerView.getCString(pointer);
}

/** A NUL-terminated C string for FFI. */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text + "\0");
}
