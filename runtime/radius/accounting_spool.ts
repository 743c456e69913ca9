/**
 * Durable RADIUS accounting: every record is written to SQLite (WAL, synchronous=FULL) before
 * {@link AccountingSpool.enqueue} returns, then sent in order and deleted only once a verified
 * Accounting-Response acknowledges it. A server that is down, a dropped packet or a restart of
 * the gateway delays a record, never loses it: the next process that opens the same file sends
 * what is left. Acct-Delay-Time says how long each record waited (RFC 2866 §5.2).
 *
 * Delivery is at least once: a lost Accounting-Response makes the record go again, as RADIUS
 * accounting always has; servers deduplicate on Acct-Session-Id and Acct-Status-Type.
 *
 * @example
 * ```ts
 * import { AccountingSpool, AcctStatusType, Attribute, RadiusClient, textAttribute } from "./mod.ts";
 * const client = RadiusClient.open({
 *   servers: [{ address: "127.0.0.1", port: 1813, secret: "testing123" }],
 * });
 * using spool = AccountingSpool.open("/var/lib/phone/accounting.db", client);
 * spool.enqueue(AcctStatusType.Start, "gw-1-0001", [textAttribute(Attribute.UserName, "4711")]);
 * await spool.drained(5000); // true once the server has acknowledged everything
 * ```
 * @module
 */

import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { RadiusClient } from "./client.ts";
import { Attribute } from "./dictionary.ts";
import { integerAttribute, type RadiusAttribute, textAttribute } from "./packet.ts";

/** Timing of retries; all optional. */
export interface SpoolOptions {
  /** First wait after a record went unanswered, ms (default 1000). */
  readonly retryMs?: number;
  /** Ceiling of the doubled wait, ms (default 60000). */
  readonly maxRetryMs?: number;
  /** Clock for Acct-Delay-Time and Event-Timestamp (default `Date.now`). */
  readonly now?: () => number;
}

/** Counters. */
export interface SpoolStats {
  enqueued: number;
  acknowledged: number;
  /** Sends that got no verified answer (the record stays queued). */
  unanswered: number;
}

interface Row {
  id: number;
  status: number;
  session_id: string;
  attributes: Uint8Array;
  created_ms: number;
}

/** A queue of accounting records on disk with a sender that drains it. */
export class AccountingSpool implements Disposable {
  readonly stats: SpoolStats = { enqueued: 0, acknowledged: 0, unanswered: 0 };
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #oldest: StatementSync;
  readonly #delete: StatementSync;
  readonly #count: StatementSync;
  readonly #client: RadiusClient;
  readonly #retryMs: number;
  readonly #maxRetryMs: number;
  readonly #now: () => number;
  #wait: number;
  #running = false;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | null = null;
  #drainWaiters: (() => void)[] = [];

  private constructor(db: DatabaseSync, client: RadiusClient, options: SpoolOptions) {
    this.#db = db;
    this.#client = client;
    this.#retryMs = options.retryMs ?? 1000;
    this.#maxRetryMs = options.maxRetryMs ?? 60000;
    this.#now = options.now ?? Date.now;
    this.#wait = this.#retryMs;
    this.#insert = db.prepare(
      "INSERT INTO records (status, session_id, attributes, created_ms) VALUES (?, ?, ?, ?)",
    );
    this.#oldest = db.prepare("SELECT * FROM records ORDER BY id LIMIT 1");
    this.#delete = db.prepare("DELETE FROM records WHERE id = ?");
    this.#count = db.prepare("SELECT COUNT(*) AS n FROM records");
  }

  /**
   * Opens (or creates) the spool file and starts sending what it holds through `client`.
   * Throws with the path and SQLite's reason if the file cannot be used.
   */
  static open(path: string, client: RadiusClient, options: SpoolOptions = {}): AccountingSpool {
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path);
      db.exec(`PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS records (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          status INTEGER NOT NULL,
          session_id TEXT NOT NULL,
          attributes BLOB NOT NULL,
          created_ms INTEGER NOT NULL
        );`);
    } catch (e) {
      throw new Error(`accounting spool ${path}: ${(e as Error).message}`);
    }
    const spool = new AccountingSpool(db, client, options);
    spool.#run();
    return spool;
  }

  /** Records waiting for acknowledgement. */
  get pending(): number {
    return Number((this.#count.get() as { n: number }).n);
  }

  /**
   * Stores a record durably and wakes the sender. `attributes` are those besides
   * Acct-Status-Type, Acct-Session-Id, Acct-Delay-Time and Event-Timestamp, which the spool adds.
   */
  enqueue(status: number, sessionId: string, attributes: readonly RadiusAttribute[]): void {
    if (this.#closed) throw new Error("accounting spool: enqueue after close");
    this.#insert.run(status, sessionId, packAttributes(attributes), this.#now());
    this.stats.enqueued++;
    this.#kick();
  }

  /** Resolves true once nothing is pending, false if `timeoutMs` passes first. */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.pending === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result = await Promise.race([
      new Promise<boolean>((r) => this.#drainWaiters.push(() => r(true))),
      new Promise<boolean>((r) => timer = setTimeout(() => r(false), timeoutMs)),
    ]);
    clearTimeout(timer);
    return result;
  }

  /** Stops sending and closes the file; what is pending stays for the next open. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#wake?.();
    this.#db.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #kick(): void {
    this.#wait = this.#retryMs;
    clearTimeout(this.#timer);
    this.#wake?.();
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    while (!this.#closed) {
      const row = this.#oldest.get() as Row | undefined;
      if (!row) {
        this.#drainWaiters.splice(0).forEach((w) => w());
        await new Promise<void>((r) => this.#wake = r);
        continue;
      }
      const outcome = await this.#client.account(() => this.#attributesOf(row));
      if (this.#closed) break;
      if (outcome.ok) {
        this.#delete.run(row.id);
        this.stats.acknowledged++;
        this.#wait = this.#retryMs;
        continue;
      }
      this.stats.unanswered++;
      await new Promise<void>((r) => {
        this.#wake = r;
        this.#timer = setTimeout(r, this.#wait);
      });
      this.#wait = Math.min(this.#wait * 2, this.#maxRetryMs);
    }
    this.#running = false;
  }

  #attributesOf(row: Row): RadiusAttribute[] {
    const now = this.#now();
    return [
      integerAttribute(Attribute.AcctStatusType, row.status),
      textAttribute(Attribute.AcctSessionId, row.session_id),
      ...unpackAttributes(row.attributes),
      integerAttribute(
        Attribute.AcctDelayTime,
        Math.max(0, Math.floor((now - row.created_ms) / 1000)),
      ),
      integerAttribute(Attribute.EventTimestamp, Math.floor(row.created_ms / 1000)),
    ];
  }
}

/** Attributes as stored: type, length, value, back to back (the wire layout). */
function packAttributes(attributes: readonly RadiusAttribute[]): Uint8Array {
  const out = new Uint8Array(attributes.reduce((n, a) => n + 2 + a.value.length, 0));
  let offset = 0;
  for (const a of attributes) {
    out[offset] = a.type;
    out[offset + 1] = a.value.length + 2;
    out.set(a.value, offset + 2);
    offset += a.value.length + 2;
  }
  return out;
}

function unpackAttributes(bytes: Uint8Array): RadiusAttribute[] {
  const out: RadiusAttribute[] = [];
  for (let offset = 0; offset + 2 <= bytes.length;) {
    const length = bytes[offset + 1];
    if (length < 2) break;
    out.push({ type: bytes[offset], value: bytes.slice(offset + 2, offset + length) });
    offset += length;
  }
  return out;
}
