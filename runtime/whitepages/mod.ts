/**
 * White pages: phone numbers to session URLs over HTTP, with local numbering
 * contexts and prefix templates that route other numbers to PSTN gateways.
 *
 * @example
 * ```ts
 * import { lookupNumber, parseDirectory, serveWhitePages } from "./mod.ts";
 * const book = parseDirectory("context country=81 area=3 trunk=0 international=010\n" +
 *   "03-5734-3299 iphone://phone.example.jp/0\n", "book");
 * const server = await serveWhitePages(book, { port: 0 });
 * console.log(await lookupNumber(server.url, "5734-3299"));
 * await server.close();
 * ```
 * @module
 */
export * from "./numbering.ts";
export * from "./directory.ts";
export * from "./answer.ts";
export * from "./hardened_server.ts";
export * from "./server.ts";
export * from "./client.ts";
export * from "./store.ts";
export * from "./sqlite_store.ts";
export * from "./transfer.ts";
export * from "./open_store.ts";
export * from "./admin.ts";
export * from "./admin_client.ts";
