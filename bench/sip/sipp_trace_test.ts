import assert from "node:assert/strict";
import { parseSippTrace, sipSetups } from "./sipp_trace.ts";

function entry(time: string, direction: "sent" | "received", start: string, cseq: string) {
  const head = direction === "sent"
    ? "UDP message sent (300 bytes):"
    : "UDP message received [300] bytes :";
  return [
    `----------------------------------------------- 2026-11-22 04:36:${time}`,
    head,
    "",
    start,
    "Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-1",
    "Call-ID: 1-42@127.0.0.1",
    `CSeq: ${cseq}`,
    "Content-Length: 0",
    "",
    "",
  ].join("\n");
}

const UAC = [
  entry("05.000000", "sent", "INVITE sip:service@127.0.0.1:5080 SIP/2.0", "1 INVITE"),
  entry("05.500250", "sent", "INVITE sip:service@127.0.0.1:5080 SIP/2.0", "1 INVITE"),
  entry("05.501000", "received", "SIP/2.0 180 Ringing", "1 INVITE"),
  entry("05.502000", "received", "SIP/2.0 200 OK", "1 INVITE"),
  entry("05.502100", "sent", "ACK sip:service@127.0.0.1:5080 SIP/2.0", "1 ACK"),
  entry("06.002100", "received", "SIP/2.0 200 OK", "1 INVITE"),
  entry("06.002200", "sent", "ACK sip:service@127.0.0.1:5080 SIP/2.0", "1 ACK"),
].join("");

const UAS = [
  entry("05.500500", "received", "INVITE sip:service@127.0.0.1:5080 SIP/2.0", "1 INVITE"),
  entry("05.500600", "sent", "SIP/2.0 180 Ringing", "1 INVITE"),
  entry("05.501500", "sent", "SIP/2.0 200 OK", "1 INVITE"),
  entry("06.001500", "sent", "SIP/2.0 200 OK", "1 INVITE"),
  entry("06.002400", "received", "ACK sip:service@127.0.0.1:5080 SIP/2.0", "1 ACK"),
].join("");

Deno.test("parseSippTrace reads time, direction, kind, Call-ID and CSeq method", () => {
  const messages = parseSippTrace(UAC);
  assert.equal(messages.length, 7);
  assert.deepEqual(messages[2], {
    at: new Date(2026, 10, 22, 4, 36, 5).getTime() + 501,
    direction: "received",
    kind: "180",
    callId: "1-42@127.0.0.1",
    cseqMethod: "INVITE",
  });
  assert.ok(Math.abs(messages[1].at - messages[0].at - 500.25) < 1e-3);
  assert.deepEqual(parseSippTrace("garbage\n---- not a date\n"), []);
});

Deno.test("sipSetups: INVITE at the UAC to the first ACK at the UAS", () => {
  const [call] = sipSetups(parseSippTrace(UAC), parseSippTrace(UAS));
  assert.equal(call.callId, "1-42@127.0.0.1");
  assert.ok(Math.abs(call.okAt! - call.inviteAt - 502) < 1e-3);
  assert.ok(Math.abs(call.ackAt! - call.inviteAt - 1002.4) < 1e-3);
  // Sent until the ACK arrived: 2 INVITE, 2 ACK (UAC); 180, 2 x 200 (UAS).
  assert.equal(call.sent, 7);
  assert.equal(call.delivered, 5);
  assert.equal(call.invites, 2);
});

Deno.test("sipSetups: a call whose ACK never arrived has no ackAt", () => {
  const [call] = sipSetups(parseSippTrace(UAC), []);
  assert.equal(call.ackAt, undefined);
  assert.equal(call.sent, 4);
});
