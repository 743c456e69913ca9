/**
 * Opens a white pages store named the way the command line names it: a file path
 * (or `sqlite:PATH`) for SQLite, a `postgres://` or `postgresql://` URL for PostgreSQL.
 *
 * @example
 * ```ts
 * import { openStore } from "./open_store.ts";
 * const store = await openStore("book.db", { context: { country: "1" } });
 * await store.close();
 * ```
 * @module
 */
import type { PostgresOpenOptions } from "./postgres_store.ts";
import { openSqliteStore } from "./sqlite_store.ts";
import type { DirectoryStore } from "./store.ts";

/** Opens `spec`; see the module doc. */
export function openStore(
  spec: string,
  options: PostgresOpenOptions = {},
): Promise<DirectoryStore> {
  if (/^postgres(ql)?:\/\//.test(spec)) {
    // Loaded only when asked for: a phone that never serves PostgreSQL never loads its client.
    return import("./postgres_store.ts").then((m) => m.openPostgresStore(spec, options));
  }
  return openSqliteStore(spec.replace(/^sqlite:/, ""), options);
}
