/**
 * Which codec a call uses. NOTASIP has no negotiation: the caller picks the first format
 * of the callee's session URL it can encode, and the callee decodes by payload type:
 * static types from the registry, dynamic ones from its own published session URL.
 * @module
 */
import type { Codec } from "../codecs/codec.ts";
import { codecs as registry } from "../codecs/registry.ts";
import type { SessionTarget } from "../url/session_targets.ts";

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
 * The first of the callee's targets (its order of preference) that one of `ours` can
 * encode, with the payload type to send under. A format named without a payload type
 * and with no static one travels under 96 + its position among such formats, which the
 * callee derives from its own URL the same way. Throws {@link NoCommonCodecError}.
 */
export function chooseCodec(
  targets: readonly SessionTarget[],
  ours: readonly Codec[],
): { target: SessionTarget; binding: CodecBinding } {
  let unnamedDynamic = 0;
  for (const target of targets) {
    const codec = ours.find((c) => matches(c, target));
    const needsDynamic = target.format.payloadType === undefined &&
      (codec?.payloadType === undefined);
    const payloadType = target.format.payloadType ?? codec?.payloadType ??
      FIRST_DYNAMIC_TYPE + unnamedDynamic;
    if (needsDynamic && target.format.encoding) unnamedDynamic++;
    if (codec) return { target, binding: { codec, payloadType } };
  }
  const offered = targets.map((t) => t.format.encoding ?? String(t.format.payloadType)).join(", ");
  throw new NoCommonCodecError(offered, ours.map((c) => c.encoding).join(", "));
}
