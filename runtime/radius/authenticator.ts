/**
 * The cryptography of RADIUS with a shared secret: User-Password hiding (RFC 2865 §5.2), the
 * Response Authenticator (RFC 2865 §3), the Accounting-Request Authenticator (RFC 2866 §3) and
 * Message-Authenticator (RFC 3579 §3.2), placed first in every Access-Request and required on
 * every Access reply as the Blast-RADIUS (CVE-2024-3596) mitigation asks.
 *
 * @example Build an Access-Request and check its reply
 * ```ts
 * import { buildAccessRequest, verifyReply } from "./authenticator.ts";
 * import { textAttribute } from "./packet.ts";
 * const secret = new TextEncoder().encode("testing123");
 * const request = buildAccessRequest(secret, 1, [textAttribute(1, "4711")], "1234");
 * // ... send request.bytes, receive `reply` ...
 * const reply = new Uint8Array(20);
 * const checked = verifyReply(reply, request, secret);
 * if (!checked.ok) console.log("dropped:", checked.reason);
 * ```
 * @module
 */

import { createHash, createHmac } from "node:crypto";
import { Attribute, RadiusCode } from "./dictionary.ts";
import {
  encodePacket,
  type PacketFault,
  parsePacket,
  type RadiusAttribute,
  type RadiusPacket,
} from "./packet.ts";

/** A request as sent, with what is needed to check its reply. */
export interface SignedRequest {
  readonly code: number;
  readonly identifier: number;
  /** The Request Authenticator. */
  readonly authenticator: Uint8Array;
  /** The octets on the wire. */
  readonly bytes: Uint8Array;
}

/** Why a reply was dropped. */
export type ReplyFault =
  | PacketFault
  | "wrong-identifier"
  | "unexpected-code"
  | "bad-response-authenticator"
  | "missing-message-authenticator"
  | "bad-message-authenticator";

/** The outcome of {@link verifyReply}. */
export type VerifyResult =
  | { readonly ok: true; readonly packet: RadiusPacket }
  | { readonly ok: false; readonly reason: ReplyFault; readonly detail: string };

const ZERO16 = new Uint8Array(16);

/** MD5 of the concatenated parts. */
function md5(...parts: Uint8Array[]): Uint8Array {
  const h = createHash("md5");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

function hmacMd5(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac("md5", key).update(data).digest());
}

/**
 * Hides a User-Password (RFC 2865 §5.2): padded with zeros to a multiple of 16 (at most 128
 * octets), `c1 = p1 xor MD5(S + RA)`, `ci = pi xor MD5(S + c(i-1))`.
 */
export function hidePassword(
  password: Uint8Array,
  secret: Uint8Array,
  requestAuthenticator: Uint8Array,
): Uint8Array {
  if (password.length > 128) {
    throw new RangeError(`User-Password has ${password.length} octets, at most 128`);
  }
  const padded = new Uint8Array(Math.max(16, Math.ceil(password.length / 16) * 16));
  padded.set(password);
  let previous = requestAuthenticator;
  for (let i = 0; i < padded.length; i += 16) {
    const b = md5(secret, previous);
    for (let j = 0; j < 16; j++) padded[i + j] ^= b[j];
    previous = padded.subarray(i, i + 16);
  }
  return padded;
}

/** Recovers a hidden User-Password (the server's side; used in tests and fakes). */
export function revealPassword(
  hidden: Uint8Array,
  secret: Uint8Array,
  requestAuthenticator: Uint8Array,
): Uint8Array {
  if (hidden.length === 0 || hidden.length % 16 !== 0) {
    throw new RangeError(`hidden User-Password has ${hidden.length} octets, not a multiple of 16`);
  }
  const out = new Uint8Array(hidden.length);
  let previous = requestAuthenticator;
  for (let i = 0; i < hidden.length; i += 16) {
    const b = md5(secret, previous);
    for (let j = 0; j < 16; j++) out[i + j] = hidden[i + j] ^ b[j];
    previous = hidden.subarray(i, i + 16);
  }
  let end = out.length;
  while (end > 0 && out[end - 1] === 0) end--;
  return out.subarray(0, end);
}

/** Random octets from the system's CSPRNG (the Request Authenticator must be unpredictable). */
export function randomAuthenticator(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(16));
}

/**
 * An Access-Request (or Status-Server) with Message-Authenticator as its first attribute.
 * `password`, when given, becomes a hidden User-Password.
 */
export function buildAccessRequest(
  secret: Uint8Array,
  identifier: number,
  attributes: readonly RadiusAttribute[],
  password?: string,
  requestAuthenticator: Uint8Array = randomAuthenticator(),
  code: number = RadiusCode.AccessRequest,
): SignedRequest {
  const rest = attributes.filter((a) =>
    a.type !== Attribute.MessageAuthenticator && a.type !== Attribute.UserPassword
  );
  const all: RadiusAttribute[] = [{ type: Attribute.MessageAuthenticator, value: ZERO16 }];
  if (password !== undefined) {
    const hidden = hidePassword(new TextEncoder().encode(password), secret, requestAuthenticator);
    all.push({ type: Attribute.UserPassword, value: hidden });
  }
  all.push(...rest);
  const bytes = encodePacket({
    code,
    identifier,
    authenticator: requestAuthenticator,
    attributes: all,
  });
  // Message-Authenticator is the first attribute: value at octets 22..37.
  bytes.set(hmacMd5(secret, bytes), 22);
  return { code, identifier, authenticator: requestAuthenticator, bytes };
}

/**
 * An Accounting-Request: its authenticator is `MD5(Code+Id+Length+16 zero octets+Attributes+S)`.
 */
export function buildAccountingRequest(
  secret: Uint8Array,
  identifier: number,
  attributes: readonly RadiusAttribute[],
): SignedRequest {
  const bytes = encodePacket({
    code: RadiusCode.AccountingRequest,
    identifier,
    authenticator: ZERO16,
    attributes,
  });
  const authenticator = md5(bytes, secret);
  bytes.set(authenticator, 4);
  return { code: RadiusCode.AccountingRequest, identifier, authenticator, bytes };
}

/** Whether an Accounting-Request's authenticator is right (the server's check; for fakes). */
export function accountingRequestValid(bytes: Uint8Array, secret: Uint8Array): boolean {
  if (bytes.length < 20) return false;
  const copy = bytes.slice(0, (bytes[2] << 8) | bytes[3]);
  const claimed = copy.slice(4, 20);
  copy.set(ZERO16, 4);
  return equal(md5(copy, secret), claimed);
}

/** The replies each request code may get. */
function replyCodes(requestCode: number): readonly number[] {
  return requestCode === RadiusCode.AccountingRequest
    ? [RadiusCode.AccountingResponse]
    : [RadiusCode.AccessAccept, RadiusCode.AccessReject, RadiusCode.AccessChallenge];
}

/**
 * Checks a reply against the request it answers: well-formed, same identifier, a code that
 * answers it, Response Authenticator `MD5(Code+Id+Length+RequestAuth+Attributes+S)`, and a
 * correct Message-Authenticator, which Access replies must carry.
 */
export function verifyReply(
  bytes: Uint8Array,
  request: SignedRequest,
  secret: Uint8Array,
): VerifyResult {
  const parsed = parsePacket(bytes);
  if (!parsed.ok) return parsed;
  const { packet, length } = parsed;
  if (packet.identifier !== request.identifier) {
    return refuse(
      "wrong-identifier",
      `identifier ${packet.identifier}, expected ${request.identifier}`,
    );
  }
  if (!replyCodes(request.code).includes(packet.code)) {
    return refuse("unexpected-code", `code ${packet.code} does not answer code ${request.code}`);
  }
  const wire = bytes.slice(0, length);
  const withRequestAuth = wire.slice();
  withRequestAuth.set(request.authenticator, 4);
  if (!equal(md5(withRequestAuth, secret), packet.authenticator)) {
    return refuse("bad-response-authenticator", "Response Authenticator does not match");
  }
  const ma = findMessageAuthenticatorOffset(wire);
  if (ma < 0) {
    if (request.code === RadiusCode.AccountingRequest) return { ok: true, packet };
    return refuse("missing-message-authenticator", "an Access reply without Message-Authenticator");
  }
  const claimed = wire.slice(ma, ma + 16);
  withRequestAuth.fill(0, ma, ma + 16);
  if (!equal(hmacMd5(secret, withRequestAuth), claimed)) {
    return refuse("bad-message-authenticator", "Message-Authenticator does not match");
  }
  return { ok: true, packet };
}

/**
 * Signs a reply the way a server does (Message-Authenticator, if the attributes carry one, then
 * the Response Authenticator). For fake servers in tests.
 */
export function signReply(
  secret: Uint8Array,
  code: number,
  identifier: number,
  requestAuthenticator: Uint8Array,
  attributes: readonly RadiusAttribute[],
): Uint8Array {
  const bytes = encodePacket({ code, identifier, authenticator: requestAuthenticator, attributes });
  const ma = findMessageAuthenticatorOffset(bytes);
  if (ma >= 0) {
    bytes.fill(0, ma, ma + 16);
    bytes.set(hmacMd5(secret, bytes), ma);
  }
  bytes.set(md5(bytes, secret), 4);
  return bytes;
}

/** Whether a request's Message-Authenticator is right (the server's check; for fakes). */
export function requestMessageAuthenticatorValid(bytes: Uint8Array, secret: Uint8Array): boolean {
  const copy = bytes.slice(0, (bytes[2] << 8) | bytes[3]);
  const ma = findMessageAuthenticatorOffset(copy);
  if (ma < 0) return false;
  const claimed = copy.slice(ma, ma + 16);
  copy.fill(0, ma, ma + 16);
  return equal(hmacMd5(secret, copy), claimed);
}

/** Offset of the first Message-Authenticator value in a well-formed packet, or -1. */
function findMessageAuthenticatorOffset(bytes: Uint8Array): number {
  let offset = 20;
  while (offset + 2 <= bytes.length) {
    const length = bytes[offset + 1];
    if (length < 2) return -1;
    if (bytes[offset] === Attribute.MessageAuthenticator && length === 18) return offset + 2;
    offset += length;
  }
  return -1;
}

/** Constant-time comparison of equal-length octet strings. */
function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function refuse(reason: ReplyFault, detail: string): VerifyResult {
  return { ok: false, reason, detail };
}
