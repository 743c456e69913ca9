/**
 * ohphone's `phone ADDRESS` calls whatever follows `phone`; a mistyped command must not
 * be dialled as a host name. An argument is taken as an address only when it looks like
 * one; anything else is an unknown command, with the nearest command as a suggestion.
 *
 * @example
 * ```ts
 * import { looksLikeAddress, unknownCommandMessage } from "./command_guess.ts";
 * looksLikeAddress("192.0.2.7"); // true
 * looksLikeAddress("lisen"); // false
 * unknownCommandMessage("lisen", ["listen", "call"]); // 'unknown command "lisen" (did you mean "listen"?) ...'
 * ```
 * @module
 */
import { looksLikeNumber } from "./target.ts";

const URL = /^(iphone:|sdp:|[a-z][a-z0-9+.-]*:\/\/)/i;
const BRACKETED_V6 = /^\[[^\]]+\](:\d+)?$/;
const BARE_V6 = /^[0-9a-f]*:[0-9a-f]*:[0-9a-f:.%]*$/i;
const HOST_PORT = /^[a-z0-9.-]+:\d{1,5}$/i;
const DOTTED_HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\.?$/i;

/**
 * True for what ohphone users dial: a session URL, a host name with a dot, an IPv4 or
 * IPv6 address, `host:port`, `localhost`, or a phone number.
 */
export function looksLikeAddress(text: string): boolean {
  return URL.test(text) || BRACKETED_V6.test(text) || BARE_V6.test(text) ||
    HOST_PORT.test(text) || DOTTED_HOST.test(text) || /^localhost$/i.test(text) ||
    looksLikeNumber(text);
}

/** Optimal string alignment distance (edits, with adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The commands nearest to `word` (at most 2 edits, or `word` is a prefix), best first. */
export function nearestCommands(word: string, commands: readonly string[]): string[] {
  const w = word.toLowerCase();
  return commands
    .map((c) => ({ c, d: c.startsWith(w) && w.length >= 2 ? 0.5 : editDistance(w, c) }))
    .filter(({ c, d }) => d <= Math.min(2, Math.max(1, Math.floor(c.length / 3))))
    .sort((x, y) => x.d - y.d)
    .map(({ c }) => c);
}

/** The error for `phone WORD` when WORD is neither a command nor an address. */
export function unknownCommandMessage(word: string, commands: readonly string[]): string {
  const near = nearestCommands(word, commands);
  const hint = near.length ? ` (did you mean "${near[0]}"?)` : "";
  return `unknown command "${word}"${hint}; commands: ${commands.join(", ")}\n` +
    `  to call a host with a one-word name: phone call ${word}`;
}
