/**
 * A phone calls a PSTN number end to end, across two hosts (network namespaces): host a is the
 * user's phone (its own process), host b the provider's (`gateway_process.ts`: white pages,
 * FreeRADIUS, the gateway on an emulated LineJACK and exchange). The phone asks the white
 * pages for 03-525-1234, gets the gateway's URL from the prefix template with the rest as
 * dial digits, calls it and sends them; the gateway authorises the caller's address against
 * FreeRADIUS, dials on the exchange, and bridges; the far party answers; both hear each other;
 * the phone hangs up; FreeRADIUS's detail file has Start and Stop of the same session.
 * Needs root (CI runs as root).
 * @module
 */
import assert from "node:assert/strict";
import { withHosts } from "./namespace_process.ts";
import { recordingOf, sleep, startPhone } from "./hosted_phone.ts";
import { testVoice, WINDOW } from "./test_signal.ts";
import { FAR_NUMBER, FAR_VOICE_HZ, WHITE_PAGES_PORT } from "./gateway_process.ts";
import { pcmFromBytes } from "../../runtime/audio/wav.ts";
import { bestCorrelation } from "../../runtime/dsp/signal_compare.ts";

/**
 * How many of about 10 loud 100 ms windows of `heard` are found in `said` with correlation
 * above 0.9, each searched at every lag: prompts, ring-back and both jitter buffers'
 * time-scaling shift the recording, so no single alignment holds. Another voice, or a tone,
 * stays below about 0.6.
 */
function windowsFound(said: Int16Array, heard: Int16Array): number {
  const loud: number[] = [];
  for (let at = 0; at + WINDOW <= heard.length; at += WINDOW) {
    let sum = 0;
    for (let i = at; i < at + WINDOW; i++) sum += heard[i] * heard[i];
    if (Math.sqrt(sum / WINDOW) > 1000) loud.push(at);
  }
  const step = Math.max(1, Math.floor(loud.length / 10));
  return loud.filter((_, i) => i % step === 0).filter((at) =>
    bestCorrelation(heard.subarray(at, at + WINDOW), said, said.length - WINDOW).correlation > 0.9
  ).length;
}

Deno.test("white pages prefix template -> gateway -> PSTN: a phone dials a number, FreeRADIUS authorises and accounts, voice both ways", async () => {
  await withHosts(async (hosts) => {
    const { a, b } = hosts.pair;
    const gateway = hosts.spawn(
      b,
      "gateway_process.ts",
      ["--bind", b.ipv4, "--caller", a.ipv4, "--dir", hosts.dir],
      "gateway",
    );
    await gateway.waitFor((r) => r.type === "ready", 60_000, "gateway ready");
    const caller = await startPhone(hosts, a, "caller", {
      voiceHz: 300,
      whitepages: `http://${b.ipv4}:${WHITE_PAGES_PORT}/`,
    });
    const stage = (name: string) => (r: { type: string; stage?: unknown }) =>
      r.type === "gateway" && r.stage === name;

    await caller.process.send("call 03-525-1234");
    const lookedUp = await caller.process.waitFor((r) => r.type === "looked-up", 10_000);
    assert.equal(lookedUp.url, `iphone://${b.ipv4}:10000/0&a=dtmf:${FAR_NUMBER}%23`);
    await caller.process.waitForState("connected", 10_000);
    const number = await gateway.waitFor(stage("number"), 30_000, "the number dialled");
    assert.equal(number.detail, FAR_NUMBER);
    const authorised = await gateway.waitFor(stage("authorised"), 15_000, "authorisation");
    assert.match(String(authorised.detail), /Session-Timeout 300 s/);
    await gateway.waitFor(stage("answered"), 30_000, "the far party answering");
    await sleep(4000); // talk
    await caller.process.send("hangup");
    await gateway.waitFor(stage("ended"), 15_000, "the call ending");
    const report = await gateway.ask("report", "report", 30_000);
    await caller.process.stop();
    await gateway.stop();

    assert.equal(report.routed, FAR_NUMBER);
    assert.equal(report.lineState, 0, "PSTN line released");
    assert.equal(report.drained, true, "every accounting record acknowledged");
    // Voice both ways: windows of 100 ms found intact (another voice stays below 0.6).
    const toCaller = windowsFound(testVoice(30, FAR_VOICE_HZ), await recordingOf(caller));
    const far = pcmFromBytes(await Deno.readFile(`${hosts.dir}/far-heard.raw`));
    const toFar = windowsFound(caller.said, far);
    console.log(
      `  caller heard the far party in ${toCaller} windows, far party the caller in ${toFar}`,
    );
    // Of the caller's loud windows some are the prompt and ring-back: half must be voice.
    assert.ok(toCaller >= 3, `caller heard the far party in ${toCaller} windows`);
    assert.ok(toFar >= 5, `far party heard the caller in ${toFar} windows`);

    const records = (report.records as { attributes: Record<string, string> }[])
      .map((r) => r.attributes);
    assert.deepEqual(records.map((r) => r["Acct-Status-Type"]), ["Start", "Stop"]);
    const [start, stop] = records;
    assert.equal(start["Acct-Session-Id"], stop["Acct-Session-Id"]);
    assert.equal(stop["Calling-Station-Id"], a.ipv4);
    assert.equal(stop["Called-Station-Id"], FAR_NUMBER);
    assert.equal(stop["NAS-Identifier"], "gw-e2e");
    assert.equal(stop["Acct-Terminate-Cause"], "User-Request");
    const seconds = Number(stop["Acct-Session-Time"]);
    assert.ok(seconds >= 3 && seconds <= 30, `session time ${seconds}`);
    assert.ok(Number(stop["Acct-Input-Octets"]) > 3 * 50 * 160, "input octets");
    assert.ok(Number(stop["Acct-Output-Octets"]) > 3 * 50 * 160, "output octets");
  });
});
