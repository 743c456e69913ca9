/**
 * The error thrown by `runtime/net` when a socket call fails or an argument is bad. The errno
 * numbers it reasons about are `runtime/sys/errno.ts`, re-exported here.
 *
 * @example
 * ```ts
 * import { NetError, ECONNREFUSED } from "./net_error.ts";
 * const err = NetError.fromErrno("sendto", ECONNREFUSED, "to 127.0.0.1:9");
 * console.log(err.message); // sendto to 127.0.0.1:9: ECONNREFUSED (Connection refused)
 * ```
 * @module
 */

export * from "../sys/errno.ts";
import { errnoDescription, errnoName } from "../sys/errno.ts";

/** A failed socket operation or a rejected argument, with what and where in the message. */
export class NetError extends Error {
  /** The errno of the failing call; 0 when the error is a rejected argument. */
  readonly errno: number;
  /** The errno's symbolic name (`EADDRINUSE`), or `"invalid-argument"`. */
  readonly code: string;
  /** The operation that failed: `bind`, `sendto`, `parse address`. */
  readonly operation: string;

  /** `message` is complete; prefer {@link NetError.fromErrno} and {@link NetError.invalid}. */
  constructor(operation: string, message: string, errno = 0, code = "invalid-argument") {
    super(message);
    this.name = "NetError";
    this.errno = errno;
    this.code = code;
    this.operation = operation;
  }

  /** An error for a libc call that returned -1 with `errno`; `context` says on what. */
  static fromErrno(operation: string, errno: number, context = ""): NetError {
    const name = errnoName(errno);
    const where = context ? `${operation} ${context}` : operation;
    return new NetError(operation, `${where}: ${name} (${errnoDescription(errno)})`, errno, name);
  }

  /** An error for a bad argument: `operation`, then what was wrong. */
  static invalid(operation: string, what: string): NetError {
    return new NetError(operation, `${operation}: ${what}`);
  }
}
