/**
 * The white pages schema, as numbered migrations for each SQL dialect. A store
 * applies, in one transaction, those above the version it finds, and refuses a
 * database newer than it knows.
 * @module
 */

/** Schema steps; index + 1 is the version each brings the database to. */
export const MIGRATIONS: Record<"sqlite" | "postgres", string[][]> = {
  sqlite: [[
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE numbers (number TEXT PRIMARY KEY, url TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE prefixes (prefix TEXT PRIMARY KEY, template TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE clients (name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, scope TEXT NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, old TEXT, new TEXT)",
  ]],
  postgres: [[
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE numbers (number TEXT PRIMARY KEY, url TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)",
    "CREATE TABLE prefixes (prefix TEXT PRIMARY KEY, template TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)",
    "CREATE TABLE clients (name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, scope TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)",
    "CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, who TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, old TEXT, new TEXT)",
  ]],
};

/** The version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.sqlite.length;
