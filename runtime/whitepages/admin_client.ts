/**
 * Calling a white pages registration API (see `admin.ts`): register, change and
 * remove numbers and prefix templates with a client token. Every call has a
 * deadline and an answer size limit; failures are {@link AdminError}s that carry
 * the server's reason.
 *
 * @example
 * ```ts
 * import { AdminClient } from "./admin_client.ts";
 * const admin = new AdminClient("http://127.0.0.1:8081/", Deno.env.get("PHONE_WHITEPAGES_TOKEN")!);
 * await admin.putNumber("03-5734-3299", "iphone://phone.example.jp/0");
 * ```
 * @module
 */
import { readLimited } from "./client.ts";
import type { AppliedChange, AuditRecord, Change, Client } from "./store.ts";

/** A registration request that did not succeed. */
export class AdminError extends Error {
  constructor(readonly status: number | undefined, message: string) {
    super(message);
    this.name = "AdminError";
  }
}

/** A client of one registration API with one token. */
export class AdminClient {
  readonly base: URL;
  constructor(base: string, readonly token: string, readonly timeoutMs = 10000) {
    try {
      this.base = new URL(base);
    } catch {
      throw new AdminError(undefined, `registration server "${base}" is not a URL`);
    }
  }

  async #call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const url = new URL(path, this.base);
    let response: Response;
    let text: string | undefined;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: "error",
      });
      text = await readLimited(response, 1 << 20);
    } catch (e) {
      const err = e as Error & { cause?: Error };
      const why = err.name === "TimeoutError"
        ? `no answer within ${this.timeoutMs} ms`
        : (err.cause?.message ?? err.message).split("\n")[0];
      throw new AdminError(undefined, `registration server ${this.base.origin}: ${why}`);
    }
    if (text === undefined) {
      throw new AdminError(response.status, `${this.base.origin} answered more than 1 MiB`);
    }
    let value: Record<string, unknown> = {};
    try {
      value = JSON.parse(text);
    } catch {
      throw new AdminError(
        response.status,
        `${this.base.origin} answered ${response.status}, not JSON`,
      );
    }
    if (!response.ok) {
      throw new AdminError(response.status, `${response.status}: ${value.error ?? "failed"}`);
    }
    return value;
  }

  /** Adds or changes a number's session URL. */
  async putNumber(number: string, url: string): Promise<AppliedChange[]> {
    return (await this.#call("PUT", `numbers/${encodeURIComponent(number)}`, { url }))
      .applied as AppliedChange[];
  }

  /** Removes a number. */
  async removeNumber(number: string): Promise<AppliedChange[]> {
    return (await this.#call("DELETE", `numbers/${encodeURIComponent(number)}`))
      .applied as AppliedChange[];
  }

  /** Adds or changes a prefix template (operators only). */
  async putPrefix(prefix: string, template: string): Promise<AppliedChange[]> {
    return (await this.#call("PUT", `prefixes/${encodeURIComponent(prefix)}`, { template }))
      .applied as AppliedChange[];
  }

  /** Removes a prefix template (operators only). */
  async removePrefix(prefix: string): Promise<AppliedChange[]> {
    return (await this.#call("DELETE", `prefixes/${encodeURIComponent(prefix)}`))
      .applied as AppliedChange[];
  }

  /** Applies a batch, all or none. */
  async apply(changes: Change[]): Promise<AppliedChange[]> {
    return (await this.#call("POST", "changes", { changes })).applied as AppliedChange[];
  }

  /** The latest audit records (operators only). */
  async audit(limit = 50): Promise<AuditRecord[]> {
    return (await this.#call("GET", `audit?limit=${limit}`)).audit as AuditRecord[];
  }

  /** Who this token is. */
  async whoami(): Promise<Client> {
    return await this.#call("GET", "whoami") as unknown as Client;
  }
}
