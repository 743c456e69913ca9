/**
 * The white pages store on PostgreSQL, for a provider that runs several white pages
 * servers over one database. A look-up is one round trip (the number and its
 * longest prefix in one prepared query); changes run in one transaction each batch;
 * migrations take an advisory lock so that servers starting together agree.
 *
 * @example
 * ```ts
 * import { openPostgresStore } from "./postgres_store.ts";
 * const store = await openPostgresStore("postgres://wp@db.example/whitepages", {
 *   context: { country: "81", area: "3", trunkPrefix: "0", internationalPrefix: "010" },
 * });
 * await store.resolve("81357343299");
 * await store.close();
 * ```
 * @module
 */
import postgres from "postgres";
import type { NumberingContext } from "./numbering.ts";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.ts";
import { checkContext, type StoreOpenOptions } from "./sqlite_store.ts";
import {
  type AppliedChange,
  type AuditRecord,
  type Change,
  type Client,
  contextToText,
  type DirectoryStore,
  fillTemplate,
  prefixesOf,
  StoreError,
  validateChanges,
} from "./store.ts";

/** Options of {@link openPostgresStore}. */
export interface PostgresOpenOptions extends StoreOpenOptions {
  /** Connections in this process's pool (default 8). */
  poolSize?: number;
}

type Sql = postgres.Sql;

/** A PostgreSQL white pages store; see {@link openPostgresStore}. */
export class PostgresStore implements DirectoryStore {
  readonly kind = "postgres";
  readonly schemaVersion = SCHEMA_VERSION;

  private constructor(readonly sql: Sql, readonly context: NumberingContext) {}

  /** Connects to `url` (`postgres://...`; `?host=/dir&port=N` for a unix socket) and migrates. */
  static async open(url: string, options: PostgresOpenOptions = {}): Promise<PostgresStore> {
    const sql = postgres(url, {
      max: options.poolSize ?? 8,
      onnotice: () => {},
      connect_timeout: 10,
    });
    try {
      const context = await sql.begin(async (tx: postgres.TransactionSql) => {
        await tx`SELECT pg_advisory_xact_lock(7270018)`;
        await tx`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`;
        const v = await tx`SELECT value FROM meta WHERE key = 'schema'`;
        const version = v.length ? Number(v[0].value) : 0;
        if (version > SCHEMA_VERSION) {
          throw new StoreError(
            409,
            `schema ${version} is newer than this phone (${SCHEMA_VERSION})`,
          );
        }
        for (const step of MIGRATIONS.postgres.slice(version)) {
          for (const stmt of step) {
            if (stmt.startsWith("CREATE TABLE meta ")) continue; // made above, to hold the version
            await tx.unsafe(stmt);
          }
        }
        await tx`INSERT INTO meta VALUES ('schema', ${String(SCHEMA_VERSION)})
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
        const c = await tx`SELECT value FROM meta WHERE key = 'context'`;
        const context = checkContext(c[0]?.value, options.context, "postgres store");
        await tx`INSERT INTO meta VALUES ('context', ${contextToText(context)})
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
        return context;
      });
      return new PostgresStore(sql, context as NumberingContext);
    } catch (e) {
      await sql.end({ timeout: 1 });
      throw e;
    }
  }

  async resolve(number: string): Promise<string | undefined> {
    const rows = await this.sql`
      SELECT url AS v, NULL AS prefix FROM numbers WHERE number = ${number}
      UNION ALL
      (SELECT template, prefix FROM prefixes WHERE prefix = ANY(${prefixesOf(number)}::text[])
       ORDER BY length(prefix) DESC LIMIT 1)`;
    if (!rows.length) return undefined;
    const exact = rows.find((r: postgres.Row) => r.prefix === null);
    if (exact) return exact.v as string;
    return fillTemplate(rows[0].v as string, rows[0].prefix as string, number);
  }

  async apply(changes: readonly Change[], who: string): Promise<AppliedChange[]> {
    const valid = validateChanges(changes, this.context);
    return await this.sql.begin(async (tx: postgres.TransactionSql) => {
      const applied: AppliedChange[] = [];
      for (const c of valid) {
        let old: string | null;
        if (c.kind === "number") {
          const r = await tx`SELECT url FROM numbers WHERE number = ${c.key} FOR UPDATE`;
          old = r[0]?.url ?? null;
          if (c.value === null) {
            if (old === null) throw new StoreError(404, `no number ${c.key} to remove`);
            await tx`DELETE FROM numbers WHERE number = ${c.key}`;
          } else {
            await tx`INSERT INTO numbers VALUES (${c.key}, ${c.value}, now())
                     ON CONFLICT (number) DO UPDATE SET url = excluded.url, updated_at = now()`;
          }
        } else {
          const r = await tx`SELECT template FROM prefixes WHERE prefix = ${c.key} FOR UPDATE`;
          old = r[0]?.template ?? null;
          if (c.value === null) {
            if (old === null) throw new StoreError(404, `no prefix ${c.key} to remove`);
            await tx`DELETE FROM prefixes WHERE prefix = ${c.key}`;
          } else {
            await tx`INSERT INTO prefixes VALUES (${c.key}, ${c.value}, now())
                     ON CONFLICT (prefix) DO UPDATE SET template = excluded.template, updated_at = now()`;
          }
        }
        await tx`INSERT INTO audit (at, who, kind, key, old, new)
                 VALUES (now(), ${who}, ${c.kind}, ${c.key}, ${old}, ${c.value})`;
        applied.push({ kind: c.kind, key: c.key, old, new: c.value });
      }
      return applied;
    }) as AppliedChange[];
  }

  async get(kind: "number" | "prefix", key: string): Promise<string | undefined> {
    const r = kind === "number"
      ? await this.sql`SELECT url AS v FROM numbers WHERE number = ${key}`
      : await this.sql`SELECT template AS v FROM prefixes WHERE prefix = ${key}`;
    return r[0]?.v;
  }

  async entries(): Promise<{ numbers: [string, string][]; prefixes: [string, string][] }> {
    const n = await this.sql`SELECT number, url FROM numbers ORDER BY number COLLATE "C"`;
    const p = await this.sql`SELECT prefix, template FROM prefixes ORDER BY prefix COLLATE "C"`;
    return {
      numbers: n.map((r: postgres.Row) => [r.number, r.url]),
      prefixes: p.map((r: postgres.Row) => [r.prefix, r.template]),
    };
  }

  async audit(limit = 100): Promise<AuditRecord[]> {
    const rows = await this.sql`SELECT * FROM audit ORDER BY id DESC LIMIT ${limit}`;
    return rows.map((r: postgres.Row) => ({
      id: Number(r.id),
      at: (r.at as Date).toISOString(),
      who: r.who,
      kind: r.kind,
      key: r.key,
      old: r.old,
      new: r.new,
    }));
  }

  async addClient(client: Client, tokenHash: string): Promise<void> {
    try {
      await this.sql`INSERT INTO clients VALUES (${client.name}, ${tokenHash}, ${client.role},
                     ${JSON.stringify(client.scope)}, now())`;
    } catch (e) {
      if ((e as { code?: string }).code === "23505") {
        throw new StoreError(409, `a client named ${client.name} exists`);
      }
      throw e;
    }
  }

  async removeClient(name: string): Promise<boolean> {
    const r = await this.sql`DELETE FROM clients WHERE name = ${name}`;
    return r.count > 0;
  }

  async findClient(tokenHash: string): Promise<Client | undefined> {
    const r = await this.sql`SELECT name, role, scope FROM clients WHERE token_hash = ${tokenHash}`;
    return r.length
      ? { name: r[0].name, role: r[0].role, scope: JSON.parse(r[0].scope) }
      : undefined;
  }

  async clients(): Promise<Client[]> {
    const r = await this.sql`SELECT name, role, scope FROM clients ORDER BY name COLLATE "C"`;
    return r.map((x: postgres.Row) => ({ name: x.name, role: x.role, scope: JSON.parse(x.scope) }));
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

/** Opens a PostgreSQL store (see {@link PostgresStore.open}). */
export function openPostgresStore(
  url: string,
  options: PostgresOpenOptions = {},
): Promise<PostgresStore> {
  return PostgresStore.open(url, options);
}
