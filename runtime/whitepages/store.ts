/**
 * Where a white pages server keeps its directory: numbers, prefix templates, the
 * clients allowed to change them (tokens, stored hashed) and an audit trail of every
 * change. One contract, two stores: SQLite (embedded, the default) and PostgreSQL
 * (several servers over one database). Keys are stored in international form; the
 * store's numbering context, kept in the store, reads what clients dial.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from "./sqlite_store.ts";
 * const store = await openSqliteStore(":memory:", {
 *   context: { country: "81", area: "3", trunkPrefix: "0", internationalPrefix: "010" },
 * });
 * await store.apply([{ kind: "number", key: "03-5734-3299", value: "iphone://p.example/0" }], "setup");
 * await store.resolve("81357343299"); // "iphone://p.example/0"
 * await store.close();
 * ```
 * @module
 */
import type { DirectoryReader } from "./answer.ts";
import { canonicalNumber, NumberError, type NumberingContext } from "./numbering.ts";

/** One change: set (`value`) or remove (`value: null`) a number or a prefix template. */
export interface Change {
  kind: "number" | "prefix";
  /** As dialed in the store's context (or `+` international). */
  key: string;
  value: string | null;
}

/** A change as applied: the key in international form, with the values before and after. */
export interface AppliedChange {
  kind: "number" | "prefix";
  key: string;
  old: string | null;
  new: string | null;
}

/** One line of the audit trail. */
export interface AuditRecord {
  id: number;
  /** ISO 8601 time of the change. */
  at: string;
  /** Name of the client (token) that made it. */
  who: string;
  kind: "number" | "prefix";
  key: string;
  old: string | null;
  new: string | null;
}

/** Who may change what: an operator everything, a user numbers inside `scope`. */
export interface Client {
  name: string;
  role: "operator" | "user";
  /** International numbers, or prefixes ending in `*`, that a user may change. */
  scope: string[];
}

/** A change that cannot be made; `status` is the HTTP status that says why. */
export class StoreError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409, message: string) {
    super(message);
    this.name = "StoreError";
  }
}

/** The contract both stores keep (and `store_suite` tests). */
export interface DirectoryStore extends DirectoryReader {
  /** `sqlite` or `postgres`. */
  readonly kind: string;
  /** The schema version after migrations. */
  readonly schemaVersion: number;
  /** Applies all `changes` or none, auditing each as made by `who`. */
  apply(changes: readonly Change[], who: string): Promise<AppliedChange[]>;
  /** The stored URL of number `key` or template of prefix `key` (international form). */
  get(kind: "number" | "prefix", key: string): Promise<string | undefined>;
  /** Every number and every prefix, sorted, for export. */
  entries(): Promise<{ numbers: [string, string][]; prefixes: [string, string][] }>;
  /** The newest audit records first. */
  audit(limit?: number): Promise<AuditRecord[]>;
  /** Adds a client; `tokenHash` from {@link hashToken}. A name is used once. */
  addClient(client: Client, tokenHash: string): Promise<void>;
  /** Removes a client; false when there was none by that name. */
  removeClient(name: string): Promise<boolean>;
  /** The client whose token hashes to `tokenHash`. */
  findClient(tokenHash: string): Promise<Client | undefined>;
  /** Every client (no hashes). */
  clients(): Promise<Client[]>;
  close(): Promise<void>;
}

/** A template filled for `number` matched by `prefix`. */
export function fillTemplate(template: string, prefix: string, number: string): string {
  return template.replaceAll("{digits}", number.slice(prefix.length)).replaceAll(
    "{number}",
    number,
  );
}

/** Every proper prefix of `number`, longest first. */
export function prefixesOf(number: string): string[] {
  const out: string[] = [];
  for (let n = number.length - 1; n >= 1; n--) out.push(number.slice(0, n));
  return out;
}

const MAX_URL = 2048;

/** Checks a session URL or template; the message names the key, not the value. */
export function checkSessionUrl(value: unknown, what: string): string {
  if (typeof value !== "string") throw new StoreError(400, `${what}: the URL must be a string`);
  if (value.length > MAX_URL) {
    throw new StoreError(400, `${what}: the URL is longer than ${MAX_URL} characters`);
  }
  // deno-lint-ignore no-control-regex
  if (!/^(iphone|sdp):/i.test(value) || /[\s\x00-\x1f\x7f]/.test(value)) {
    throw new StoreError(
      400,
      `${what}: expected a session URL (iphone:... or sdp:...) without spaces or control characters`,
    );
  }
  return value;
}

/** Reads a change's key in `context`; a 400 {@link StoreError} if it is not a number. */
export function canonicalKey(change: Change, context: NumberingContext): string {
  if (typeof change.key !== "string") throw new StoreError(400, `${change.kind}: key missing`);
  try {
    return canonicalNumber(change.key, context, change.kind === "prefix");
  } catch (e) {
    if (e instanceof NumberError) {
      throw new StoreError(400, `${change.kind} ${change.key.slice(0, 40)}: ${e.reason}`);
    }
    throw e;
  }
}

/** True when a `client` may make a change to `kind` `key` (international form). */
export function mayChange(client: Client, kind: "number" | "prefix", key: string): boolean {
  if (client.role === "operator") return true;
  if (kind !== "number") return false;
  return client.scope.some((s) => s.endsWith("*") ? key.startsWith(s.slice(0, -1)) : s === key);
}

/** Validates a batch before any of it is written: keys canonical, URLs well formed. */
export function validateChanges(
  changes: readonly Change[],
  context: NumberingContext,
): { kind: "number" | "prefix"; key: string; value: string | null }[] {
  if (!Array.isArray(changes) || changes.length === 0) {
    throw new StoreError(400, "no changes given");
  }
  if (changes.length > 10000) throw new StoreError(400, "more than 10000 changes in one batch");
  const seen = new Set<string>();
  return changes.map((c, i) => {
    if (c?.kind !== "number" && c?.kind !== "prefix") {
      throw new StoreError(400, `change ${i + 1}: kind must be "number" or "prefix"`);
    }
    const key = canonicalKey(c, context);
    if (seen.has(c.kind + key)) {
      throw new StoreError(400, `change ${i + 1}: ${c.kind} ${key} appears twice in the batch`);
    }
    seen.add(c.kind + key);
    const value = c.value === null ? null : checkSessionUrl(c.value, `${c.kind} ${key}`);
    return { kind: c.kind, key, value };
  });
}

/** The SHA-256 of a token, hex: what a store keeps instead of the token. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new random token (256 bits), to be shown once to its client. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return "wp_" + btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

/** The context as stored (JSON), and back. */
export function contextToText(context: NumberingContext): string {
  return JSON.stringify(context);
}

/** Parses a stored context. */
export function contextFromText(text: string): NumberingContext {
  return JSON.parse(text) as NumberingContext;
}

/** Same context? (A store opened with another one is refused: its keys would be misread.) */
export function sameContext(a: NumberingContext, b: NumberingContext): boolean {
  const norm = (c: NumberingContext) =>
    JSON.stringify({
      country: c.country,
      area: c.area ?? "",
      trunk: c.trunkPrefix ?? "",
      intl: c.internationalPrefix ?? "",
      pbx: c.pbx
        ? [c.pbx.extensionDigits, c.pbx.extensionBase, c.pbx.outsideLinePrefix ?? ""]
        : null,
    });
  return norm(a) === norm(b);
}
