import assert from "node:assert/strict";
import {
  buildRtcpCompound,
  looksLikeRtcp,
  ntpFromUnixMs,
  ntpMiddle,
  parseRtcpCompound,
  type RtcpPacket,
} from "./rtcp.ts";

const block = {
  ssrc: 0x01020304,
  fractionLost: 64,
  cumulativeLost: -5,
  extendedHighestSequence: 0x00012345,
  jitter: 77,
  lastSenderReport: 0xaabbccdd,
  delaySinceLastSenderReport: 65536,
};

const compound: RtcpPacket[] = [
  {
    type: "sr",
    ssrc: 0xdeadbeef,
    ntpSeconds: 0xe0000000,
    ntpFraction: 0x80000000,
    rtpTimestamp: 123456,
    packetCount: 50,
    octetCount: 8000,
    reports: [block],
  },
  {
    type: "sdes",
    chunks: [
      {
        ssrc: 0xdeadbeef,
        items: [{ type: 1, text: "alice@192.0.2.1" }, { type: 6, text: "sip ☎" }],
      },
      { ssrc: 7, items: [] },
    ],
  },
  { type: "bye", sources: [0xdeadbeef, 9], reason: "bye now" },
];

Deno.test("a compound of SR, SDES and BYE round-trips field for field", () => {
  const bytes = buildRtcpCompound(compound);
  assert.equal(bytes.length % 4, 0);
  const parsed = parseRtcpCompound(bytes);
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.detail);
  if (parsed.ok) assert.deepEqual(parsed.packets, compound);
});

Deno.test("the SR header and a report block sit at the octets RFC 3550 gives them", () => {
  const bytes = buildRtcpCompound([compound[0]]);
  assert.equal(bytes.length, 28 + 24);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x81, 200, 0, 12]); // V=2 RC=1, PT, length 13 words - 1
  assert.deepEqual([...bytes.subarray(28, 36)], [1, 2, 3, 4, 64, 0xff, 0xff, 0xfb]); // -5 in 24 bits
});

Deno.test("an RR with no blocks, and a BYE without reason", () => {
  const packets: RtcpPacket[] = [{ type: "rr", ssrc: 1, reports: [] }, {
    type: "bye",
    sources: [1],
  }];
  const bytes = buildRtcpCompound(packets);
  assert.deepEqual([...bytes], [0x80, 201, 0, 1, 0, 0, 0, 1, 0x81, 203, 0, 1, 0, 0, 0, 1]);
  const parsed = parseRtcpCompound(bytes);
  assert.ok(parsed.ok);
  if (parsed.ok) assert.deepEqual(parsed.packets, packets);
});

Deno.test("cumulative loss is clamped to 24 bits signed", () => {
  const bytes = buildRtcpCompound([{
    type: "rr",
    ssrc: 1,
    reports: [{ ...block, cumulativeLost: 1e9 }, { ...block, cumulativeLost: -1e9 }],
  }]);
  const parsed = parseRtcpCompound(bytes);
  assert.ok(parsed.ok && parsed.packets[0].type === "rr");
  if (parsed.ok && parsed.packets[0].type === "rr") {
    assert.deepEqual(parsed.packets[0].reports.map((r) => r.cumulativeLost), [0x7fffff, -0x800000]);
  }
});

Deno.test("unknown packet types are kept whole", () => {
  const app = Uint8Array.of(0x80, 204, 0, 2, 0, 0, 0, 1, 0x41, 0x42, 0x43, 0x44);
  const bytes = buildRtcpCompound([{ type: "rr", ssrc: 1, reports: [] }, {
    type: "other",
    packetType: 204,
    bytes: app,
  }]);
  const parsed = parseRtcpCompound(bytes);
  assert.ok(parsed.ok);
  if (parsed.ok) {
    const other = parsed.packets[1];
    assert.equal(other.type, "other");
    if (other.type === "other") assert.deepEqual(other.bytes, app);
  }
});

Deno.test("padding is allowed on the last packet only", () => {
  const rr = [0x80, 201, 0, 1, 0, 0, 0, 1];
  const padded = [0xa0, 201, 0, 2, 0, 0, 0, 1, 0, 0, 0, 4];
  assert.ok(parseRtcpCompound(Uint8Array.of(...rr, ...padded)).ok);
  const r = parseRtcpCompound(Uint8Array.of(...padded, ...rr));
  assert.equal(r.ok ? "" : r.reason, "bad-padding");
});

Deno.test("each malformed compound gets its reason and offset", () => {
  const RR = [0x80, 201, 0, 1, 0, 0, 0, 1];
  const cases: [number[], string, number][] = [
    [[], "too-short", 0],
    [[0x80, 201, 0], "too-short", 0],
    [[0x40, 201, 0, 0], "bad-version", 0],
    [[0x80, 201, 0, 5, 0, 0, 0, 1], "bad-length", 0],
    [[0x80, 202, 0, 0], "report-not-first", 0],
    [[0x81, 201, 0, 1, 0, 0, 0, 1], "bad-count", 0],
    [[0x80, 201, 0, 0], "bad-length", 0],
    [[0x80, 200, 0, 1, 0, 0, 0, 1], "bad-length", 0],
    [[...RR, 0x81, 202, 0, 1, 0, 0, 0, 1], "bad-item", 16],
    [[...RR, 0x81, 202, 0, 2, 0, 0, 0, 1, 1, 9, 0, 0], "bad-item", 16],
    [[...RR, 0x81, 202, 0, 0], "bad-item", 12],
    [[...RR, 0x82, 203, 0, 1, 0, 0, 0, 1], "bad-count", 12],
    [[...RR, 0x81, 203, 0, 2, 0, 0, 0, 1, 9, 0, 0, 0], "bad-item", 16],
    [[0xa0, 201, 0, 1, 0, 0, 0, 0], "bad-padding", 7],
  ];
  for (const [bytes, reason, offset] of cases) {
    const r = parseRtcpCompound(Uint8Array.from(bytes));
    assert.equal(
      r.ok ? "ok" : `${r.reason}@${r.offset}`,
      `${reason}@${offset}`,
      JSON.stringify(bytes),
    );
  }
});

Deno.test("RTCP is told from RTP by the second octet", () => {
  assert.equal(looksLikeRtcp(Uint8Array.of(0x80, 200)), true);
  assert.equal(looksLikeRtcp(Uint8Array.of(0x80, 0x00)), false); // PT 0
  assert.equal(looksLikeRtcp(Uint8Array.of(0x80, 0xe0)), false); // marker + PT 96
  assert.equal(looksLikeRtcp(Uint8Array.of(0x80)), false);
});

Deno.test("NTP time from Unix time, and its middle 32 bits", () => {
  assert.deepEqual(ntpFromUnixMs(0), { ntpSeconds: 2208988800, ntpFraction: 0 });
  assert.deepEqual(ntpFromUnixMs(1500), { ntpSeconds: 2208988801, ntpFraction: 0x80000000 });
  assert.equal(ntpMiddle(0x12345678, 0x9abcdef0), 0x56789abc);
});

Deno.test("building out-of-range fields throws", () => {
  assert.throws(() => buildRtcpCompound([{ type: "rr", ssrc: -1, reports: [] }]), RangeError);
  assert.throws(
    () => buildRtcpCompound([{ type: "bye", sources: new Array(32).fill(1) }]),
    RangeError,
  );
  assert.throws(
    () =>
      buildRtcpCompound([{
        type: "sdes",
        chunks: [{ ssrc: 1, items: [{ type: 1, text: "x".repeat(256) }] }],
      }]),
    RangeError,
  );
  assert.throws(
    () => buildRtcpCompound([{ type: "rr", ssrc: 1, reports: [{ ...block, fractionLost: 256 }] }]),
    RangeError,
  );
});
