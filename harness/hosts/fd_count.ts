/**
 * Counts this process's open file descriptors (entries of `/proc/self/fd`), so tests can show
 * that sockets, eventfds and pipes are released on every path.
 *
 * @example
 * ```ts
 * import { openFdCount } from "./fd_count.ts";
 * const before = openFdCount();
 * // ... open and close things ...
 * if (openFdCount() !== before) throw new Error("leaked a descriptor");
 * ```
 * @module
 */

/**
 * The number of open descriptors, not counting the one used to read the directory.
 * Linux only; throws a clear error elsewhere.
 */
export function openFdCount(): number {
  let count = 0;
  try {
    for (const _ of Deno.readDirSync("/proc/self/fd")) count++;
  } catch (cause) {
    throw new Error(`openFdCount: cannot list /proc/self/fd (Linux only): ${cause}`, { cause });
  }
  return count - 1; // the directory handle itself is listed while it is read
}

/** The targets of the open descriptors (`socket:[123]`, `anon_inode:[eventfd]`), sorted. */
export function openFdTargets(): string[] {
  const targets: string[] = [];
  for (const entry of Deno.readDirSync("/proc/self/fd")) {
    try {
      targets.push(Deno.readLinkSync(`/proc/self/fd/${entry.name}`));
    } catch {
      // the directory's own descriptor is gone by the time it is read
    }
  }
  return targets.sort();
}
