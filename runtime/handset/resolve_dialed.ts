/**
 * From what the handset dialed to a session URL: an address is called on the well-known
 * port; a quick dial comes from the phone book; a number is looked up in the phone book,
 * then in the white pages (as an international number, `+` and digits, so the server's
 * own numbering context does not reinterpret it).
 *
 * @example
 * ```ts
 * import { resolveDialed } from "./resolve_dialed.ts";
 * import { PhoneBook } from "./phone_book.ts";
 * const book = new PhoneBook([], { country: "1" });
 * await resolveDialed({ kind: "address", address: "192.0.2.7" }, { book }); // "iphone://192.0.2.7:10000"
 * ```
 * @module
 */
import { lookupNumber } from "../whitepages/client.ts";
import { canonicalNumber, NumberError } from "../whitepages/numbering.ts";
import type { DialTarget } from "./dial_plan.ts";
import type { PhoneBook } from "./phone_book.ts";

/** Where numbers are found. */
export interface DialResolver {
  readonly book: PhoneBook;
  /** White pages server (`http://host:port/`); without one only the book is used. */
  readonly whitePages?: string;
  /** Port of a dialed address (default 10000). */
  readonly wellKnownPort?: number;
  readonly timeoutMs?: number;
}

/** A dialed target that leads nowhere; the message is what the person is told. */
export class UnknownNumberError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownNumberError";
  }
}

/** The session URL to call for `target`; throws {@link UnknownNumberError} or a lookup error. */
export async function resolveDialed(target: DialTarget, r: DialResolver): Promise<string> {
  switch (target.kind) {
    case "address":
      return `iphone://${target.address}:${r.wellKnownPort ?? 10000}`;
    case "quick": {
      const url = r.book.quickDial(target.key);
      if (!url) throw new UnknownNumberError(`no quick dial ${target.key} in the phone book`);
      return url;
    }
    case "number": {
      let international: string;
      try {
        const own = r.book.lookup(target.number);
        if (own) return own;
        international = canonicalNumber(target.number, r.book.context);
      } catch (e) {
        if (e instanceof NumberError) throw new UnknownNumberError(e.message);
        throw e;
      }
      if (!r.whitePages) {
        throw new UnknownNumberError(
          `${target.number}: not in the phone book (no white pages set)`,
        );
      }
      return await lookupNumber(r.whitePages, "+" + international, {
        timeoutMs: r.timeoutMs,
        context: r.book.context, // the query is digits only: written with its international prefix
      });
    }
    case "invalid":
      throw new UnknownNumberError(target.reason);
  }
}
