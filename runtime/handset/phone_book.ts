/**
 * The phone's own small directory: names, numbers, quick dial keys and session URLs. It is
 * consulted first when the handset dials, and the terminal adapter can serve it to other
 * phones as white pages ({@link PhoneBook.directory}).
 *
 * @example
 * ```ts
 * import { PhoneBook } from "./phone_book.ts";
 * const book = new PhoneBook([{ name: "Office", number: "03-5734-3299", quick: "1",
 *   url: "iphone://office.example:10000/0" }], { country: "81", area: "3", trunkPrefix: "0" });
 * book.quickDial("1");         // "iphone://office.example:10000/0"
 * book.lookup("5734-3299");    // the same, as dialed locally in Tokyo
 * ```
 * @module
 */
import { Directory } from "../whitepages/directory.ts";
import { canonicalNumber, type NumberingContext } from "../whitepages/numbering.ts";

/** One entry. */
export interface PhoneBookEntry {
  readonly name: string;
  /** A telephone number as dialed in the book's context, or empty. */
  readonly number: string;
  /** A quick dial key, 1-2 digits, or empty. */
  readonly quick: string;
  /** Where to call: `iphone:` or `sdp:` session URL. */
  readonly url: string;
}

/** Why an entry cannot be stored: which field and what is wrong. */
export interface EntryProblem {
  readonly field: keyof PhoneBookEntry;
  readonly message: string;
}

/** What is wrong with `entry` in `context` (empty when nothing is). */
export function checkEntry(entry: PhoneBookEntry, context: NumberingContext): EntryProblem[] {
  const problems: EntryProblem[] = [];
  if (entry.name.length > 80) problems.push({ field: "name", message: "at most 80 characters" });
  if (entry.quick && !/^\d{1,2}$/.test(entry.quick)) {
    problems.push({ field: "quick", message: "a quick dial key is 1 or 2 digits" });
  }
  if (entry.number) {
    try {
      canonicalNumber(entry.number, context);
    } catch (e) {
      problems.push({ field: "number", message: (e as Error).message });
    }
  }
  if (!entry.number && !entry.quick) {
    problems.push({ field: "number", message: "give a number, a quick dial key, or both" });
  }
  if (!/^(iphone|sdp):\S+$/i.test(entry.url)) {
    problems.push({ field: "url", message: "a session URL starts with iphone: or sdp:" });
  }
  return problems;
}

/** A phone book in one numbering context. */
export class PhoneBook {
  readonly #directory: Directory;
  readonly #quick = new Map<string, string>();

  /** Entries are assumed checked ({@link checkEntry}); bad numbers are skipped. */
  constructor(readonly entries: readonly PhoneBookEntry[], readonly context: NumberingContext) {
    this.#directory = new Directory(context);
    for (const e of entries) {
      if (e.quick) this.#quick.set(e.quick, e.url);
      if (e.number && checkEntry(e, context).length === 0) {
        this.#directory.addNumber(e.number, e.url);
      }
    }
  }

  /** The URL of quick dial `key`, if set. */
  quickDial(key: string): string | undefined {
    return this.#quick.get(key);
  }

  /** The URL of a number as dialed in the book's context; throws for a malformed number. */
  lookup(dialed: string): string | undefined {
    return this.#directory.lookup(dialed);
  }

  /** The book as a white pages directory (numbers only). */
  get directory(): Directory {
    return this.#directory;
  }
}
