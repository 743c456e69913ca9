/**
 * The text directory file as an import and export format for a store: import
 * applies the whole file as one batch (all or nothing), export writes a file that
 * imports back to the same entries.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { exportDirectory, importDirectory } from "./transfer.ts";
 * const text = "context country=81 area=3 trunk=0 international=010\n" +
 *   "03-5734-3299 iphone://phone.example.jp/0\n";
 * const store = await openSqliteStore(":memory:", { context: { country: "81", area: "3" } });
 * await importDirectory(store, text, "book.txt", "import");
 * console.log(await exportDirectory(store));
 * ```
 * @module
 */
import { DirectoryError, parseDirectory } from "./directory.ts";
import type { NumberingContext } from "./numbering.ts";
import { type AppliedChange, type Change, type DirectoryStore, StoreError } from "./store.ts";

/** The `context ...` line of a directory file for `context`. */
export function contextLine(context: NumberingContext): string {
  const words = [`country=${context.country}`];
  if (context.area) words.push(`area=${context.area}`);
  if (context.trunkPrefix) words.push(`trunk=${context.trunkPrefix}`);
  if (context.internationalPrefix) words.push(`international=${context.internationalPrefix}`);
  if (context.pbx) {
    words.push(
      `pbx-digits=${context.pbx.extensionDigits}`,
      `pbx-base=${context.pbx.extensionBase}`,
    );
    if (context.pbx.outsideLinePrefix) words.push(`pbx-outside=${context.pbx.outsideLinePrefix}`);
  }
  return `context ${words.join(" ")}`;
}

/** Reads a `context` line's settings (`country=81 area=3 ...`) into a context. */
export function parseContextSettings(settings: string): NumberingContext {
  return parseDirectory(`context ${settings}\n`, "context").context;
}

/** How an international key is written in a file: `+` unless it is a service code. */
function written(key: string): string {
  return /[*#]/.test(key) ? key : "+" + key;
}

/**
 * Imports a directory file into `store` as one batch made by `who`. The file's
 * context must be the store's. Throws {@link DirectoryError} for a bad file.
 */
export async function importDirectory(
  store: DirectoryStore,
  text: string,
  file: string,
  who: string,
): Promise<AppliedChange[]> {
  const dir = parseDirectory(text, file);
  if (contextLine(dir.context) !== contextLine(store.context)) {
    throw new DirectoryError(
      file,
      `its context (${contextLine(dir.context)}) is not the store's (${
        contextLine(store.context)
      })`,
    );
  }
  const changes: Change[] = [];
  for (const [n, url] of dir.numbers) changes.push({ kind: "number", key: written(n), value: url });
  for (const r of dir.routes) {
    changes.push({ kind: "prefix", key: "+" + r.prefix, value: r.template });
  }
  if (!changes.length) return [];
  try {
    return await store.apply(changes, who);
  } catch (e) {
    if (e instanceof StoreError) throw new DirectoryError(file, e.message);
    throw e;
  }
}

/** The store's entries as a directory file. */
export async function exportDirectory(store: DirectoryStore): Promise<string> {
  const { numbers, prefixes } = await store.entries();
  const lines = [contextLine(store.context)];
  for (const [n, url] of numbers) lines.push(`${written(n)} ${url}`);
  for (const [p, t] of prefixes) lines.push(`prefix +${p} ${t}`);
  return lines.join("\n") + "\n";
}
