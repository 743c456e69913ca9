/**
 * White pages: phone numbers to session URLs over HTTP, with local numbering
 * contexts and prefix templates that route other numbers to PSTN gateways.
 *
 * @example
 * ```ts
 * import { lookupNumber, parseDirectory, whitePagesHandler } from "./mod.ts";
 * const book = parseDirectory("context country=81 area=3 trunk=0 international=010\n" +
 *   "03-5734-3299 iphone://phone.example.jp/0\n", "book");
 * const server = Deno.serve({ port: 8080 }, whitePagesHandler(book));
 * console.log(await lookupNumber("http://localhost:8080/", "5734-3299"));
 * ```
 * @module
 */
export * from "./numbering.ts";
export * from "./directory.ts";
export * from "./server.ts";
export * from "./client.ts";
