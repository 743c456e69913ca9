/**
 * errno numbers (x86_64 Linux, `<asm-generic/errno*.h>`) the runtime reasons about, with their
 * symbolic names and short descriptions for messages.
 *
 * @example
 * ```ts
 * import { ECONNREFUSED, errnoName } from "./errno.ts";
 * errnoName(ECONNREFUSED); // "ECONNREFUSED"
 * ```
 * @module
 */

/** errno values the runtime tests for (x86_64 Linux). */
export const EPERM = 1;
export const EINTR = 4;
export const EBADF = 9;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EINVAL = 22;
export const EMFILE = 24;
export const EPIPE = 32;
export const ENONET = 64;
export const EPROTO = 71;
export const EDESTADDRREQ = 89;
export const EMSGSIZE = 90;
export const ENOPROTOOPT = 92;
export const EAFNOSUPPORT = 97;
export const EADDRINUSE = 98;
export const EADDRNOTAVAIL = 99;
export const ENETDOWN = 100;
export const ENETUNREACH = 101;
export const ENOBUFS = 105;
export const EISCONN = 106;
export const ENOTCONN = 107;
export const ETIMEDOUT = 110;
export const ECONNREFUSED = 111;
export const EHOSTDOWN = 112;
export const EHOSTUNREACH = 113;

const NAMES: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  4: "EINTR",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  14: "EFAULT",
  22: "EINVAL",
  23: "ENFILE",
  24: "EMFILE",
  32: "EPIPE",
  64: "ENONET",
  71: "EPROTO",
  88: "ENOTSOCK",
  89: "EDESTADDRREQ",
  90: "EMSGSIZE",
  92: "ENOPROTOOPT",
  93: "EPROTONOSUPPORT",
  95: "EOPNOTSUPP",
  97: "EAFNOSUPPORT",
  98: "EADDRINUSE",
  99: "EADDRNOTAVAIL",
  100: "ENETDOWN",
  101: "ENETUNREACH",
  104: "ECONNRESET",
  105: "ENOBUFS",
  106: "EISCONN",
  107: "ENOTCONN",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED",
  112: "EHOSTDOWN",
  113: "EHOSTUNREACH",
};

const MESSAGES: Record<number, string> = {
  1: "Operation not permitted",
  4: "Interrupted system call",
  9: "Bad file descriptor",
  11: "Resource temporarily unavailable",
  13: "Permission denied",
  22: "Invalid argument",
  24: "Too many open files",
  90: "Message too long",
  97: "Address family not supported by protocol",
  98: "Address already in use",
  99: "Cannot assign requested address",
  101: "Network is unreachable",
  105: "No buffer space available",
  111: "Connection refused",
  113: "No route to host",
};

/** The symbolic name of an errno value (`ECONNREFUSED`), or `errno <n>` when not tabled. */
export function errnoName(errno: number): string {
  return NAMES[errno] ?? `errno ${errno}`;
}

/** A short English description of an errno value, or its name when not tabled. */
export function errnoDescription(errno: number): string {
  return MESSAGES[errno] ?? errnoName(errno);
}
