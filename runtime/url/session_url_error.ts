/**
 * The one error session URL parsing throws: where (0-based offset of the offending
 * character) and what was expected there.
 *
 * @example
 * ```ts
 * import { parseSessionUrl } from "./parse_session_url.ts";
 * import { caretDisplay, SessionUrlError } from "./session_url_error.ts";
 * try {
 *   parseSessionUrl("iphone://1.2.3.4:99999");
 * } catch (e) {
 *   if (e instanceof SessionUrlError) console.error(caretDisplay(e));
 *   // iphone://1.2.3.4:99999
 *   //                  ^ port out of range at 17
 * }
 * ```
 * @module
 */

/** A malformed session URL. `message` is `<what> at <offset>`. */
export class SessionUrlError extends Error {
  /**
   * @param input the whole URL as given
   * @param offset 0-based index of the offending character (`input.length` for "at the end")
   * @param problem what was wrong or expected there, e.g. `port out of range`
   */
  constructor(readonly input: string, readonly offset: number, readonly problem: string) {
    super(`${problem} at ${offset}`);
    this.name = "SessionUrlError";
  }
}

/**
 * Two lines for a terminal: the URL, then a caret under the offending character followed by
 * the message. Control characters in the URL are shown as `?` so the caret stays aligned.
 */
export function caretDisplay(error: SessionUrlError): string {
  const shown = [...error.input].map((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? "?" : c;
  }).join("");
  return `${shown}\n${" ".repeat(error.offset)}^ ${error.message}`;
}
