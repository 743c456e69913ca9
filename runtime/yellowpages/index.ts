/**
 * The yellow pages index: the phone links of many pages in SQLite full-text search
 * (FTS5), names weighted above surrounding text. A page's links are replaced as a
 * whole when it is fetched again.
 *
 * @example
 * ```ts
 * import { YellowPagesIndex } from "./index.ts";
 * const index = new YellowPagesIndex(":memory:");
 * index.replacePage("http://example.edu/", "Staff", [
 *   { url: "iphone://alice.example.edu/0", name: "Alice Liddell", context: "Dean's office" },
 * ]);
 * index.search("alice"); // [{ name: "Alice Liddell", ... }]
 * index.close();
 * ```
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { PhoneLink } from "./extract.ts";

/** One search hit. */
export interface SearchHit extends PhoneLink {
  /** The page the link is on. */
  page: string;
  /** That page's title. */
  pageTitle: string;
}

/** A page as indexed. */
export interface PageRecord {
  page: string;
  title: string;
  links: number;
  /** ISO time of the last successful fetch. */
  fetchedAt: string;
  /** The last fetch's error, if it failed (the old links are kept). */
  error: string | null;
}

/** Words of a query as an FTS5 expression: each word quoted, a prefix match, all required. */
export function ftsQuery(q: string): string | undefined {
  const words = q.normalize("NFKC").match(/[\p{L}\p{N}]+/gu)?.slice(0, 16) ?? [];
  if (!words.length) return undefined;
  return words.map((w) => `"${w}"*`).join(" ");
}

/** Phone links of many pages, searchable. */
export class YellowPagesIndex {
  readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS pages (page TEXT PRIMARY KEY, title TEXT NOT NULL,
        link_count INTEGER NOT NULL, fetched_at TEXT NOT NULL, error TEXT);
      CREATE VIRTUAL TABLE IF NOT EXISTS phone_links USING fts5(
        name, context, url UNINDEXED, page UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
    `);
  }

  /** Replaces `page`'s links (all at once). */
  replacePage(page: string, title: string, links: PhoneLink[]): void {
    const db = this.db;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.prepare("DELETE FROM phone_links WHERE page = ?").run(page);
      const put = db.prepare(
        "INSERT INTO phone_links (name, context, url, page) VALUES (?, ?, ?, ?)",
      );
      for (const l of links) put.run(l.name, l.context, l.url, page);
      db.prepare(
        `INSERT INTO pages VALUES (?, ?, ?, ?, NULL) ON CONFLICT (page) DO UPDATE SET
         title = excluded.title, link_count = excluded.link_count, fetched_at = excluded.fetched_at, error = NULL`,
      ).run(page, title, links.length, new Date().toISOString());
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  }

  /** Notes that fetching `page` failed; its links stay as they were. */
  pageFailed(page: string, error: string): void {
    this.db.prepare(
      `INSERT INTO pages VALUES (?, '', 0, '', ?) ON CONFLICT (page) DO UPDATE SET error = excluded.error`,
    ).run(page, error);
  }

  /** The best matches for `q` (words, any order, prefixes match), at most `limit`. */
  search(q: string, limit = 20): SearchHit[] {
    const expr = ftsQuery(q);
    if (!expr) return [];
    return this.db.prepare(
      `SELECT l.name, l.context, l.url, l.page, pages.title AS pageTitle
       FROM phone_links AS l JOIN pages ON pages.page = l.page
       WHERE phone_links MATCH ? ORDER BY bm25(phone_links, 10.0, 1.0) LIMIT ?`,
    ).all(expr, Math.min(Math.max(limit, 1), 100)).map((r) => ({
      name: r.name as string,
      context: r.context as string,
      url: r.url as string,
      page: r.page as string,
      pageTitle: r.pageTitle as string,
    }));
  }

  /** Every page known, with its state. */
  pages(): PageRecord[] {
    return this.db.prepare("SELECT * FROM pages ORDER BY page").all().map((r) => ({
      page: r.page as string,
      title: r.title as string,
      links: Number(r.link_count),
      fetchedAt: r.fetched_at as string,
      error: (r.error as string | null) ?? null,
    }));
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
