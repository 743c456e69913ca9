/**
 * The terminal adapter's settings: what its configuration page edits, with defaults, and
 * a form reader that checks every field and says what is wrong with each.
 *
 * @example
 * ```ts
 * import { DEFAULT_SETTINGS, readSettingsForm, settingsToForm } from "./settings.ts";
 * const result = readSettingsForm({ ...settingsToForm(DEFAULT_SETTINGS), jitterMaxMs: "20" });
 * // { ok: false, errors: { jitterMaxMs: "at least the lower bound (40 ms)" } }
 * ```
 * @module
 */
import { codecs as registry } from "../codecs/registry.ts";
import { TONE_PLANS } from "../dsp/tone_plans.ts";
import type { NumberingContext } from "../whitepages/numbering.ts";

/** Everything a TA keeps between restarts, apart from its phone book and history. */
export interface TaSettings {
  /** Codec names in the order this phone offers and prefers them. */
  readonly codecs: readonly string[];
  readonly jitterMinMs: number;
  readonly jitterMaxMs: number;
  /** Key of the tone plans: `us`, `jp`, `uk`, `cept`. */
  readonly toneCountry: string;
  /** Earpiece volume in dB (0 = as received). */
  readonly volumeDb: number;
  /** White pages server, `http://...`, or empty for the phone book only. */
  readonly whitePages: string;
  readonly context: NumberingContext;
  /** This phone's session URL as published (empty: made from the listening address). */
  readonly ownUrl: string;
  /** The user's number and PIN at PSTN gateways. */
  readonly gatewayUser: string;
  readonly gatewayPin: string;
  readonly autoAnswer: boolean;
  /** No further digit for this long ends dialing. */
  readonly interDigitMs: number;
}

/** The settings of a new TA. */
export const DEFAULT_SETTINGS: TaSettings = {
  codecs: ["pcmu", "pcma", "g726-32", "g723"],
  jitterMinMs: 40,
  jitterMaxMs: 300,
  toneCountry: "us",
  volumeDb: 0,
  whitePages: "",
  context: { country: "1", area: "", trunkPrefix: "1", internationalPrefix: "011" },
  ownUrl: "",
  gatewayUser: "",
  gatewayPin: "",
  autoAnswer: false,
  interDigitMs: 4000,
};

/** The form fields of the settings page (all text, as a browser sends them). */
export type SettingsForm = Record<string, string>;

/** The form as the page shows `settings`. */
export function settingsToForm(s: TaSettings): SettingsForm {
  return {
    codecs: s.codecs.join(", "),
    jitterMinMs: String(s.jitterMinMs),
    jitterMaxMs: String(s.jitterMaxMs),
    toneCountry: s.toneCountry,
    volumeDb: String(s.volumeDb),
    whitePages: s.whitePages,
    country: s.context.country,
    area: s.context.area ?? "",
    trunkPrefix: s.context.trunkPrefix ?? "",
    internationalPrefix: s.context.internationalPrefix ?? "",
    ownUrl: s.ownUrl,
    gatewayUser: s.gatewayUser,
    gatewayPin: s.gatewayPin,
    autoAnswer: s.autoAnswer ? "on" : "",
    interDigitMs: String(s.interDigitMs),
  };
}

/** Checked settings, or a message per field that is wrong. */
export type SettingsResult =
  | { readonly ok: true; readonly settings: TaSettings }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

function integer(
  form: SettingsForm,
  key: string,
  min: number,
  max: number,
  errors: Record<string, string>,
): number {
  const text = (form[key] ?? "").trim();
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < min || n > max) {
    errors[key] = `a whole number from ${min} to ${max}`;
  }
  return n;
}

/** Reads and checks a submitted settings form. */
export function readSettingsForm(form: SettingsForm): SettingsResult {
  const errors: Record<string, string> = {};
  const names = (form.codecs ?? "").split(/[\s,]+/).filter(Boolean);
  const codecs: string[] = [];
  for (const name of names) {
    const codec = registry.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!codec) {
      errors.codecs = `unknown codec "${name}"; known: ${registry.map((c) => c.name).join(", ")}`;
    } else if (!codecs.includes(codec.name)) codecs.push(codec.name);
  }
  if (names.length === 0) errors.codecs = "name at least one codec";
  const jitterMinMs = integer(form, "jitterMinMs", 0, 1000, errors);
  const jitterMaxMs = integer(form, "jitterMaxMs", 10, 5000, errors);
  if (!errors.jitterMinMs && !errors.jitterMaxMs && jitterMaxMs < jitterMinMs) {
    errors.jitterMaxMs = `at least the lower bound (${jitterMinMs} ms)`;
  }
  const toneCountry = (form.toneCountry ?? "").trim().toLowerCase();
  if (!(toneCountry in TONE_PLANS)) {
    errors.toneCountry = `one of ${Object.keys(TONE_PLANS).join(", ")}`;
  }
  const volumeDb = integer(form, "volumeDb", -30, 12, errors);
  const whitePages = (form.whitePages ?? "").trim();
  if (whitePages && !/^https?:\/\/[^\s/]+/.test(whitePages)) {
    errors.whitePages = "an http:// or https:// address, or empty";
  }
  const digits = (key: string, required: boolean) => {
    const v = (form[key] ?? "").trim();
    if ((required && !v) || !/^\d{0,6}$/.test(v)) {
      errors[key] = required ? "1 to 6 digits" : "up to 6 digits, or empty";
    }
    return v;
  };
  const context: NumberingContext = {
    country: digits("country", true),
    area: digits("area", false),
    trunkPrefix: digits("trunkPrefix", false),
    internationalPrefix: digits("internationalPrefix", false),
  };
  const ownUrl = (form.ownUrl ?? "").trim();
  if (ownUrl && !/^iphone:\/\/\S+$/i.test(ownUrl)) {
    errors.ownUrl = "an iphone:// session URL, or empty";
  }
  const gatewayUser = (form.gatewayUser ?? "").trim();
  if (!/^[0-9+*#]{0,32}$/.test(gatewayUser)) errors.gatewayUser = "up to 32 digits (+ * #)";
  const gatewayPin = (form.gatewayPin ?? "").trim();
  if (!/^\d{0,12}$/.test(gatewayPin)) errors.gatewayPin = "up to 12 digits";
  const interDigitMs = integer(form, "interDigitMs", 1000, 20000, errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      codecs,
      jitterMinMs,
      jitterMaxMs,
      toneCountry,
      volumeDb,
      whitePages,
      context,
      ownUrl,
      gatewayUser,
      gatewayPin,
      autoAnswer: form.autoAnswer === "on",
      interDigitMs,
    },
  };
}
