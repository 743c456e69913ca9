/**
 * Yellow pages: the Web as the phone's directory of names. Phone links are found in
 * web pages with an HTML parser, indexed with SQLite FTS5, and searched over HTTP.
 *
 * @example
 * ```ts
 * import { extractPhoneLinks, YellowPages } from "./mod.ts";
 * extractPhoneLinks('<a href="iphone://h.example/0">Alice</a>').links[0].name; // "Alice"
 * const yp = new YellowPages({ sources: ["staff.html"] });
 * await yp.refresh();
 * yp.index.search("alice");
 * ```
 * @module
 */
export * from "./extract.ts";
export * from "./fetch_page.ts";
export * from "./index.ts";
export * from "./service.ts";
export * from "./client.ts";
