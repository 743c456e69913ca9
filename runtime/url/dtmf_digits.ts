/**
 * DTMF strings in session URLs: `a=dtmf:` (draft-fujikawa-iphone-url) and the paper's
 * `dial=`. Digits `0-9 * # A-D`; `u` and `p` stand for the caller's user number and PIN,
 * filled in by {@link expandDtmf} before dialing. `#` may be written `%23` (a bare `#` would
 * start a fragment in generic URL tools); `-` is a visual separator and is dropped.
 *
 * @example
 * ```ts
 * import { expandDtmf } from "./dtmf_digits.ts";
 * expandDtmf("0357343299#u#p#", { user: "1234", pin: "9876" }); // "0357343299#1234#9876#"
 * ```
 * @module
 */
import { SessionUrlError } from "./session_url_error.ts";

/** Characters a DTMF string may hold once scanned. */
export const DTMF_CHARACTERS = "0123456789*#ABCDup";

/** A DTMF string found by {@link scanDtmf}; `end` is the offset just after it. */
export interface ScannedDtmf {
  readonly digits: string;
  readonly end: number;
}

/**
 * Reads DTMF characters from `start` up to `&`, `,` or the end of `input`. Throws
 * {@link SessionUrlError} at the first character that does not belong.
 */
export function scanDtmf(input: string, start: number): ScannedDtmf {
  let digits = "";
  let i = start;
  while (i < input.length && input[i] !== "&" && input[i] !== ",") {
    const c = input[i];
    if (c === "%" && input.slice(i + 1, i + 3) === "23") {
      digits += "#";
      i += 3;
    } else if (c === "-") {
      i++;
    } else if (DTMF_CHARACTERS.includes(c)) {
      digits += c;
      i++;
    } else {
      throw new SessionUrlError(input, i, "expected a DTMF digit (0-9 * # A-D u p)");
    }
  }
  if (digits.length === 0) throw new SessionUrlError(input, i, "expected a DTMF digit");
  return { digits, end: i };
}

/** Writes DTMF digits for a URL (`#` as `%23`). */
export function formatDtmf(digits: string): string {
  for (const c of digits) {
    if (!DTMF_CHARACTERS.includes(c)) throw new RangeError(`"${c}" is not a DTMF character`);
  }
  if (digits.length === 0) throw new RangeError("a DTMF attribute needs at least one digit");
  return digits.replaceAll("#", "%23");
}

/** The caller's credentials for `u` and `p`. */
export interface DtmfCredentials {
  /** User (account) number, digits only. */
  readonly user?: string;
  /** Personal identification number, digits only. */
  readonly pin?: string;
}

/**
 * Replaces `u` and `p` with the user number and PIN. Throws `RangeError` when the string
 * needs one that is not given, or when a credential is not made of DTMF digits.
 */
export function expandDtmf(digits: string, credentials: DtmfCredentials = {}): string {
  let out = "";
  for (const c of digits) {
    if (c === "u" || c === "p") {
      const value = c === "u" ? credentials.user : credentials.pin;
      const what = c === "u" ? "user number" : "PIN";
      if (value === undefined) throw new RangeError(`the DTMF string needs a ${what} ('${c}')`);
      if (!/^[0-9*#A-D]*$/.test(value)) throw new RangeError(`the ${what} is not DTMF digits`);
      out += value;
    } else {
      out += c;
    }
  }
  return out;
}
