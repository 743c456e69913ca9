/**
 * Data of the Linux telephony API (Quicknet `ixj` driver): codec numbers and their frame
 * sizes, the exception bits that come with POLLPRI, ports, PSTN states, the driver's DTMF
 * digit codes, and the `phone_capability` records of PHONE_CAPABILITIES_LIST.
 *
 * @example
 * ```ts
 * codecFrameBytes(PhoneCodec.LINEAR16, 20); // 320
 * decodeException(0b101);                   // { dtmfReady: true, pstnRing: true, ... }
 * ```
 * @module
 */

/** `phone_codec` of `telephony.h`. */
export const PhoneCodec = {
  G723_63: 1,
  G723_53: 2,
  TS85: 3,
  TS48: 4,
  TS41: 5,
  G728: 6,
  G729: 7,
  ULAW: 8,
  ALAW: 9,
  LINEAR16: 10,
  LINEAR8: 11,
  WSS: 12,
  G729B: 13,
} as const;

/** Name of a `phone_codec` value. */
export type PhoneCodecName = keyof typeof PhoneCodec;

/** The codec name of a number, or `codec N` if unknown. */
export function codecName(id: number): string {
  const entry = Object.entries(PhoneCodec).find(([, value]) => value === id);
  return entry ? entry[0] : `codec ${id}`;
}

/** RTP encoding names (RFC 3551) of the device codecs that have one. */
export const RTP_ENCODING: Partial<Record<PhoneCodecName, string>> = {
  G723_63: "G723",
  G723_53: "G723",
  ULAW: "PCMU",
  ALAW: "PCMA",
  G729: "G729",
};

/** Frame duration the driver uses for `codec` at a base frame of `frameMs` (10, 20 or 30). */
export function codecFrameMs(codec: number, frameMs: number): number {
  return isThirtyMsCodec(codec) ? 30 : frameMs;
}

function isThirtyMsCodec(codec: number): boolean {
  return codec === PhoneCodec.G723_63 || codec === PhoneCodec.G723_53 ||
    codec === PhoneCodec.TS85 || codec === PhoneCodec.TS48 || codec === PhoneCodec.TS41;
}

/**
 * Bytes in one device frame of `codec` at a base frame of `frameMs`, as the driver sizes its
 * buffers (`set_rec_codec`: 16-bit words × 2); 0 for a codec the phone does not handle.
 */
export function codecFrameBytes(codec: number, frameMs: number): number {
  const per10ms: Record<number, number> = {
    [PhoneCodec.ULAW]: 80,
    [PhoneCodec.ALAW]: 80,
    [PhoneCodec.LINEAR8]: 80,
    [PhoneCodec.WSS]: 80,
    [PhoneCodec.LINEAR16]: 160,
    [PhoneCodec.G729]: 10,
  };
  const fixed: Record<number, number> = {
    [PhoneCodec.G723_63]: 24,
    [PhoneCodec.G723_53]: 20,
    [PhoneCodec.TS85]: 32,
    [PhoneCodec.TS48]: 18,
    [PhoneCodec.TS41]: 16,
  };
  if (fixed[codec] !== undefined) return fixed[codec];
  if (per10ms[codec] !== undefined) return per10ms[codec] * frameMs / 10;
  return 0;
}

/** Bits of `union telephony_exception` (PHONE_EXCEPTION), in `struct phone_except` order. */
export const ExceptionBit = {
  dtmfReady: 1 << 0,
  hookstate: 1 << 1,
  pstnRing: 1 << 2,
  callerId: 1 << 3,
  pstnWink: 1 << 4,
  f0: 1 << 5,
  f1: 1 << 6,
  f2: 1 << 7,
  f3: 1 << 8,
  flash: 1 << 9,
} as const;

/** PHONE_EXCEPTION's result as flags. */
export type PhoneException = { readonly [K in keyof typeof ExceptionBit]: boolean };

/** Splits PHONE_EXCEPTION's result into named flags. */
export function decodeException(bits: number): PhoneException {
  const out: Record<string, boolean> = {};
  for (const [name, bit] of Object.entries(ExceptionBit)) out[name] = (bits & bit) !== 0;
  return out as PhoneException;
}

/** IXJCTL_PORT arguments (`ixjuser.h`). */
export const PhonePort: {
  readonly query: 0;
  readonly pots: 1;
  readonly pstn: 2;
  readonly speaker: 3;
  readonly handset: 4;
} = { query: 0, pots: 1, pstn: 2, speaker: 3, handset: 4 } as const;
/** A port name. */
export type PhonePortName = "pots" | "pstn" | "speaker" | "handset";

/** PHONE_PSTN_SET_STATE arguments. */
export const PstnState = { onHook: 0, ringing: 1, offHook: 2, pulseDial: 3 } as const;

/** Card types from IXJCTL_CARDTYPE. */
export const CARD_TYPES: Record<number, string> = {
  100: "Internet PhoneJACK",
  300: "Internet LineJACK",
  400: "Internet PhoneJACK Lite",
  500: "Internet PhoneJACK PCI",
  600: "Internet PhoneCARD",
};

/**
 * The driver's DTMF code for a digit (PHONE_GET_DTMF and PHONE_PLAY_TONE): 1-9 as such,
 * `*` 10, `0` 11, `#` 12, `A`-`D` 28-31.
 */
export function dtmfCode(digit: string): number {
  if (/^[1-9]$/.test(digit)) return digit.charCodeAt(0) - 48;
  const special: Record<string, number> = { "*": 10, "0": 11, "#": 12, A: 28, B: 29, C: 30, D: 31 };
  const code = special[digit.toUpperCase()];
  if (code === undefined) throw new RangeError(`"${digit}" is not a DTMF digit (0-9 * # A-D)`);
  return code;
}

/** The digit of a driver DTMF code, or undefined for a code that is no digit. */
export function dtmfDigit(code: number): string | undefined {
  if (code >= 1 && code <= 9) return String(code);
  return ({ 10: "*", 11: "0", 12: "#", 28: "A", 29: "B", 30: "C", 31: "D" } as Record<
    number,
    string
  >)[code];
}

/** `struct phone_capability`: `char desc[80]; phone_cap captype; int cap; int handle;`. */
export const CAPABILITY_BYTES = 92;
/** The `phone_cap` kinds. */
export const CAPABILITY_TYPES: readonly CapabilityType[] = [
  "vendor",
  "device",
  "port",
  "codec",
  "dsp",
];
/** A `phone_cap` kind. */
export type CapabilityType = "vendor" | "device" | "port" | "codec" | "dsp";

/** One capability record. */
export interface PhoneCapability {
  /** `desc`: what it is, in words. */
  readonly description: string;
  /** `captype`, or `type N` for a kind this code does not know. */
  readonly type: CapabilityType | `type ${number}`;
  /** `cap`: the vendor, card type, port or codec number. */
  readonly cap: number;
  /** `handle`: the record's index. */
  readonly handle: number;
}

/** Decodes `count` records from PHONE_CAPABILITIES_LIST's buffer. */
export function decodeCapabilities(bytes: Uint8Array, count: number): PhoneCapability[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const list: PhoneCapability[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * CAPABILITY_BYTES;
    const desc = bytes.subarray(at, at + 80);
    const end = desc.indexOf(0);
    const typeCode = view.getInt32(at + 80, true);
    list.push({
      description: new TextDecoder().decode(desc.subarray(0, end < 0 ? 80 : end)),
      type: CAPABILITY_TYPES[typeCode] ?? `type ${typeCode}`,
      cap: view.getInt32(at + 84, true),
      handle: view.getInt32(at + 88, true),
    });
  }
  return list;
}
