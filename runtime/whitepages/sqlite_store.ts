/**
 * The embedded white pages store: one SQLite file (`node:sqlite`), write-ahead
 * logged so that look-ups go on while a change is written. Look-ups are synchronous
 * prepared statements: an index probe for the number, one for its prefixes.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from "./sqlite_store.ts";
 * const store = await openSqliteStore("book.db", { context: { country: "1" } });
 * store.resolve("12125550100"); // undefined until registered
 * await store.close();
 * ```
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { NumberingContext } from "./numbering.ts";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.ts";
import {
  type AppliedChange,
  type AuditRecord,
  type Change,
  type Client,
  contextFromText,
  contextToText,
  type DirectoryStore,
  fillTemplate,
  sameContext,
  StoreError,
  validateChanges,
} from "./store.ts";

/** Options of {@link openSqliteStore}. */
export interface StoreOpenOptions {
  /** The numbering context: required for a new store, must match an existing one. */
  context?: NumberingContext;
}

type Row = Record<string, unknown>;

/** A SQLite white pages store; see {@link openSqliteStore}. */
export class SqliteStore implements DirectoryStore {
  readonly kind = "sqlite";
  readonly schemaVersion = SCHEMA_VERSION;
  #exact: StatementSync;
  #byPrefix: StatementSync[] = [];
  #statements = new Map<string, StatementSync>();

  #prepare(sql: string): StatementSync {
    let s = this.#statements.get(sql);
    if (!s) this.#statements.set(sql, s = this.db.prepare(sql));
    return s;
  }

  private constructor(readonly db: DatabaseSync, readonly context: NumberingContext) {
    this.#exact = db.prepare("SELECT url FROM numbers WHERE number = ?");
  }

  /** Opens (creating and migrating) the store at `path` (`:memory:` for none). */
  static open(path: string, options: StoreOpenOptions = {}): SqliteStore {
    const db = new DatabaseSync(path);
    try {
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000");
      // Look-ups probe random pages of the number index: map the file, keep 64 MiB cached.
      db.exec("PRAGMA mmap_size = 268435456; PRAGMA cache_size = -65536");
      const context = migrate(db, options.context, path);
      return new SqliteStore(db, context);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  resolve(number: string): string | undefined {
    const exact = this.#exact.get(number) as Row | undefined;
    if (exact) return exact.url as string;
    // One statement per number length: `prefix IN (every proper prefix)`, longest wins.
    const n = number.length - 1;
    if (n < 1) return undefined;
    const stmt = this.#byPrefix[n] ??= this.db.prepare(
      `SELECT prefix, template FROM prefixes WHERE prefix IN (${
        Array(n).fill("?").join(",")
      }) ORDER BY length(prefix) DESC LIMIT 1`,
    );
    const args: string[] = [];
    for (let i = n; i >= 1; i--) args.push(number.slice(0, i));
    const route = stmt.get(...args) as Row | undefined;
    return route
      ? fillTemplate(route.template as string, route.prefix as string, number)
      : undefined;
  }

  // deno-lint-ignore require-await
  async apply(changes: readonly Change[], who: string): Promise<AppliedChange[]> {
    const valid = validateChanges(changes, this.context);
    const at = new Date().toISOString();
    const db = this.db;
    const applied: AppliedChange[] = [];
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const c of valid) {
        const [table, col, val] = c.kind === "number"
          ? ["numbers", "number", "url"]
          : ["prefixes", "prefix", "template"];
        const old =
          (this.#prepare(`SELECT ${val} AS v FROM ${table} WHERE ${col} = ?`).get(c.key) as
            | Row
            | undefined)?.v as string | undefined ?? null;
        if (c.value === null) {
          if (old === null) throw new StoreError(404, `no ${c.kind} ${c.key} to remove`);
          this.#prepare(`DELETE FROM ${table} WHERE ${col} = ?`).run(c.key);
        } else {
          this.#prepare(
            `INSERT INTO ${table} (${col}, ${val}, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (${col}) DO UPDATE SET ${val} = excluded.${val}, updated_at = excluded.updated_at`,
          ).run(c.key, c.value, at);
        }
        this.#prepare("INSERT INTO audit (at, who, kind, key, old, new) VALUES (?, ?, ?, ?, ?, ?)")
          .run(at, who, c.kind, c.key, old, c.value);
        applied.push({ kind: c.kind, key: c.key, old, new: c.value });
      }
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
    return applied;
  }

  get(kind: "number" | "prefix", key: string): Promise<string | undefined> {
    const sql = kind === "number"
      ? "SELECT url AS v FROM numbers WHERE number = ?"
      : "SELECT template AS v FROM prefixes WHERE prefix = ?";
    return Promise.resolve((this.db.prepare(sql).get(key) as Row | undefined)?.v as string);
  }

  entries(): Promise<{ numbers: [string, string][]; prefixes: [string, string][] }> {
    const numbers = this.db.prepare("SELECT number, url FROM numbers ORDER BY number").all()
      .map((r) => [r.number, r.url] as [string, string]);
    const prefixes = this.db.prepare("SELECT prefix, template FROM prefixes ORDER BY prefix").all()
      .map((r) => [r.prefix, r.template] as [string, string]);
    return Promise.resolve({ numbers, prefixes });
  }

  audit(limit = 100): Promise<AuditRecord[]> {
    return Promise.resolve(
      this.db.prepare("SELECT * FROM audit ORDER BY id DESC LIMIT ?").all(limit)
        .map((r) => ({ ...r, id: Number(r.id) }) as unknown as AuditRecord),
    );
  }

  addClient(client: Client, tokenHash: string): Promise<void> {
    try {
      this.db.prepare(
        "INSERT INTO clients (name, token_hash, role, scope, created_at) VALUES (?, ?, ?, ?, ?)",
      ).run(
        client.name,
        tokenHash,
        client.role,
        JSON.stringify(client.scope),
        new Date().toISOString(),
      );
    } catch (e) {
      if (/UNIQUE/.test((e as Error).message)) {
        return Promise.reject(new StoreError(409, `a client named ${client.name} exists`));
      }
      return Promise.reject(e);
    }
    return Promise.resolve();
  }

  removeClient(name: string): Promise<boolean> {
    const r = this.db.prepare("DELETE FROM clients WHERE name = ?").run(name);
    return Promise.resolve(Number(r.changes) > 0);
  }

  findClient(tokenHash: string): Promise<Client | undefined> {
    const r = this.db.prepare("SELECT name, role, scope FROM clients WHERE token_hash = ?")
      .get(tokenHash) as Row | undefined;
    return Promise.resolve(r ? toClient(r) : undefined);
  }

  clients(): Promise<Client[]> {
    return Promise.resolve(
      this.db.prepare("SELECT name, role, scope FROM clients ORDER BY name").all().map(toClient),
    );
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}

function toClient(r: Row): Client {
  return {
    name: r.name as string,
    role: r.role as Client["role"],
    scope: JSON.parse(r.scope as string),
  };
}

function migrate(db: DatabaseSync, wanted: NumberingContext | undefined, path: string) {
  db.exec("BEGIN IMMEDIATE");
  try {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
      .get();
    const version = hasMeta
      ? Number((db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as Row)?.value ?? 0)
      : 0;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        409,
        `${path}: schema ${version} is newer than this phone (${SCHEMA_VERSION})`,
      );
    }
    for (const step of MIGRATIONS.sqlite.slice(version)) for (const sql of step) db.exec(sql);
    db.prepare("INSERT OR REPLACE INTO meta VALUES ('schema', ?)").run(String(SCHEMA_VERSION));
    const context = checkContext(
      (db.prepare("SELECT value FROM meta WHERE key = 'context'").get() as Row | undefined)
        ?.value as string | undefined,
      wanted,
      path,
    );
    db.prepare("INSERT OR REPLACE INTO meta VALUES ('context', ?)").run(contextToText(context));
    db.exec("COMMIT");
    return context;
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}

/** The stored context, or the wanted one for a new store; refuses a mismatch. */
export function checkContext(
  stored: string | undefined,
  wanted: NumberingContext | undefined,
  where: string,
): NumberingContext {
  if (stored) {
    const context = contextFromText(stored);
    if (wanted && !sameContext(context, wanted)) {
      throw new StoreError(
        409,
        `${where}: the store's numbering context (${stored}) differs from the one given`,
      );
    }
    return context;
  }
  if (!wanted) {
    throw new StoreError(
      400,
      `${where}: a new store needs a numbering context (e.g. country=81 area=3)`,
    );
  }
  return wanted;
}

/** Opens a SQLite store (see {@link SqliteStore.open}). */
export function openSqliteStore(
  path: string,
  options: StoreOpenOptions = {},
): Promise<SqliteStore> {
  try {
    return Promise.resolve(SqliteStore.open(path, options));
  } catch (e) {
    return Promise.reject(e);
  }
}
