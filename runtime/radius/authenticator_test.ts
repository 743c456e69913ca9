import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  accountingRequestValid,
  buildAccessRequest,
  buildAccountingRequest,
  hidePassword,
  requestMessageAuthenticatorValid,
  revealPassword,
  signReply,
  verifyReply,
} from "./authenticator.ts";
import { Attribute, RadiusCode } from "./dictionary.ts";
import { integerAttribute, octetsAttribute, parsePacket, textAttribute } from "./packet.ts";

const hex = (s: string) =>
  Uint8Array.from(s.replace(/\s+/g, "").match(/../g)!, (b) => parseInt(b, 16));
const enc = (s: string) => new TextEncoder().encode(s);

// RFC 2865 §7.1: user "nemo", password "arctangent", secret "xyzzy5461".
const RFC_SECRET = enc("xyzzy5461");
const RFC_REQUEST = hex(`01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb
  98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d 93 d4 13 ce 31 96 e4 3f
  78 2a 0a ee 04 06 c0 a8 01 10 05 06 00 00 00 03`);
const RFC_ACCEPT = hex(`02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf
  9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00 0e 06 c0 a8 01 03`);

Deno.test("User-Password hiding matches RFC 2865 §7.1 and reverses", () => {
  const ra = RFC_REQUEST.subarray(4, 20);
  const hidden = hidePassword(enc("arctangent"), RFC_SECRET, ra);
  assert.deepEqual(hidden, RFC_REQUEST.subarray(28, 44));
  assert.equal(new TextDecoder().decode(revealPassword(hidden, RFC_SECRET, ra)), "arctangent");
});

Deno.test("long passwords chain blocks; more than 128 octets is refused", () => {
  const ra = new Uint8Array(16).fill(7);
  const pw = enc("x".repeat(40));
  const hidden = hidePassword(pw, RFC_SECRET, ra);
  assert.equal(hidden.length, 48);
  assert.deepEqual(revealPassword(hidden, RFC_SECRET, ra), pw);
  assert.throws(() => hidePassword(new Uint8Array(129), RFC_SECRET, ra), /at most 128/);
});

Deno.test("the RFC 2865 §7.1 Access-Accept's Response Authenticator verifies", () => {
  // The example has no Message-Authenticator (it predates RFC 3579): the check says exactly that
  // after passing the Response Authenticator; a changed octet fails the authenticator first.
  const request = {
    code: 1,
    identifier: 0,
    authenticator: RFC_REQUEST.subarray(4, 20),
    bytes: RFC_REQUEST,
  };
  const result = verifyReply(RFC_ACCEPT, request, RFC_SECRET);
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.reason, "missing-message-authenticator");
  const tampered = RFC_ACCEPT.slice();
  tampered[25] ^= 1;
  const bad = verifyReply(tampered, request, RFC_SECRET);
  assert.equal(!bad.ok && bad.reason, "bad-response-authenticator");
  assert.equal(verifyReply(RFC_ACCEPT, request, enc("wrong")).ok, false);
});

Deno.test("Access-Request: Message-Authenticator first, HMAC-MD5 over the packet", () => {
  const secret = enc("testing123");
  const req = buildAccessRequest(secret, 9, [textAttribute(Attribute.UserName, "4711")], "1234");
  const parsed = parsePacket(req.bytes);
  assert.ok(parsed.ok);
  assert.equal(parsed.packet.attributes[0].type, Attribute.MessageAuthenticator);
  assert.equal(parsed.packet.attributes[1].type, Attribute.UserPassword);
  assert.ok(requestMessageAuthenticatorValid(req.bytes, secret));
  assert.equal(requestMessageAuthenticatorValid(req.bytes, enc("other")), false);
  const pw = revealPassword(parsed.packet.attributes[1].value, secret, req.authenticator);
  assert.equal(new TextDecoder().decode(pw), "1234");
});

Deno.test("replies: verified with the request authenticator; each fault named", () => {
  const secret = enc("s3cret");
  const req = buildAccessRequest(secret, 200, [textAttribute(Attribute.UserName, "u")], "p");
  const ma = octetsAttribute(Attribute.MessageAuthenticator, new Uint8Array(16));
  const good = signReply(secret, RadiusCode.AccessAccept, 200, req.authenticator, [
    ma,
    integerAttribute(Attribute.SessionTimeout, 60),
  ]);
  assert.ok(verifyReply(good, req, secret).ok);
  const reason = (bytes: Uint8Array) => {
    const r = verifyReply(bytes, req, secret);
    return r.ok ? "ok" : r.reason;
  };
  assert.equal(reason(signReply(secret, 2, 201, req.authenticator, [ma])), "wrong-identifier");
  assert.equal(reason(signReply(secret, 5, 200, req.authenticator, [ma])), "unexpected-code");
  assert.equal(
    reason(signReply(secret, 2, 200, req.authenticator, [])),
    "missing-message-authenticator",
  );
  assert.equal(
    reason(signReply(enc("x"), 2, 200, req.authenticator, [ma])),
    "bad-response-authenticator",
  );
  // Right Response Authenticator over a wrong Message-Authenticator (a forger without the
  // HMAC but with a broken MD5 would look like this).
  const forged = good.slice();
  forged[22] ^= 0xff;
  forged.set(req.authenticator, 4);
  forged.set(createHash("md5").update(forged).update(secret).digest(), 4);
  assert.equal(reason(forged), "bad-message-authenticator");
  // A reply signed for another request (a replay) fails.
  const other = buildAccessRequest(secret, 200, [], "p");
  assert.equal(
    reason(signReply(secret, 2, 200, other.authenticator, [ma])),
    "bad-response-authenticator",
  );
  // Bad lengths are refused before any cryptography.
  const short = good.slice(0, 19);
  assert.equal(reason(short), "too-short");
  const long = good.slice();
  long[3] += 10;
  assert.equal(reason(long), "bad-length");
});

Deno.test("Accounting-Request authenticator: MD5 over the packet with zeros, then the secret", () => {
  const secret = enc("acct");
  const req = buildAccountingRequest(secret, 3, [
    integerAttribute(Attribute.AcctStatusType, 1),
    textAttribute(Attribute.AcctSessionId, "abc"),
  ]);
  assert.ok(accountingRequestValid(req.bytes, secret));
  assert.equal(accountingRequestValid(req.bytes, enc("wrong")), false);
  const reply = signReply(secret, RadiusCode.AccountingResponse, 3, req.authenticator, []);
  assert.ok(verifyReply(reply, req, secret).ok);
});
