import assert from "node:assert/strict";
import { RTCP_MIN_INTERVAL_MS, rtcpIntervalMs, RtcpSession } from "./rtcp_session.ts";
import { parseRtcpCompound } from "./rtcp.ts";
import { StreamStats } from "./stream_stats.ts";

function firstType(bytes: Uint8Array): string {
  const parsed = parseRtcpCompound(bytes);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.packets[0].type;
}

Deno.test("the interval: 5 s minimum (2.5 s first), randomised 0.5-1.5, over e - 3/2", () => {
  const base = {
    members: 2,
    senders: 2,
    weSent: true,
    rtcpBytesPerSecond: 500, // 5 % of 80 kbit/s
    averageSize: 100,
    initial: false,
  };
  const at = (r: number, initial = false) => rtcpIntervalMs({ ...base, initial, random: () => r });
  const k = Math.E - 1.5;
  assert.equal(at(0.5), RTCP_MIN_INTERVAL_MS / k);
  assert.equal(at(0), (0.5 * RTCP_MIN_INTERVAL_MS) / k);
  assert.equal(at(0.5, true), RTCP_MIN_INTERVAL_MS / 2 / k);
  // A narrow session: the 5 % rule sets the interval above the minimum.
  const slow = rtcpIntervalMs({ ...base, rtcpBytesPerSecond: 10, random: () => 0.5 });
  assert.equal(slow, (1000 * 100 * 2) / 10 / k);
  // Few senders among many members: senders share 25 %.
  const senderShare = rtcpIntervalMs({
    ...base,
    members: 100,
    senders: 2,
    rtcpBytesPerSecond: 10,
    random: () => 0.5,
  });
  assert.equal(senderShare, (1000 * 100 * 2) / 2.5 / k);
});

/** Two sessions talking through a network with a fixed one-way delay. */
function pair(oneWayMs: number) {
  const a = new RtcpSession({
    ssrc: 0xa,
    cname: "a@x",
    clockRate: 8000,
    sessionBps: 87200,
    wallMs: (t) => 1.7e12 + t,
    random: () => 0.5,
  });
  // B's wall clock is off by 3 s: RTT must not depend on it.
  const b = new RtcpSession({
    ssrc: 0xb,
    cname: "b@y",
    clockRate: 8000,
    sessionBps: 87200,
    wallMs: (t) => 1.7e12 + 3000 + t,
    random: () => 0.5,
  });
  return { a, b, oneWayMs };
}

Deno.test("RTT from LSR and DLSR, remote loss and jitter, whatever the peer's clock", () => {
  const { a, b, oneWayMs } = pair(40);
  const statsAtB = new StreamStats(100, { clockRate: 8000 });
  // B heard 101..199 of A's packets, every tenth missing.
  for (let s = 100; s < 200; s++) if (s % 10) statsAtB.update(s, s * 160, s * 20, true);
  assert.equal(a.due(0), false); // schedules the first report
  assert.ok(!a.due(1000) && a.due(2100), "first report after 2.5 s / 1.218");
  const sr = a.report(3000, { sender: { packetCount: 100, octetCount: 16000, rtpTimestamp: 1 } });
  assert.equal(firstType(sr), "sr");
  b.receive(sr, 3000 + oneWayMs);
  // B answers 700 ms later with a report block about A.
  const rr = b.report(3740, { receiver: { ssrc: 0xa, stats: statsAtB } });
  assert.equal(firstType(rr), "rr");
  a.receive(rr, 3740 + oneWayMs);
  const f = a.figures();
  assert.ok(Math.abs(f.rttMs! - 2 * oneWayMs) < 0.1, `rtt ${f.rttMs}`);
  assert.equal(f.remoteCumulativeLost, 9); // 110, 120 ... 190
  assert.ok(f.remoteFractionLost! > 0.08 && f.remoteFractionLost! < 0.12);
  assert.equal(f.reportsSent, 1);
  assert.equal(f.reportsReceived, 1);
  assert.equal(b.figures().rttMs, undefined, "B sent no SR, so it has no RTT");
});

Deno.test("an RR when nothing was sent since the last report; BYE; malformed input counted", () => {
  const { a, b } = pair(10);
  const first = a.report(0, { sender: { packetCount: 5, octetCount: 800, rtpTimestamp: 0 } });
  const again = a.report(6000, { sender: { packetCount: 5, octetCount: 800, rtpTimestamp: 0 } });
  assert.equal(firstType(first), "sr");
  assert.equal(firstType(again), "rr");
  const bye = a.report(7000, {}, "hung up");
  assert.ok(b.receive(bye, 7010));
  assert.equal(b.figures().byeReceived, true);
  assert.equal(b.receive(Uint8Array.of(0x80, 200, 0, 9), 0), false);
  assert.equal(b.figures().malformed, 1);
});
