/**
 * Fuzz tests for everything in runtime/rtp that reads bytes from the network: random and
 * mutated inputs from a seeded generator (the seed is printed on failure; set RTP_FUZZ_SEED
 * to replay one). Nothing here may throw, whatever the input.
 */
import { Prng } from "../../harness/netsim/prng.ts";
import assert from "node:assert/strict";
import { buildRtpPacket, parseRtpPacket, type RtpParseError } from "./packet.ts";
import { findPayloadFormat, g723, payloadFormats } from "./payload_formats.ts";
import { RTP_DROP_REASONS, RtpReceiver } from "./receiver.ts";
import { buildRtcpCompound, parseRtcpCompound, type RtcpPacket } from "./rtcp.ts";
import { parseTelephoneEvent, TelephoneEventReceiver } from "./telephone_event.ts";

const SEED = Number(Deno.env.get("RTP_FUZZ_SEED") ?? 0x5eed1234);

function prng(seed: number): Prng {
  return new Prng(seed);
}

type Rng = Prng;

/** A well-formed packet with random header features. */
function randomPacket(r: Rng): Uint8Array {
  const ext = r.int(3) === 0;
  return buildRtpPacket({
    marker: r.int(2) === 1,
    payloadType: r.int(128),
    sequence: r.int(65536),
    timestamp: r.int(2 ** 32),
    ssrc: r.int(2 ** 32),
    csrcs: Array.from({ length: r.int(3) === 0 ? r.int(16) : 0 }, () => r.int(2 ** 32)),
    extension: ext ? { profile: r.int(65536), data: r.bytes(4 * r.int(4)) } : undefined,
    payload: r.bytes(r.int(64)),
    paddingLength: r.int(4) === 0 ? 1 + r.int(8) : 0,
  });
}

/** Flips bits, truncates, extends or overwrites a copy of `bytes`. */
function mutate(r: Rng, bytes: Uint8Array): Uint8Array {
  let out = bytes.slice();
  const edits = 1 + r.int(4);
  for (let e = 0; e < edits; e++) {
    switch (r.int(5)) {
      case 0:
        if (out.length) out[r.int(out.length)] ^= 1 << r.int(8);
        break;
      case 1:
        out = out.slice(0, r.int(out.length + 1));
        break;
      case 2:
        out = Uint8Array.of(...out, ...r.bytes(1 + r.int(8)));
        break;
      case 3:
        if (out.length) out[r.int(Math.min(out.length, 16))] = r.int(256); // hit the header
        break;
      default:
        if (out.length) out[out.length - 1] = r.int(256); // hit the padding count
    }
  }
  return out;
}

const PARSE_ERRORS: readonly RtpParseError[] = [
  "too-short",
  "bad-version",
  "csrc-past-end",
  "extension-past-end",
  "bad-padding",
];

/** Checks a parse result is consistent with its input; returns whether it parsed. */
function checkParse(bytes: Uint8Array): boolean {
  const r = parseRtpPacket(bytes);
  if (!r.ok) {
    assert.ok(PARSE_ERRORS.includes(r.reason), r.reason);
    return false;
  }
  const p = r.packet;
  const header = 12 + 4 * p.csrcs.length + (p.extension ? 4 + p.extension.data.length : 0);
  assert.equal(header + p.payload.length + p.paddingLength, bytes.length);
  // Rebuilding from the fields reproduces the packet, but for the padding filler octets.
  const rebuilt = buildRtpPacket({ ...p, payload: p.payload.slice() });
  const keep = bytes.length - p.paddingLength;
  assert.deepEqual(rebuilt.subarray(0, keep), bytes.subarray(0, keep));
  assert.equal(rebuilt.length, bytes.length);
  return true;
}

Deno.test(`RTP parse never throws on random bytes (seed ${SEED})`, () => {
  const r = prng(SEED);
  let parsed = 0;
  for (let i = 0; i < 20000; i++) {
    const bytes = r.bytes(r.int(80));
    if (r.int(2)) bytes[0] = 0x80 | (bytes[0] & 0x3f); // half with version 2, to go deeper
    if (checkParse(bytes)) parsed++;
  }
  assert.ok(parsed > 1000, `only ${parsed} random inputs parsed: generator too weak`);
});

Deno.test(`RTP parse never throws on mutated packets, and round-trips good ones (seed ${SEED})`, () => {
  const r = prng(SEED + 1);
  let good = 0;
  let bad = 0;
  for (let i = 0; i < 10000; i++) {
    const packet = randomPacket(r);
    assert.ok(checkParse(packet), "a built packet must parse");
    if (checkParse(mutate(r, packet))) good++;
    else bad++;
  }
  assert.ok(good > 500 && bad > 500, `good ${good} bad ${bad}: mutations too mild or too harsh`);
});

Deno.test(`the receiver never throws and accounts for every datagram (seed ${SEED})`, () => {
  const r = prng(SEED + 2);
  const seen = new Set<string>();
  for (let run = 0; run < 20; run++) {
    const rx = new RtpReceiver({
      clockRate: 8000,
      payloadTypes: [0, 8],
      eventPayloadTypes: [101],
      formats: new Map([[4, g723]]),
    });
    let seq = r.int(65536);
    let ts = r.int(2 ** 32);
    const n = 500;
    for (let i = 0; i < n; i++) {
      seq = (seq + (r.int(10) === 0 ? r.int(65536) : 1 - r.int(3) + 1)) & 0xffff;
      ts = (ts + 160) >>> 0;
      let bytes = buildRtpPacket({
        payloadType: [0, 8, 101, 9, 4][r.int(5)],
        sequence: seq,
        timestamp: ts,
        ssrc: r.int(20) === 0 ? r.int(2 ** 32) : 42,
        payload: r.bytes(r.int(40)),
      });
      if (r.int(4) === 0) bytes = mutate(r, bytes);
      rx.receive(bytes, i * 20 + r.next() * 50);
    }
    const c = rx.counters;
    const dropped = RTP_DROP_REASONS.reduce((sum, reason) => sum + c.dropped[reason], 0);
    assert.equal(c.accepted + dropped, n);
    RTP_DROP_REASONS.forEach((reason) => c.dropped[reason] && seen.add(reason));
    const malformed = Object.values(c.malformed).reduce((a, b) => a + b, 0);
    assert.equal(malformed, c.dropped.malformed);
    const s = rx.stats();
    if (s) {
      assert.ok(s.received <= c.accepted + c.dropped["bad-payload"]);
      assert.ok(Number.isFinite(s.jitter) && s.jitter >= 0);
    }
  }
  assert.deepEqual([...seen].sort(), [...RTP_DROP_REASONS].sort(), "every drop reason reached");
});

Deno.test(`telephone-event parsing and the event receiver never throw (seed ${SEED})`, () => {
  const r = prng(SEED + 3);
  const rx = new TelephoneEventReceiver();
  let malformed = 0;
  for (let i = 0; i < 20000; i++) {
    const payload = r.bytes(r.int(3) === 0 ? r.int(9) : 4);
    const parsed = parseTelephoneEvent(payload);
    assert.equal(parsed.ok, payload.length === 4);
    if (parsed.ok) {
      const e = parsed.event;
      assert.ok(e.event <= 255 && e.volume <= 63 && e.duration <= 65535);
    } else malformed++;
    const notice = rx.receive(r.int(8) * 160, payload);
    if (notice) assert.equal(notice.event, payload[0]);
  }
  assert.equal(rx.malformed, malformed);
});

Deno.test(`payload splitting never throws and accounts for every octet (seed ${SEED})`, () => {
  const r = prng(SEED + 4);
  const formats = [
    ...payloadFormats,
    findPayloadFormat("L16", 44100, 2)!,
    findPayloadFormat("PCMU", 16000, 2)!,
  ];
  for (const format of formats) {
    let ok = 0;
    for (let i = 0; i < 1500; i++) {
      const payload = r.bytes(r.int(100));
      const split = format.split(payload);
      if (!split.ok) {
        assert.ok(split.offset >= 0 && split.offset <= payload.length, format.encoding);
        continue;
      }
      ok++;
      assert.equal(split.frames.reduce((n, f) => n + f.samples, 0), split.samples);
      if (split.frames.length) {
        assert.deepEqual(format.join(split.frames.map((f) => f.data)), payload, format.encoding);
      }
    }
    assert.ok(ok > 0, `${format.encoding}: no random payload was accepted`);
  }
});

function randomRtcp(r: Rng): RtcpPacket[] {
  const block = () => ({
    ssrc: r.int(2 ** 32),
    fractionLost: r.int(256),
    cumulativeLost: r.int(2 ** 24) - 2 ** 23,
    extendedHighestSequence: r.int(2 ** 32),
    jitter: r.int(2 ** 32),
    lastSenderReport: r.int(2 ** 32),
    delaySinceLastSenderReport: r.int(2 ** 32),
  });
  const reports = () => Array.from({ length: r.int(3) }, block);
  const first: RtcpPacket = r.int(2) ? { type: "rr", ssrc: r.int(2 ** 32), reports: reports() } : {
    type: "sr",
    ssrc: r.int(2 ** 32),
    ntpSeconds: r.int(2 ** 32),
    ntpFraction: r.int(2 ** 32),
    rtpTimestamp: r.int(2 ** 32),
    packetCount: r.int(2 ** 32),
    octetCount: r.int(2 ** 32),
    reports: reports(),
  };
  const text = () => "abc☎é".slice(0, r.int(6)).repeat(r.int(4));
  const rest: RtcpPacket[] = [
    {
      type: "sdes",
      chunks: Array.from({ length: r.int(3) }, () => ({
        ssrc: r.int(2 ** 32),
        items: Array.from({ length: r.int(4) }, () => ({ type: 1 + r.int(8), text: text() })),
      })),
    },
    r.int(2)
      ? {
        type: "bye",
        sources: Array.from({ length: r.int(3) }, () => r.int(2 ** 32)),
        reason: text(),
      }
      : { type: "bye", sources: Array.from({ length: r.int(3) }, () => r.int(2 ** 32)) },
  ];
  return [first, ...rest.filter(() => r.int(2))];
}

Deno.test(`RTCP parse never throws on random or mutated compounds (seed ${SEED})`, () => {
  const r = prng(SEED + 5);
  const REASONS = [
    "too-short",
    "bad-version",
    "bad-length",
    "bad-padding",
    "report-not-first",
    "bad-count",
    "bad-item",
  ];
  let good = 0;
  for (let i = 0; i < 10000; i++) {
    const packets = randomRtcp(r);
    const bytes = buildRtcpCompound(packets);
    const parsed = parseRtcpCompound(bytes);
    assert.ok(parsed.ok);
    if (parsed.ok) assert.deepEqual(parsed.packets, packets);
    for (const input of [mutate(r, bytes), r.bytes(r.int(64))]) {
      const result = parseRtcpCompound(input);
      if (result.ok) good++;
      else {
        assert.ok(REASONS.includes(result.reason), result.reason);
        assert.ok(result.offset >= 0 && result.offset <= input.length);
      }
    }
  }
  assert.ok(good > 100, `only ${good} mutated compounds parsed`);
});
