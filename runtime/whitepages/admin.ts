/**
 * The registration API of a white pages store, on its own listener (loopback by
 * default). JSON over HTTP, every request authenticated with a client token
 * (`Authorization: Bearer TOKEN`, looked up by its hash). An operator may change
 * anything; a user only the numbers in their scope, and no prefix templates.
 *
 * | request                          | body                        | effect                       |
 * | -------------------------------- | --------------------------- | ---------------------------- |
 * | `GET /numbers/NUMBER`            |                             | `{number, url}` or 404       |
 * | `PUT /numbers/NUMBER`            | `{"url": "iphone://..."}`   | add or change                |
 * | `DELETE /numbers/NUMBER`         |                             | remove                       |
 * | `PUT /prefixes/PREFIX`           | `{"template": "iphone:.."}` | add or change (operator)     |
 * | `DELETE /prefixes/PREFIX`        |                             | remove (operator)            |
 * | `POST /changes`                  | `{"changes": [Change...]}`  | all or none                  |
 * | `GET /audit?limit=N`             |                             | latest changes (operator)    |
 * | `GET /whoami`                    |                             | the client and its scope     |
 *
 * Numbers are written as dialed in the store's context (or `+` international,
 * escaped as `%2B`). Answers are JSON; errors are `{"error": "..."}` with 400, 401,
 * 403, 404, 405, 409, 413 or 415.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { serveAdmin } from "./admin.ts";
 * const store = await openSqliteStore("book.db", { context: { country: "1" } });
 * const admin = await serveAdmin(store, { port: 8081 });
 * ```
 * @module
 */
import type http from "node:http";
import { type HardenedServer, listenHardened, type ListenOptions } from "./hardened_server.ts";
import {
  canonicalKey,
  type Change,
  type Client,
  type DirectoryStore,
  hashToken,
  mayChange,
  StoreError,
  validateChanges,
} from "./store.ts";

/** Largest request body, bytes (a batch of a few thousand changes). */
export const MAX_ADMIN_BODY = 1 << 20;

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers = {}) {
    super(message);
  }
}

function json(res: http.ServerResponse, status: number, value: unknown, headers = {}) {
  const body = JSON.stringify(value) + "\n";
  res.writeHead(status, {
    "content-type": "application/json",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_ADMIN_BODY) {
      reject(new HttpError(413, `the body is larger than ${MAX_ADMIN_BODY} bytes`));
      return;
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    req.on("data", (c: Uint8Array) => {
      total += c.byteLength;
      if (total > MAX_ADMIN_BODY) {
        reject(new HttpError(413, `the body is larger than ${MAX_ADMIN_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => {
      const all = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.byteLength;
      }
      try {
        resolve(new TextDecoder("utf-8", { fatal: true }).decode(all));
      } catch {
        reject(new HttpError(400, "the body is not UTF-8"));
      }
    });
    req.on("error", reject);
  });
}

async function jsonBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const type = String(req.headers["content-type"] ?? "").split(";")[0].trim();
  if (type !== "application/json") {
    throw new HttpError(415, "send the body as application/json");
  }
  const text = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

async function authenticate(store: DirectoryStore, req: http.IncomingMessage): Promise<Client> {
  const auth = String(req.headers.authorization ?? "");
  const m = /^Bearer ([A-Za-z0-9_\-.~+/=]{16,200})$/.exec(auth);
  const challenge = { "www-authenticate": 'Bearer realm="white pages"' };
  if (!m) throw new HttpError(401, "send Authorization: Bearer TOKEN", challenge);
  const client = await store.findClient(await hashToken(m[1]));
  if (!client) throw new HttpError(401, "unknown token", challenge);
  return client;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, "bad %-escape in the path");
  }
}

/** Checks that `client` may make every change, before any is written. */
function authorize(store: DirectoryStore, client: Client, changes: Change[]): void {
  for (const { kind, key } of validateChanges(changes, store.context)) {
    if (!mayChange(client, kind, key)) {
      throw new HttpError(
        403,
        kind === "prefix"
          ? "only an operator may change prefix templates"
          : `${client.name} may not change number ${key}`,
      );
    }
  }
}

async function route(
  store: DirectoryStore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://admin");
  const method = req.method ?? "GET";
  const client = await authenticate(store, req);
  const parts = url.pathname.split("/").filter(Boolean);
  const apply = async (changes: Change[]) => {
    authorize(store, client, changes);
    json(res, 200, { applied: await store.apply(changes, client.name) });
  };
  const only = (...allowed: string[]) => {
    if (!allowed.includes(method)) {
      throw new HttpError(405, `use ${allowed.join(" or ")}`, { allow: allowed.join(", ") });
    }
  };
  if (parts.length === 1 && parts[0] === "whoami") {
    only("GET");
    return json(res, 200, client);
  }
  if (parts.length === 1 && parts[0] === "audit") {
    only("GET");
    if (client.role !== "operator") throw new HttpError(403, "only an operator may read the audit");
    const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 100) || 100, 1), 1000);
    return json(res, 200, { audit: await store.audit(limit) });
  }
  if (parts.length === 1 && parts[0] === "changes") {
    only("POST");
    const body = await jsonBody(req);
    if (!Array.isArray(body.changes)) throw new HttpError(400, 'expected {"changes": [...]}');
    return apply(body.changes as Change[]);
  }
  if (parts.length === 2 && (parts[0] === "numbers" || parts[0] === "prefixes")) {
    const kind = parts[0] === "numbers" ? "number" : "prefix";
    const field = kind === "number" ? "url" : "template";
    const key = decodeSegment(parts[1]);
    only("GET", "PUT", "DELETE");
    if (method === "GET") {
      const canonical = canonicalKey({ kind, key, value: null }, store.context);
      if (kind === "prefix" || !mayChange(client, kind, canonical)) {
        if (client.role !== "operator") {
          throw new HttpError(403, `${client.name} may not read this`);
        }
      }
      const value = await store.get(kind, canonical);
      if (value === undefined) throw new HttpError(404, `no ${kind} ${canonical}`);
      return json(res, 200, { [kind]: canonical, [field]: value });
    }
    if (method === "DELETE") return apply([{ kind, key, value: null }]);
    const body = await jsonBody(req);
    if (typeof body[field] !== "string") {
      throw new HttpError(400, `expected {"${field}": "iphone://..."}`);
    }
    return apply([{ kind, key, value: body[field] as string }]);
  }
  throw new HttpError(404, "no such resource (see /numbers/N, /prefixes/P, /changes, /audit)");
}

/** The request handler of the registration API over `store`. */
export function adminHandler(
  store: DirectoryStore,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    route(store, req, res).catch((e) => {
      if (res.headersSent) return res.destroy();
      if (e instanceof HttpError) return json(res, e.status, { error: e.message }, e.headers);
      if (e instanceof StoreError) return json(res, e.status, { error: e.message });
      // The store failed (database down): say so without internals.
      console.error(`white pages admin: ${(e as Error)?.message ?? e}`);
      json(res, 503, { error: "the store is unavailable" });
    });
  };
}

/** Serves the registration API over `store` on a hardened listener (loopback by default). */
export function serveAdmin(store: DirectoryStore, options: ListenOptions): Promise<HardenedServer> {
  return listenHardened(adminHandler(store), { maxConnections: 64, ...options });
}
