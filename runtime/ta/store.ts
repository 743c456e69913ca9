/**
 * Where a terminal adapter keeps its state: SQLite (`node:sqlite`) in one file. Settings,
 * the phone book, call history, the administrator's password hash and login sessions.
 * The schema is migrated in steps on open (`PRAGMA user_version`); every change is one
 * transaction in a write-ahead log with full sync, so a crash or power loss mid-write
 * leaves either the old or the new state, never a mix, and nothing acknowledged is lost.
 *
 * @example
 * ```ts
 * import { TaStore } from "./store.ts";
 * const store = TaStore.open(":memory:");
 * store.saveSettings({ ...store.settings(), toneCountry: "jp" });
 * store.settings().toneCountry; // "jp"
 * store.close();
 * ```
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { PhoneBookEntry } from "../handset/phone_book.ts";
import { DEFAULT_SETTINGS, type TaSettings } from "./settings.ts";

/** One call in the history. */
export interface CallRecord {
  readonly id?: number;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly direction: "in" | "out";
  /** Who: the session URL called, or the caller's address. */
  readonly peer: string;
  /** What was dialed on the handset, if anything. */
  readonly dialed: string;
  readonly codec: string;
  /** How it ended: `answered`, `busy`, `unanswered`, `failed: ...`. */
  readonly result: string;
  /** Seconds talked. */
  readonly talkSeconds: number;
}

/** A login session as stored (the token itself is only in the browser's cookie). */
export interface StoredSession {
  readonly csrf: string;
  readonly expiresAt: number;
}

// Each step moves the schema from version i to i + 1; never edit a released step.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE phone_book (id INTEGER PRIMARY KEY, name TEXT NOT NULL, number TEXT NOT NULL,
     quick TEXT NOT NULL, url TEXT NOT NULL);
   CREATE TABLE calls (id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL,
     ended_at INTEGER NOT NULL, direction TEXT NOT NULL, peer TEXT NOT NULL,
     dialed TEXT NOT NULL, codec TEXT NOT NULL, result TEXT NOT NULL);
   CREATE TABLE admin (id INTEGER PRIMARY KEY CHECK (id = 1), password_hash TEXT NOT NULL);
   CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL,
     expires_at INTEGER NOT NULL);`,
  // 2: talk time in the history, quick dial keys unique.
  `ALTER TABLE calls ADD COLUMN talk_seconds REAL NOT NULL DEFAULT 0;
   CREATE UNIQUE INDEX phone_book_quick ON phone_book (quick) WHERE quick <> '';`,
];

/** Schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Calls kept in the history. */
const HISTORY_LIMIT = 500;

/** A TA's database. */
export class TaStore {
  private constructor(private readonly db: DatabaseSync, readonly path: string) {}

  /**
   * Opens (creating and migrating as needed) the database at `path`. Throws if the file
   * was written by a newer version (its schema is unknown here).
   */
  static open(path: string): TaStore {
    const db = new DatabaseSync(path);
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
    db.exec("PRAGMA busy_timeout = 5000;");
    const store = new TaStore(db, path);
    store.#migrate();
    return store;
  }

  /** The schema version of the open file. */
  get version(): number {
    return Number(
      (this.db.prepare("PRAGMA user_version").get() as { user_version: number })
        .user_version,
    );
  }

  #migrate(): void {
    const from = this.version;
    if (from > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(
        `${this.path}: schema version ${from} is newer than this phone's (${SCHEMA_VERSION})`,
      );
    }
    for (let v = from; v < SCHEMA_VERSION; v++) {
      this.#transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  #transaction<T>(body: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = body();
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }

  /** The settings, defaults filled in for anything never saved. */
  settings(): TaSettings {
    const rows = this.db.prepare("SELECT key, value FROM settings").all() as {
      key: string;
      value: string;
    }[];
    const saved: Record<string, unknown> = {};
    for (const { key, value } of rows) {
      if (key in DEFAULT_SETTINGS) saved[key] = JSON.parse(value);
    }
    return { ...DEFAULT_SETTINGS, ...saved } as TaSettings;
  }

  /** Saves every setting at once (one transaction). */
  saveSettings(settings: TaSettings): void {
    const put = this.db.prepare(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    this.#transaction(() => {
      for (const [key, value] of Object.entries(settings)) put.run(key, JSON.stringify(value));
    });
  }

  /** The phone book, by name. */
  phoneBook(): (PhoneBookEntry & { id: number })[] {
    return this.db.prepare("SELECT id, name, number, quick, url FROM phone_book ORDER BY name, id")
      .all() as unknown as (PhoneBookEntry & { id: number })[];
  }

  /** Adds an entry (assumed checked); throws if its quick dial key is taken. */
  addEntry(e: PhoneBookEntry): number {
    try {
      const r = this.db.prepare(
        "INSERT INTO phone_book (name, number, quick, url) VALUES (?, ?, ?, ?)",
      ).run(e.name, e.number, e.quick, e.url);
      return Number(r.lastInsertRowid);
    } catch (err) {
      if (/UNIQUE/.test((err as Error).message)) {
        throw new RangeError(`quick dial ${e.quick} is already taken`);
      }
      throw err;
    }
  }

  /** Removes entry `id`; false if there was none. */
  removeEntry(id: number): boolean {
    return Number(this.db.prepare("DELETE FROM phone_book WHERE id = ?").run(id).changes) > 0;
  }

  /** Adds a call to the history (the oldest beyond the limit are dropped). */
  addCall(c: CallRecord): void {
    this.#transaction(() => {
      this.db.prepare(
        `INSERT INTO calls (started_at, ended_at, direction, peer, dialed, codec, result, talk_seconds)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        c.startedAt,
        c.endedAt,
        c.direction,
        c.peer,
        c.dialed,
        c.codec,
        c.result,
        c.talkSeconds,
      );
      this.db.prepare(
        "DELETE FROM calls WHERE id NOT IN (SELECT id FROM calls ORDER BY id DESC LIMIT ?)",
      ).run(HISTORY_LIMIT);
    });
  }

  /** The latest `limit` calls, newest first. */
  calls(limit = 50): CallRecord[] {
    const rows = this.db.prepare(
      `SELECT id, started_at, ended_at, direction, peer, dialed, codec, result, talk_seconds
       FROM calls ORDER BY id DESC LIMIT ?`,
    ).all(limit) as Record<string, string | number>[];
    return rows.map((r) => ({
      id: Number(r.id),
      startedAt: Number(r.started_at),
      endedAt: Number(r.ended_at),
      direction: r.direction as "in" | "out",
      peer: String(r.peer),
      dialed: String(r.dialed),
      codec: String(r.codec),
      result: String(r.result),
      talkSeconds: Number(r.talk_seconds),
    }));
  }

  /** The administrator's password hash, if one was set. */
  passwordHash(): string | undefined {
    const row = this.db.prepare("SELECT password_hash FROM admin WHERE id = 1").get() as
      | { password_hash: string }
      | undefined;
    return row?.password_hash;
  }

  /** Sets the password hash; every session ends. */
  setPasswordHash(hash: string): void {
    this.#transaction(() => {
      this.db.prepare(
        "INSERT INTO admin (id, password_hash) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash",
      ).run(hash);
      this.db.exec("DELETE FROM sessions");
    });
  }

  /** Stores a session under the hash of its token. */
  addSession(tokenHash: string, csrf: string, expiresAt: number): void {
    this.db.prepare("DELETE FROM sessions WHERE expires_at < ?").run(Date.now());
    this.db.prepare("INSERT INTO sessions (token_hash, csrf, expires_at) VALUES (?, ?, ?)")
      .run(tokenHash, csrf, expiresAt);
  }

  /** The live session with this token hash, if any. */
  session(tokenHash: string): StoredSession | undefined {
    const row = this.db.prepare(
      "SELECT csrf, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
    ).get(tokenHash, Date.now()) as { csrf: string; expires_at: number } | undefined;
    return row ? { csrf: row.csrf, expiresAt: Number(row.expires_at) } : undefined;
  }

  /** Ends a session. */
  removeSession(tokenHash: string): void {
    this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(tokenHash);
  }

  /** `PRAGMA integrity_check`: "ok" when the file is sound. */
  integrity(): string {
    const row = this.db.prepare("PRAGMA integrity_check").get() as Record<string, string>;
    return Object.values(row)[0];
  }

  /** Closes the database. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
