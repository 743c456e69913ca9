/**
 * Every example URL of the drafts (draft-fujikawa-iphone-url, NOTASIP -02 Appendix A) and
 * the paper, plus the grammar's other forms, each placing a real call between two hosts
 * (network namespaces), the callee's host substituted by the namespace's address: the
 * callee publishes the URL (its dynamic payload types come from it) and answers at once;
 * the caller dials it with every registered codec. Checked: the codec chosen, the
 * callee's voice path, and the dial digits the URL carries. Needs root (CI runs as root).
 * @module
 */
import assert from "node:assert/strict";
import { type Hosts, withHosts } from "./namespace_process.ts";
import { recordingOf, sleep, startPhone } from "./hosted_phone.ts";
import { heardWindows, heardWindowsWideband } from "./test_signal.ts";
import { codecs } from "../../runtime/codecs/mod.ts";

interface Example {
  /** The URL with `HOST` for the callee's address. */
  readonly url: string;
  /** Where it comes from. */
  readonly source: string;
  readonly port: number;
  readonly codec: string;
  readonly payloadType: number;
  /** Dial digits the callee must hear, and how they travel. */
  readonly digits?: string;
  readonly method?: "inband" | "rfc4733";
  /** A 16 kHz codec between 8 kHz lines: matched allowing a half-sample delay. */
  readonly wideband?: boolean;
}

const EXAMPLES: Example[] = [
  {
    url: "iphone://HOST:10000/0,5",
    source: "iphone-url",
    port: 10000,
    codec: "pcmu",
    payloadType: 0,
  },
  {
    url: "iphone://HOST/m=rtp:10000:0&a=dtmf:1234",
    source: "iphone-url",
    port: 10000,
    codec: "pcmu",
    payloadType: 0,
    digits: "1234",
    method: "inband",
  },
  {
    url: "iphone://HOST/m=rtp:9000:99:DVI4:8000",
    source: "iphone-url",
    port: 9000,
    codec: "dvi4",
    payloadType: 99,
  },
  {
    url: "iphone://HOST:10000/DVI4:8000",
    source: "iphone-url",
    port: 10000,
    codec: "dvi4",
    payloadType: 5,
  },
  {
    url: "sdp://HOST/#m=audio+10000+RTP-AVP+0",
    source: "notasip-02 appendix A",
    port: 10000,
    codec: "pcmu",
    payloadType: 0,
  },
  {
    url: "iphone://HOST:10000/m=rtp:10000:97:L16:8000:1",
    source: "paper",
    port: 10000,
    codec: "l16",
    payloadType: 97,
  },
  {
    url: "iphone://HOST/m=rtp:10000:99:0",
    source: "grammar: dynamic type naming a static format",
    port: 10000,
    codec: "pcmu",
    payloadType: 99,
  },
  {
    url: "iphone://HOST/m=rtp:10000:5&m=rtp:10000:101:telephone-event:8000&a=dtmf:56%23",
    source: "grammar: an & group, digits as RFC 4733 events",
    port: 10000,
    codec: "dvi4",
    payloadType: 5,
    digits: "56#",
    method: "rfc4733",
  },
  {
    url: "iphone://HOST:10000/DVI4:16000",
    source: "iphone-url",
    port: 10000,
    codec: "dvi4-16",
    payloadType: 6,
    wideband: true,
  },
];

async function place(hosts: Hosts, example: Example, n: number): Promise<void> {
  const address = hosts.pair.b.ipv4;
  const url = example.url.replace("HOST", address);
  const [callee, caller] = await Promise.all([
    startPhone(hosts, hosts.pair.b, `url${n}-callee`, {
      listen: { address, port: example.port },
      autoAnswer: true,
      url,
      voiceHz: 300,
    }),
    startPhone(hosts, hosts.pair.a, `url${n}-caller`, {
      voiceHz: 500,
      codecs: codecs.map((c) => c.name),
    }),
  ]);
  try {
    await caller.process.send(`call ${url}`);
    const ringing = await callee.process.waitForState("ringing", 5000);
    assert.equal(ringing.codec, example.codec, `${url}: codec`);
    await caller.process.waitForState("connected", 5000);
    await callee.process.waitForState("talking", 5000);
    const stats = (await callee.process.ask("stats", "stats")).stats as { codec: string };
    assert.equal(stats.codec, example.codec);
    if (example.digits) {
      for (const digit of example.digits) {
        await callee.process.waitFor(
          (r) =>
            r.type === "dtmf" && r.direction === "received" && r.digits === digit &&
            r.method === example.method,
          5000,
          `digit ${digit} (${example.method})`,
        );
      }
    }
    await sleep(3000); // in-band dial digits take the first 0.8 s of the caller's voice
    await caller.process.send("hangup");
    await caller.process.waitForState("idle");
  } finally {
    await Promise.all([caller.process.stop(), callee.process.stop()]);
  }
  const match = example.wideband ? heardWindowsWideband : heardWindows;
  const windows = match(caller.said, await recordingOf(callee));

  const good = windows.filter((c) => c > 0.9).length;
  // 3 s of talk is about 30 windows; a loaded machine costs some, a broken path all.
  assert.ok(good >= 3, `${url}: ${good} of ${windows.length} windows heard`);
  console.log(
    `  ${url} (${example.source}): ${example.codec} as ${example.payloadType}, ` +
      `${good} windows of the caller's voice heard${
        example.digits ? `, digits ${example.digits}` : ""
      }`,
  );
}

Deno.test("every example URL of the drafts and the paper places a call between two hosts", () =>
  withHosts(async (hosts) => {
    // One at a time: several use the same well-known port.
    for (const [n, example] of EXAMPLES.entries()) await place(hosts, example, n);
  }));
