/**
 * The C library calls a telephony device needs (`open`, `ioctl`, `read`, `write`, `poll`,
 * `close`, `errno`), through `Deno.dlopen`. The library path is injectable: the system's
 * `libc.so.6` normally, or a library that exports the same functions with the same C
 * signatures, such as the PhoneJACK emulator of the tests — the calling code is the same.
 *
 * `poll` is declared twice: `poll` runs on the calling thread (use a zero timeout) and
 * `pollWait` on a worker thread, returning a Promise, so waiting never blocks the event loop.
 *
 * @example
 * ```ts
 * const libc = loadLibc();
 * const fd = libc.open(cString("/dev/phone0"), O_RDWR | O_NONBLOCK, 0);
 * if (fd < 0) console.log(errnoText(libc, lastErrno(libc)));
 * ```
 * @module
 */

/** `open` flags (Linux, all architectures the driver ran on). */
export const O_RDWR = 2;
export const O_NONBLOCK = 0o4000;
/** `poll` event bits. */
export const POLLIN = 0x001;
export const POLLPRI = 0x002;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;
/** errno values the device code reacts to. */
export const EINTR = 4;
export const EAGAIN = 11;

const symbols = {
  open: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  ioctl: { parameters: ["i32", "u64", "u64"], result: "i32" },
  ioctlBuffer: { name: "ioctl", parameters: ["i32", "u64", "buffer"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32" },
  pollWait: {
    name: "poll",
    parameters: ["buffer", "u64", "i32"],
    result: "i32",
    nonblocking: true,
  },
  __errno_location: { parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The loaded functions. */
export type Libc = Deno.DynamicLibrary<typeof symbols>["symbols"];

const loaded = new Map<string, Libc>();

/** Loads the C library, or a stand-in with the same functions (once per path). */
export function loadLibc(path = "libc.so.6"): Libc {
  let lib = loaded.get(path);
  if (!lib) {
    lib = Deno.dlopen(path, symbols).symbols;
    loaded.set(path, lib);
  }
  return lib;
}

/**
 * `errno` of the calling thread. Valid right after a synchronous call that failed, on the
 * same thread (never after `pollWait`, which runs on another thread).
 */
export function lastErrno(libc: Libc): number {
  const cell = libc.__errno_location();
  return cell ? new Deno.UnsafePointerView(cell).getInt32() : 0;
}

/** `strerror(errno)`. */
export function errnoText(libc: Libc, errno: number): string {
  const text = libc.strerror(errno);
  return text ? Deno.UnsafePointerView.getCString(text) : `errno ${errno}`;
}

/** A C string for FFI. */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text + "\0");
}
