/**
 * The handset's dial plan, as Internet Switchboard had it: `*` + an IPv4 address with `*` in
 * place of the dots + `#` calls that host; one or two digits are a quick dial from the phone
 * book; anything else is a telephone number, looked up in the phone's own directory and then
 * the white pages. Pure: it only says what the digits mean.
 *
 * @example
 * ```ts
 * import { interpretDialed } from "./dial_plan.ts";
 * interpretDialed("*192*0*2*7#"); // { kind: "address", address: "192.0.2.7" }
 * interpretDialed("7");           // { kind: "quick", key: "7" }
 * interpretDialed("0357343299#"); // { kind: "number", number: "0357343299" }
 * ```
 * @module
 */

/** What a dialed string means. */
export type DialTarget =
  /** An IPv4 address dialed as `*a*b*c*d#`. */
  | { readonly kind: "address"; readonly address: string }
  /** A quick dial slot of the phone book (1-2 digits). */
  | { readonly kind: "quick"; readonly key: string }
  /** A telephone number to look up. */
  | { readonly kind: "number"; readonly number: string }
  /** Not something the plan can call; `reason` says why. */
  | { readonly kind: "invalid"; readonly reason: string };

/** Longest quick dial key. */
export const QUICK_DIAL_DIGITS = 2;

/**
 * True once `digits` (as collected so far, `#` included) can be dialed without waiting for
 * the inter-digit timeout: a `#` at the end.
 */
export function dialComplete(digits: string): boolean {
  return digits.endsWith("#");
}

/** What `digits` (collected on the keypad, a final `#` optional) mean. */
export function interpretDialed(digits: string): DialTarget {
  const body = digits.endsWith("#") ? digits.slice(0, -1) : digits;
  if (body === "") return { kind: "invalid", reason: "no digits" };
  if (body.startsWith("*")) return addressOf(body);
  if (/[*#A-D]/.test(body)) {
    return { kind: "invalid", reason: `"${digits}": * and # only in *address# form` };
  }
  if (body.length <= QUICK_DIAL_DIGITS) return { kind: "quick", key: body };
  return { kind: "number", number: body };
}

function addressOf(body: string): DialTarget {
  const parts = body.slice(1).split("*");
  const bad = { kind: "invalid", reason: `"${body}#" is not *a*b*c*d# (an IPv4 address)` } as const;
  if (parts.length !== 4) return bad;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (octets.some((o) => !(o >= 0 && o <= 255))) return bad;
  return { kind: "address", address: octets.join(".") };
}
