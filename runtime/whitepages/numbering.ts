/**
 * Local numbering contexts. The same digits mean different numbers in different
 * places ("81-3-5734-3299" international, "03-5734-3299" national in Japan,
 * "5734-3299" local in Tokyo, "3299" inside a PBX), so a white pages server turns
 * what was dialed into one international form (country code first, no `+`) before
 * looking it up.
 *
 * @example
 * ```ts
 * import { canonicalNumber } from "./numbering.ts";
 * const tokyo = { country: "81", area: "3", trunkPrefix: "0", internationalPrefix: "010" };
 * canonicalNumber("03-5734-3299", tokyo); // "81357343299"
 * canonicalNumber("5734-3299", tokyo);    // "81357343299"
 * ```
 * @module
 */

/** Where numbers are dialed from. */
export interface NumberingContext {
  /** Country code, e.g. "81" (Japan), "1" (NANP), "44" (UK). */
  country: string;
  /** Area code without the trunk prefix, e.g. "3" (Tokyo); empty for closed numbering plans. */
  area?: string;
  /** Prefix of a national number, e.g. "0"; empty where there is none (NANP uses "1"). */
  trunkPrefix?: string;
  /** Prefix of an international number, e.g. "010" (Japan), "00", "011" (NANP). */
  internationalPrefix?: string;
  /** A private branch exchange in front of the public network, if any. */
  pbx?: PbxPlan;
}

/** Extensions of a PBX and how it reaches the outside. */
export interface PbxPlan {
  /** Digits in an extension, e.g. 4. */
  extensionDigits: number;
  /** International form of extension 0000's block, e.g. "8135734" for 5734-xxxx. */
  extensionBase: string;
  /** Prefix for an outside line, e.g. "0": "0" + "03-5734-3299". */
  outsideLinePrefix?: string;
}

/** A dialed string that is not a phone number. */
export class NumberError extends Error {
  /** What is wrong, without any of the dialed text (safe to send back to a client). */
  readonly reason: string;
  constructor(readonly dialed: string, reason: string, reasonWithoutInput = reason) {
    super(`"${dialed}": ${reason}`);
    this.name = "NumberError";
    this.reason = reasonWithoutInput;
  }
}

const SEPARATORS = /[\s\-.()/]/g;

/** Digits, `*` and `#` of a dialed string, separators removed; `+` kept at the front. */
export function dialedDigits(dialed: string): string {
  const compact = dialed.replace(SEPARATORS, "");
  const bad = compact.search(/[^0-9*#+]|(?!^)\+/);
  if (bad >= 0) {
    const allowed = "(only digits, *, #, a leading + and separators)";
    throw new NumberError(
      dialed,
      `unexpected "${compact[bad]}" ${allowed}`,
      `unexpected character ${allowed}`,
    );
  }
  if (compact === "" || compact === "+") throw new NumberError(dialed, "no digits");
  if (compact.length > 32) throw new NumberError(dialed, "longer than 32 digits");
  return compact;
}

/**
 * The international form of a dialed number in `context`. Service codes with `*` or
 * `#` are returned as dialed, since they mean nothing outside their context.
 * With `prefix`, `dialed` is the start of a number: it may end right after a
 * trunk or international prefix, and is never read as a PBX extension.
 */
export function canonicalNumber(dialed: string, context: NumberingContext, prefix = false): string {
  let digits = dialedDigits(dialed);
  if (digits.startsWith("+")) return digits.slice(1);
  if (/[*#]/.test(digits)) return digits;
  const pbx = context.pbx;
  if (pbx) {
    if (!prefix && digits.length === pbx.extensionDigits) return pbx.extensionBase + digits;
    const outside = pbx.outsideLinePrefix ?? "";
    if (!digits.startsWith(outside) || (digits.length === outside.length && !prefix)) {
      throw new NumberError(
        dialed,
        `neither a ${pbx.extensionDigits}-digit extension nor an outside line ("${outside}" + number)`,
      );
    }
    digits = digits.slice(outside.length);
  }
  return publicNumber(dialed, digits, context, prefix);
}

function publicNumber(
  dialed: string,
  digits: string,
  context: NumberingContext,
  prefix: boolean,
): string {
  const rest = (after: string) => {
    if (!after && !prefix) throw new NumberError(dialed, "a prefix with no number after it");
    return after;
  };
  const intl = context.internationalPrefix;
  const trunk = context.trunkPrefix;
  if (intl && digits.startsWith(intl)) return rest(digits.slice(intl.length));
  if (trunk && digits.startsWith(trunk)) return context.country + rest(digits.slice(trunk.length));
  return context.country + (context.area ?? "") + digits;
}
