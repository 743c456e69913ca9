/**
 * Two real phones, each its own process, on two hosts (network namespaces joined by a
 * veth pair), over IPv4 and IPv6 at once: call set-up, ring-back, answer, voice both
 * ways, hang-up from either side, busy, a vanished or frozen callee, an unreachable host,
 * and a lossy jittery path through the impairment relay. Needs root (CI runs as root).
 * @module
 */
import assert from "node:assert/strict";
import type { NamespaceEnd } from "../hosts/netns.ts";
import { type Hosts, type Report, withHosts } from "./namespace_process.ts";
import {
  type HostedPhone,
  recordingOf,
  sleep,
  startPhone,
  urlOf,
  VOICE_SECONDS,
} from "./hosted_phone.ts";
import { heardWindows, testVoice } from "./test_signal.ts";
import { encodeWav, parseWav } from "../../runtime/audio/wav.ts";
import { nowMs } from "./phone_process.ts";

type Family = 4 | 6;
const FAMILIES: Family[] = [4, 6];
const PORT = 10000;

function addressOf(end: NamespaceEnd, family: Family): string {
  return family === 4 ? end.ipv4 : end.ipv6;
}

/** Runs the scenario over IPv4 and IPv6 side by side in one pair of hosts. */
function bothFamilies(scenario: (hosts: Hosts, family: Family) => Promise<void>) {
  return () =>
    withHosts(async (hosts) => {
      // Both run to their end before the hosts go, so a failure leaves nothing behind.
      const results = await Promise.allSettled(FAMILIES.map((f) => scenario(hosts, f)));
      const failed = results.flatMap((r, i) =>
        r.status === "rejected" ? [`IPv${FAMILIES[i]}: ${r.reason?.stack ?? r.reason}`] : []
      );
      if (failed.length) throw new Error(failed.join("\n"));
    });
}

function at(report: Report): number {
  return report.at as number;
}

/**
 * Asserts that at least `min` 100 ms windows of `from`'s voice reached `to` with a correlation
 * above `r` (0.9: intact; 0.75: at most a packet concealed; another voice stays below 0.6).
 */
async function assertHeard(
  from: HostedPhone,
  to: HostedPhone,
  min: number,
  label: string,
  r = 0.9,
) {
  const windows = heardWindows(from.said, await recordingOf(to));
  const good = windows.filter((c) => c > r).length;
  assert.ok(good >= min, `${label}: ${good} of ${windows.length} windows match (need ${min})`);
  console.log(`  ${label}: ${good} of ${windows.length} windows of 100 ms heard (r > ${r})`);
  return good;
}

async function callAndAnswer(hosts: Hosts, family: Family, name: string) {
  const address = addressOf(hosts.pair.b, family);
  const [callee, caller] = await Promise.all([
    startPhone(hosts, hosts.pair.b, `${name}-callee`, {
      listen: { address, port: PORT },
      voiceHz: 300,
    }),
    startPhone(hosts, hosts.pair.a, `${name}-caller`, { voiceHz: 500 }),
  ]);
  const dialed = nowMs();
  await caller.process.send(`call ${urlOf(address, PORT)}`);
  await callee.process.waitForState("ringing");
  const connected = await caller.process.waitForState("connected");
  assert.ok(at(connected) - dialed < 1000, `set up in ${at(connected) - dialed} ms`);
  console.log(
    `  ${name}: caller connected ${(at(connected) - dialed).toFixed(1)} ms after dialing`,
  );
  // Ring-back: the callee streams its tone to the caller while it rings; the caller hears it.
  const ringback = await caller.process.waitFor(
    (r) => r.type === "progress" && r.progress === "ringing",
    10000,
    "ring-back heard",
  );
  await sleep(Math.max(0, 1000 - (nowMs() - at(connected))));
  const ringing = (await caller.process.ask("stats", "stats")).stats as {
    media: { received: { received: number } };
  };
  assert.ok(
    ringing.media.received.received >= 25,
    `${ringing.media.received.received} ring-back packets in 1 s`,
  );
  assert.deepEqual(callee.process.states, ["ringing"]);
  console.log(
    `  ${name}: ${ringing.media.received.received} ring-back packets in the first second`,
  );
  await callee.process.send("answer");
  const answered = await callee.process.waitForState("talking");
  // No answer signal in NOTASIP: the caller hears ring-back give way to the callee's voice.
  const talking = await caller.process.waitFor(
    (r) => r.type === "progress" && r.progress === "talking",
    10000,
    "the answer heard",
  );
  assert.equal(talking.cause, "voice");
  assert.ok(at(ringback) < at(answered), "ring-back was heard before the answer");
  console.log(
    `  ${name}: caller heard ring-back ${(at(ringback) - at(connected)).toFixed(0)} ms after ` +
      `connecting, the answer ${(at(talking) - at(answered)).toFixed(0)} ms after it`,
  );
  return { caller, callee };
}

for (const hangingUp of ["caller", "callee"] as const) {
  Deno.test(
    `two hosts, IPv4 and IPv6: call, ring-back, answer, voice both ways, ${hangingUp} hangs up`,
    bothFamilies(async (hosts, family) => {
      const name = `${hangingUp}-v${family}`;
      const { caller, callee } = await callAndAnswer(hosts, family, name);
      await sleep(2500);
      const [hanger, other] = hangingUp === "caller" ? [caller, callee] : [callee, caller];
      const hungUp = nowMs();
      await hanger.process.send("hangup");
      await hanger.process.waitForState("idle");
      // The closed socket makes the other side's kernel answer with port unreachable.
      const ended = await other.process.waitForState("ended", 2000);
      assert.equal(ended.reason, "port-unreachable");
      assert.ok(at(ended) - hungUp < 1000, `ended ${at(ended) - hungUp} ms after hang-up`);
      console.log(
        `  ${name}: other side ended ${(at(ended) - hungUp).toFixed(1)} ms after hang-up`,
      );
      assert.deepEqual(caller.process.states.slice(0, 2), ["calling", "connected"]);
      await Promise.all([caller.process.stop(), callee.process.stop()]);
      // 2.5 s of talk: 25 windows at most.
      await assertHeard(caller, callee, 15, `${name} caller -> callee`);
      await assertHeard(callee, caller, 15, `${name} callee -> caller`);
    }),
  );
}

Deno.test(
  "two hosts, IPv4 and IPv6: busy by ICMP, from a callee in a call and from a closed port",
  bothFamilies(async (hosts, family) => {
    const address = addressOf(hosts.pair.b, family);
    const [callee, first, second] = await Promise.all([
      startPhone(hosts, hosts.pair.b, `busy-v${family}-callee`, {
        listen: { address, port: PORT },
        autoAnswer: true,
      }),
      startPhone(hosts, hosts.pair.a, `busy-v${family}-first`, {}),
      startPhone(hosts, hosts.pair.a, `busy-v${family}-second`, {}),
    ]);
    await first.process.send(`call ${urlOf(address, PORT)}`);
    await callee.process.waitFor(
      (r) => r.type === "signaling" && (r.event as { to?: string }).to === "talking",
      5000,
      "the call established and answered at the callee",
    );
    await first.process.waitForState("connected");
    // While the callee talks, a new caller's first packet is refused (the user is told),
    // then the port is shut for a second: the kernel answers the next packet, busy.
    let dialed = nowMs();
    await second.process.send(`call ${urlOf(address, PORT)}`);
    let busy = await second.process.waitForState("busy", 5000);
    assert.equal(busy.reason, "port-unreachable");
    assert.ok(at(busy) - dialed < 1000, `busy after ${at(busy) - dialed} ms`);
    const told = await callee.process.waitFor((r) => r.type === "refused", 5000, "refused told");
    assert.equal(told.because, "in-a-call");
    await second.process.send("hangup");
    await second.process.waitForState("idle");
    // Nobody listens on this port at all.
    const from = second.process.reports.length;
    dialed = nowMs();
    await second.process.send(`call ${urlOf(address, PORT + 7)}`);
    busy = await second.process.waitFor(
      (r) => r.type === "state" && r.state === "busy",
      2000,
      "busy again",
      from,
    );
    assert.equal(busy.reason, "port-unreachable");
    assert.ok(at(busy) - dialed < 1000, `busy after ${at(busy) - dialed} ms`);
    // The call in progress went on undisturbed.
    assert.deepEqual(callee.process.states, ["ringing", "talking"]);
    assert.deepEqual(first.process.states, ["calling", "connected"]);
  }),
);

Deno.test(
  "two hosts, IPv4 and IPv6: a callee killed mid-call ends the call by port unreachable",
  bothFamilies(async (hosts, family) => {
    const address = addressOf(hosts.pair.b, family);
    const [callee, caller] = await Promise.all([
      startPhone(hosts, hosts.pair.b, `kill-v${family}-callee`, {
        listen: { address, port: PORT },
        autoAnswer: true,
      }),
      startPhone(hosts, hosts.pair.a, `kill-v${family}-caller`, { timeoutMs: 5000 }),
    ]);
    await caller.process.send(`call ${urlOf(address, PORT)}`);
    await callee.process.waitForState("talking");
    await caller.process.waitForState("connected");
    await sleep(500);
    const killed = nowMs();
    callee.process.kill("SIGKILL");
    // The kernel closes the dead process's sockets and answers the caller's next voice
    // packet with ICMP port unreachable, long before the 5 s idle timeout.
    const ended = await caller.process.waitForState("ended", 7000);
    assert.equal(ended.reason, "port-unreachable");
    assert.ok(at(ended) - killed < 1000, `ended ${at(ended) - killed} ms after the kill`);
    console.log(
      `  IPv${family}: ended by port unreachable ${
        (at(ended) - killed).toFixed(1)
      } ms after SIGKILL`,
    );
  }),
);

Deno.test(
  "two hosts, IPv4 and IPv6: a frozen callee (no ICMP, no packets) ends the call by idle timeout",
  bothFamilies(async (hosts, family) => {
    const address = addressOf(hosts.pair.b, family);
    const timeoutMs = 3000;
    const [callee, caller] = await Promise.all([
      startPhone(hosts, hosts.pair.b, `freeze-v${family}-callee`, {
        listen: { address, port: PORT },
        autoAnswer: true,
      }),
      startPhone(hosts, hosts.pair.a, `freeze-v${family}-caller`, { timeoutMs }),
    ]);
    await caller.process.send(`call ${urlOf(address, PORT)}`);
    await callee.process.waitForState("talking");
    await caller.process.waitForState("connected");
    await sleep(300);
    const frozen = nowMs();
    callee.process.kill("SIGSTOP"); // its sockets stay open: the kernel sends no ICMP
    const ended = await caller.process.waitForState("ended", timeoutMs + 3000);
    assert.equal(ended.reason, "timeout");
    const after = at(ended) - frozen;
    // Timeouts are checked every 250 ms of the media loop.
    assert.ok(after >= timeoutMs - 100 && after < timeoutMs + 1000, `ended after ${after} ms`);
    console.log(`  IPv${family}: ended by timeout ${after.toFixed(0)} ms after SIGSTOP`);
    callee.process.kill("SIGKILL");
  }),
);

Deno.test(
  "two hosts, IPv4 and IPv6: calling an address nobody has gives soft errors, then the timeout",
  bothFamilies(async (hosts, family) => {
    const nobody = family === 4 ? "10.99.0.77" : "fd00:99::77";
    const timeoutMs = 5000;
    const caller = await startPhone(hosts, hosts.pair.a, `nobody-v${family}`, { timeoutMs });
    // The kernel's ICMP budget (net.ipv4.icmp_msgs_burst, 50) is shared by all namespaces:
    // keep the two families' bursts of host-unreachable apart.
    if (family === 6) await sleep(1000);
    const dialed = nowMs();
    await caller.process.send(`call ${urlOf(nobody, PORT)}`);
    const ended = await caller.process.waitForState("ended", timeoutMs + 3000);
    assert.equal(ended.reason, "timeout");
    const after = at(ended) - dialed;
    assert.ok(after >= timeoutMs - 100 && after < timeoutMs + 1000, `ended after ${after} ms`);
    // Address resolution fails after about 3 s: host unreachable, a soft error (-04 §7).
    const soft = caller.process.reports.filter((r) =>
      r.type === "signaling" && (r.event as { type: string }).type === "soft-error"
    );
    assert.ok(soft.length >= 1, "no soft error reported");
    for (const r of soft) {
      const event = r.event as { kind: string; address: string };
      assert.equal(event.kind, "host-unreachable");
      assert.equal(event.address, nobody);
      assert.ok(at(r) < at(ended));
    }
    assert.deepEqual(caller.process.states, ["calling", "ended"]);
    const first = at(soft[0]) - dialed;
    console.log(
      `  IPv${family}: ${soft.length} soft errors from ${first.toFixed(0)} ms, timeout at ${
        after.toFixed(0)
      } ms`,
    );
  }),
);

Deno.test(
  "two hosts, IPv4 and IPv6: through the impairment relay (5 % loss, 20-60 ms delay)",
  bothFamilies(async (hosts, family) => {
    const address = addressOf(hosts.pair.b, family);
    const path = {
      delay: { kind: "uniform", minMs: 20, maxMs: 60 },
      loss: { kind: "bernoulli", probability: 0.05 },
    };
    const relay = hosts.spawn(hosts.pair.b, "relay_process.ts", [
      JSON.stringify({
        listen: { address, port: PORT + 10 },
        target: { address, port: PORT },
        toTarget: path,
        toClient: path,
        seed: 7,
      }),
    ], `relay-v${family}`);
    const [callee, caller] = await Promise.all([
      startPhone(hosts, hosts.pair.b, `relay-v${family}-callee`, {
        listen: { address, port: PORT },
        autoAnswer: true,
        voiceHz: 300,
      }),
      startPhone(hosts, hosts.pair.a, `relay-v${family}-caller`, { voiceHz: 500 }),
      relay.waitFor((r) => r.type === "ready", 15_000, "relay ready"),
    ]);
    await caller.process.send(`call ${urlOf(address, PORT + 10)}`);
    await caller.process.waitForState("connected", 3000);
    await callee.process.waitForState("talking", 3000);
    await sleep(3500);
    await caller.process.send("hangup");
    await caller.process.waitForState("idle");
    const counters = (await relay.ask("exit", "counters")).counters as Record<
      string,
      { packets: number; lost: number }
    >;
    await Promise.all([caller.process.stop(), callee.process.stop(), relay.stop()]);
    for (const direction of ["toTarget", "toClient"]) {
      const { packets, lost } = counters[direction];
      assert.ok(packets > 150 && lost > 0, `${direction}: ${lost} of ${packets} lost`);
      console.log(`  relay v${family} ${direction}: ${lost} of ${packets} packets lost`);
    }
    // 3.5 s of talk: each lost or late packet is concealed, which spoils a window or two.
    await assertHeard(caller, callee, 15, `relay v${family} caller -> callee`, 0.75);
    await assertHeard(callee, caller, 15, `relay v${family} callee -> caller`, 0.75);
  }),
);

Deno.test(
  "two hosts: the command line phone ('phone listen -a' and 'phone call --json') over IPv6",
  () =>
    withHosts(async (hosts) => {
      const address = hosts.pair.b.ipv6;
      const cli = new URL("../../cli/main.ts", import.meta.url).pathname;
      const files = (name: string, hz: number) => ({
        said: `${hosts.dir}/${name}-said.wav`,
        heard: `${hosts.dir}/${name}-heard.wav`,
        voice: testVoiceFile(hz),
      });
      const b = files("cli-callee", 300), a = files("cli-caller", 500);
      await Deno.writeFile(b.said, b.voice.wav);
      await Deno.writeFile(a.said, a.voice.wav);
      const callee = hosts.spawn(hosts.pair.b, cli, [
        "listen",
        "--bind",
        address,
        "--port",
        String(PORT),
        "-a",
        "--file",
        b.said,
        "--record",
        b.heard,
        "--json",
        "--duration",
        "30", // ends the callee even if this test dies
      ], "cli-callee");
      await callee.waitFor(
        (r) => r.type === "signaling" && (r.event as { to?: string }).to === "open",
        15_000,
        "listening",
      );
      const caller = hosts.spawn(hosts.pair.a, cli, [
        "call",
        `[${address}]:${PORT}`,
        "--file",
        a.said,
        "--record",
        a.heard,
        "--json",
        "--duration",
        "3",
      ], "cli-caller");
      assert.equal((await caller.status).code, 0);
      await caller.stop();
      const ended = await callee.waitForState("ended", 2000);
      assert.equal(ended.reason, "port-unreachable");
      callee.kill("SIGTERM"); // the CLI ends its session cleanly on SIGTERM
      await callee.stop();
      assert.deepEqual(caller.states.slice(0, 2), ["calling", "connected"]);
      assert.deepEqual(callee.states.slice(0, 2), ["ringing", "talking"]);
      const heardBy = async (path: string) => parseWav(await Deno.readFile(path)).samples;
      for (
        const [label, from, to] of [["caller -> callee", a, b], ["callee -> caller", b, a]] as const
      ) {
        const windows = heardWindows(from.voice.samples, await heardBy(to.heard));
        const good = windows.filter((c) => c > 0.9).length;
        assert.ok(good >= 10, `cli ${label}: ${good} of ${windows.length} windows match`);
      }
    }),
);

function testVoiceFile(hz: number): { samples: Int16Array; wav: Uint8Array } {
  const samples = testVoice(VOICE_SECONDS, hz);
  return { samples, wav: encodeWav(samples) };
}

interface RtcpStats {
  peer: { port: number };
  media: { rtcp?: { rttMs?: number; remoteJitterMs?: number; remoteFractionLost?: number } };
  quality: { networkDelayMs: number };
  rtcpPath?: { port?: number; sent?: number; icmpIgnored?: number; multiplexed?: boolean };
}

Deno.test(
  "two hosts, IPv4 and IPv6: RTCP on RTP port + 1 both ways (RTT, remote loss and jitter, BYE)",
  bothFamilies(async (hosts, family) => {
    const name = `rtcp-v${family}`;
    const { caller, callee } = await callAndAnswer(hosts, family, name);
    const stats = async (p: HostedPhone) =>
      (await p.process.ask("stats", "stats")).stats as RtcpStats;
    // Reports every 2.5-7.5 s: an RTT needs one of ours and then one of the peer's.
    const start = Date.now();
    let both: RtcpStats[] = [];
    while (Date.now() - start < 30_000) {
      both = await Promise.all([stats(caller), stats(callee)]);
      if (both.every((s) => s.media.rtcp?.rttMs !== undefined)) break;
      await sleep(250);
    }
    const [ofCaller, ofCallee] = both;
    for (const [who, s] of [["caller", ofCaller], ["callee", ofCallee]] as const) {
      const rtcp = s.media.rtcp;
      assert.ok(rtcp?.rttMs !== undefined, `${who}: ${JSON.stringify(s.media.rtcp)}`);
      assert.ok(rtcp.remoteJitterMs !== undefined && rtcp.remoteFractionLost !== undefined);
      assert.equal(s.quality.networkDelayMs, rtcp.rttMs / 2, `${who}: MOS uses half the RTT`);
      assert.ok(!s.rtcpPath?.multiplexed && (s.rtcpPath?.sent ?? 0) > 0, JSON.stringify(s));
    }
    // Each side's RTCP port is one above the RTP port its peer sees.
    assert.equal(ofCaller.rtcpPath?.port, ofCallee.peer.port + 1);
    assert.equal(ofCallee.rtcpPath?.port, ofCaller.peer.port + 1);
    console.log(
      `  ${name}: RTT ${ofCaller.media.rtcp?.rttMs?.toFixed(2)} ms (caller), ` +
        `${ofCallee.media.rtcp?.rttMs?.toFixed(2)} ms (callee), RTCP on ports ` +
        `${ofCaller.rtcpPath?.port} and ${ofCallee.rtcpPath?.port}`,
    );
    const from = callee.process.reports.length;
    await caller.process.send("hangup");
    await callee.process.waitFor((r) => r.type === "bye", 3000, "BYE", from);
    const ended = await callee.process.waitForState("ended", 3000);
    assert.equal(ended.reason, "port-unreachable", "ICMP, not the BYE, ends the call");
    await Promise.all([caller.process.stop(), callee.process.stop()]);
  }),
);
