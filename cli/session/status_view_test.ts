import assert from "node:assert/strict";
import type { PhoneStats } from "../../runtime/phone/phone.ts";
import {
  CallClock,
  callSummary,
  eventLine,
  KEYS_HELP,
  screenLines,
  shownState,
} from "./status_view.ts";

const dropped = { malformed: 0, foreign: 0, late: 0, duplicate: 0, refused: 0, rateLimited: 0 };

// A call's figures as the phone reports them (only what the screen reads).
const talking = {
  state: "talking",
  peer: { address: "2001:db8:1234:5678::7", port: 10000 },
  codec: "g726-32",
  dropped,
  media: {
    packetsSent: 12345,
    received: { received: 12000, expected: 12100, cumulativeLost: 100, jitterMs: 12.25 },
    playout: { currentDelayMs: 61.2, targetDelayMs: 58.9, concealed: 321 },
  },
  quality: { mos: 4.12, R: 85.3, latePercent: 1.25, concealedPercent: 3.5 },
} as unknown as PhoneStats;

const controls = { muted: false, volume: 1, jitterMaxMs: 200 };
const url = "iphone://phone.example.org:10000/0,8,5,m=rtp:10000:96:G726-32:8000";

Deno.test("the screen fits 80 and 40 columns without cutting words, the important first", () => {
  const log = [
    "17:50:22 1.503 s caller out-1: calling -> established (first-packet) [2001:db8:1234:5678::7]:10000",
  ];
  for (const width of [80, 40]) {
    const lines = screenLines(talking, controls, log, url, { width, callSeconds: 83 });
    for (const line of lines) assert.ok(line.length <= width, `${width}: ${line}`);
    const text = lines.join("\n");
    assert.match(text, /state TALKING/);
    assert.match(text, /time 1:23/);
    assert.match(text, /lost 0\.8%/);
    assert.match(text, /MOS 4\.12/);
    if (width === 80) assert.match(text, /late 1\.3% {2}concealed 3\.5%/);
    // Every word of the key help is on the screen whole.
    for (const word of KEYS_HELP.split(/\s+/)) assert.ok(text.includes(word), `${width}: ${word}`);
  }
  const wide = screenLines(talking, controls, log, url, { width: 160 }).join("\n");
  assert.match(wide, /jitter 12\.3 ms/);
  assert.match(wide, new RegExp(url.replace(/[.?+]/g, "\\$&")));
  const narrow = screenLines(talking, controls, log, url, { width: 40 }).join("\n");
  assert.doesNotMatch(narrow, /sent 12345/); // the least important figure went first
});

Deno.test("a call is timed from its answer, and its end gives one summary line", () => {
  let now = 1_000_000;
  const clock = new CallClock(() => now);
  assert.equal(clock.state("calling"), undefined);
  assert.equal(clock.seconds(), undefined);
  assert.equal(clock.state("connected"), undefined);
  assert.equal(
    clock.follow({ type: "progress", progress: "ringing", cause: "ringback" }),
    undefined,
  );
  now += 4_000;
  assert.equal(clock.seconds(), undefined, "ringing is not talking");
  clock.follow({ type: "progress", progress: "talking", cause: "voice" });
  now += 95_000;
  assert.equal(clock.seconds(), 95);
  assert.equal(
    clock.state("ended", talking),
    "call with [2001:db8:1234:5678::7]:10000 ended after 1:35: g726-32, lost 0.8%, late 1.3%, concealed 3.5%, MOS 4.12",
  );
  assert.equal(clock.state("idle", talking), undefined, "one summary per call");
  assert.match(callSummary(undefined, 0), /ended after 0:00: no codec, lost -, MOS -/);
});

Deno.test("a placed call shows RINGING while ring-back is heard, then TALKING", () => {
  assert.equal(shownState({ state: "connected", progress: "ringing" }), "ringing");
  assert.equal(shownState({ state: "connected", progress: "talking" }), "talking");
  assert.equal(shownState({ state: "connected" }), "connected"); // nothing heard yet
  assert.equal(shownState({ state: "ringing" }), "ringing"); // an incoming call
  const line =
    screenLines({ ...talking, state: "connected", progress: "ringing" }, controls, [])[1];
  assert.match(line, /^state RINGING/);
  assert.equal(
    eventLine({ type: "progress", progress: "talking", cause: "ringback-stopped" }),
    "talking (answered: ring-back stopped)",
  );
});

Deno.test("a caller refused while busy is named, and a summary says how many more", () => {
  const peer = { address: "2001:db8::9", port: 40000 };
  assert.equal(
    eventLine({ type: "refused", peer, because: "in-a-call" }),
    "call from [2001:db8::9]:40000 refused: busy (in a call)",
  );
  assert.equal(
    eventLine({ type: "refused", peer, because: "calling-out" }),
    "call from [2001:db8::9]:40000 refused: busy (this phone is calling out)",
  );
  assert.equal(
    eventLine({ type: "refused", peer, because: "off-hook" }),
    "call from [2001:db8::9]:40000 refused: busy (the handset is off hook)",
  );
  assert.equal(
    eventLine({ type: "refusals", count: 54, callers: 53, ms: 60_250 }),
    "54 more calls refused: busy, from 53 addresses in 60 s",
  );
});
