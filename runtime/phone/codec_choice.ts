/**
 * Which codec a call uses. NOTASIP has no negotiation: the caller picks the first format
 * of the callee's session URL it can encode, and the callee decodes by payload type:
 * static types from the registry, dynamic ones from its own published session URL.
 * @module
 */
import type { Codec } from "../codecs/codec.ts";
import { codecs as registry } from "../codecs/registry.ts";
import { type SessionTarget, sessionTargets } from "../url/session_targets.ts";
import type { SessionUrl } from "../url/session_url.ts";

/** A codec with the payload type it travels under in this call. */
export interface CodecBinding {
  readonly codec: Codec;
  readonly payloadType: number;
}

/** Payload types a phone understands: static ones, plus its own dynamic assignments. */
export class PayloadTypes {
  readonly #types = new Map<number, Codec>();

  /** `dynamic` maps 96-127 to codecs, as in the phone's published session URL. */
  constructor(
    allowed: readonly Codec[] = registry,
    dynamic: ReadonlyMap<number, Codec> = new Map(),
  ) {
    for (const codec of allowed) {
      if (codec.payloadType !== undefined) this.#types.set(codec.payloadType, codec);
    }
    for (const [type, codec] of dynamic) {
      if (type < 96 || type > 127) {
        throw new RangeError(`dynamic payload type ${type} is not 96-127`);
      }
      this.#types.set(type, codec);
    }
  }

  /** The codec for a payload type, or `undefined`. */
  codecOf(payloadType: number): Codec | undefined {
    return this.#types.get(payloadType);
  }

  /** Every binding, static types first. */
  bindings(): CodecBinding[] {
    return [...this.#types].map(([payloadType, codec]) => ({ payloadType, codec }));
  }
}

/** Why no codec could be chosen for a call. */
export class NoCommonCodecError extends Error {
  constructor(offered: string, ours: string) {
    super(`no codec in common: the callee offers ${offered}; this phone has ${ours}`);
    this.name = "NoCommonCodecError";
  }
}

function matches(codec: Codec, target: SessionTarget): boolean {
  const f = target.format;
  if (f.staticFormat !== undefined) return codec.payloadType === f.staticFormat;
  if (f.encoding) {
    return codec.encoding.toLowerCase() === f.encoding.toLowerCase() &&
      (f.clockRate === undefined || f.clockRate === codec.clockRate) &&
      (f.channels === undefined || f.channels === codec.channels);
  }
  return codec.payloadType !== undefined && codec.payloadType === f.payloadType;
}

/** First dynamic payload type, for formats a URL names without one. */
export const FIRST_DYNAMIC_TYPE = 96;

/**
 * Each target with the codec of `ours` that matches it (if any) and the payload type it
 * travels under. The mapping, the same at both ends (the caller reads the callee's URL,
 * the callee its own):
 *
 * - a payload type written in the URL is used as written (`0`, `m=rtp:P:97:L16:8000:1`,
 *   and `m=rtp:P:99:0`, where dynamic 99 carries static 0's format);
 * - a format named without one uses its codec's static type (`DVI4:8000` is 5, `DVI4:16000`
 *   is 6);
 * - a named format with no static type (`L16:8000`, `G726-32`) travels under 96 + its
 *   position among such formats in the URL, counted from 0 in URL order, whether or not
 *   this phone has its codec: `/L16:8000,G726-32` sends L16 as 96 and G726-32 as 97.
 *
 * A URL that writes its dynamic types (the media form) is never ambiguous; the last rule
 * keeps the short formats form usable and is stable as long as the URL is.
 */
export function bindTargets(
  targets: readonly SessionTarget[],
  ours: readonly Codec[],
): { target: SessionTarget; codec?: Codec; payloadType: number }[] {
  let unnamedDynamic = 0;
  return targets.map((target) => {
    const codec = ours.find((c) => matches(c, target));
    const f = target.format;
    const staticType = codec?.payloadType ?? staticTypeOf(f);
    let payloadType = f.payloadType ?? staticType;
    if (payloadType === undefined) payloadType = FIRST_DYNAMIC_TYPE + unnamedDynamic++;
    return { target, codec, payloadType };
  });
}

// The static type RFC 3551 gives a named format this phone may not have.
function staticTypeOf(f: SessionTarget["format"]): number | undefined {
  const key = `${f.encoding?.toUpperCase()}/${f.clockRate ?? ""}`;
  return STATIC_NAMES[key] ?? STATIC_NAMES[`${f.encoding?.toUpperCase()}/`];
}

const STATIC_NAMES: Record<string, number> = {
  "PCMU/": 0,
  "1016/": 1,
  "GSM/": 3,
  "G723/": 4,
  "DVI4/": 5,
  "DVI4/8000": 5,
  "DVI4/16000": 6,
  "LPC/": 7,
  "PCMA/": 8,
  "G722/": 9,
  "L16/44100": 11,
  "QCELP/": 12,
  "CN/": 13,
  "MPA/": 14,
  "G728/": 15,
  "DVI4/11025": 16,
  "DVI4/22050": 17,
  "G729/": 18,
};

/**
 * The first of the callee's targets (its order of preference) that one of `ours` can
 * encode, with the payload type to send under (see {@link bindTargets}). Throws
 * {@link NoCommonCodecError}.
 */
export function chooseCodec(
  targets: readonly SessionTarget[],
  ours: readonly Codec[],
): { target: SessionTarget; binding: CodecBinding } {
  for (const { target, codec, payloadType } of bindTargets(targets, ours)) {
    if (codec) return { target, binding: { codec, payloadType } };
  }
  const offered = targets.map((t) => t.format.encoding ?? String(t.format.payloadType)).join(", ");
  throw new NoCommonCodecError(offered, ours.map((c) => c.encoding).join(", "));
}

/**
 * The dynamic payload types a phone's own session URL assigns, by the rules of
 * {@link bindTargets}: what a callee publishing `url` must decode each as. Formats none
 * of `ours` can decode are left out.
 *
 * @example
 * ```ts
 * import { parseSessionUrl } from "../url/parse_session_url.ts";
 * dynamicTypesOfUrl(parseSessionUrl("iphone://h/m=rtp:10000:97:L16:8000:1")); // 97 -> l16
 * ```
 */
export function dynamicTypesOfUrl(
  url: SessionUrl,
  ours: readonly Codec[] = registry,
): Map<number, Codec> {
  const types = new Map<number, Codec>();
  for (const { codec, payloadType } of bindTargets(sessionTargets(url), ours)) {
    if (codec && payloadType >= FIRST_DYNAMIC_TYPE && !types.has(payloadType)) {
      types.set(payloadType, codec);
    }
  }
  return types;
}
