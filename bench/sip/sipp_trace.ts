/**
 * Reads SIPp's message trace (`-trace_msg -message_file FILE`): every SIP message SIPp sent
 * or received, each after a line of dashes with the local time in microseconds, e.g.
 *
 * ```
 * ----------------------------------------------- 2026-11-22 04:36:05.751376
 * UDP message sent (509 bytes):
 *
 * INVITE sip:service@127.0.0.1:5070 SIP/2.0
 * Call-ID: 1-17742@127.0.0.1
 * CSeq: 1 INVITE
 * ```
 *
 * and the set-up of each call from the traces of a UAC and a UAS.
 * @module
 */

/** One message as SIPp logged it. */
export interface TracedMessage {
  /** Local wall-clock time, ms since the epoch (same clock for every process here). */
  readonly at: number;
  readonly direction: "sent" | "received";
  /** `INVITE`, `ACK`, ... for requests; the status code as text (`200`) for responses. */
  readonly kind: string;
  readonly callId: string;
  /** The method of the CSeq header (`INVITE` for the responses to an INVITE). */
  readonly cseqMethod: string;
}

const SEPARATOR = /^-{5,}\s+(\d{4})-(\d\d)-(\d\d)\s+(\d\d):(\d\d):(\d\d)(\.\d+)?\s*$/;

function timeOf(m: RegExpExecArray): number {
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  return new Date(y, mo - 1, d, h, mi, s).getTime() + Number(m[7] ?? 0) * 1000;
}

/** The messages of one trace, in file order. Entries that are not SIP messages are skipped. */
export function parseSippTrace(text: string): TracedMessage[] {
  const out: TracedMessage[] = [];
  let entry: { at: number; lines: string[] } | undefined;
  const finish = () => {
    const message = entry && messageOf(entry.at, entry.lines);
    if (message) out.push(message);
  };
  for (const line of text.split(/\r?\n/)) {
    const m = SEPARATOR.exec(line);
    if (m) {
      finish();
      entry = { at: timeOf(m), lines: [] };
    } else entry?.lines.push(line);
  }
  finish();
  return out;
}

function messageOf(at: number, lines: string[]): TracedMessage | undefined {
  const direction = /message sent/i.test(lines[0] ?? "")
    ? "sent"
    : /message received/i.test(lines[0] ?? "")
    ? "received"
    : undefined;
  const start = lines.slice(1).find((l) => l.trim() !== "");
  if (!direction || !start) return undefined;
  const status = /^SIP\/2\.0\s+(\d{3})/.exec(start);
  const request = /^([A-Z]+)\s+\S+\s+SIP\/2\.0/.exec(start);
  const header = (name: string) => {
    const found = lines.find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ":"));
    return found?.slice(name.length + 1).trim();
  };
  const callId = header("Call-ID") ?? header("i");
  const cseq = header("CSeq")?.split(/\s+/)[1];
  const kind = status?.[1] ?? request?.[1];
  if (!kind || !callId || !cseq) return undefined;
  return { at, direction, kind, callId, cseqMethod: cseq };
}

/** How one SIP call was set up: INVITE sent at the UAC until ACK received at the UAS. */
export interface SipSetup {
  readonly callId: string;
  /** First INVITE sent by the UAC. */
  readonly inviteAt: number;
  /** First 200 OK (to the INVITE) received by the UAC, if any. */
  readonly okAt?: number;
  /** First ACK received by the UAS, if any: both sides know the call is up. */
  readonly ackAt?: number;
  /** Messages sent by either side until the ACK arrived (all, if it never did). */
  readonly sent: number;
  /** Messages received by either side until then. */
  readonly delivered: number;
  /** INVITEs sent until then (1 + retransmissions). */
  readonly invites: number;
}

/** Pairs the UAC's and the UAS's messages by Call-ID, one result per INVITE the UAC sent. */
export function sipSetups(uac: TracedMessage[], uas: TracedMessage[]): SipSetup[] {
  const firstAt = (list: TracedMessage[], f: (m: TracedMessage) => boolean) => list.find(f)?.at;
  const out: SipSetup[] = [];
  const callIds = [...new Set(uac.filter((m) => m.kind === "INVITE").map((m) => m.callId))];
  for (const callId of callIds) {
    const mine = (m: TracedMessage) => m.callId === callId;
    const a = uac.filter(mine), b = uas.filter(mine);
    const inviteAt = firstAt(a, (m) => m.direction === "sent" && m.kind === "INVITE")!;
    const okAt = firstAt(
      a,
      (m) => m.direction === "received" && m.kind === "200" && m.cseqMethod === "INVITE",
    );
    const ackAt = firstAt(b, (m) => m.direction === "received" && m.kind === "ACK");
    const until = (m: TracedMessage) => ackAt === undefined || m.at <= ackAt;
    const both = [...a, ...b].filter(until);
    out.push({
      callId,
      inviteAt,
      okAt,
      ackAt,
      sent: both.filter((m) => m.direction === "sent").length,
      delivered: both.filter((m) => m.direction === "received").length,
      invites: a.filter((m) => until(m) && m.direction === "sent" && m.kind === "INVITE").length,
    });
  }
  return out;
}
