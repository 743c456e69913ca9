// The abuse suite: one `phone listen -a` process against a thousand sequential calls ended
// every way, a flood of forged one-packet calls, malformed and foreign packets during a
// call, probes of every size. Each asserts the phone still answers a real call, bounded
// descriptor and memory growth, bounded logs, and no amplification. Loopback only: the
// callers' sources are 127.x.y.z addresses, ports ephemeral.
import assert from "node:assert/strict";
import { RawCaller, rtpPacket } from "./raw_caller.ts";
import { type Listener, startListener, waitForState } from "./listener_process.ts";
import { UdpSocket } from "../../runtime/net/udp_socket.ts";
import { IcmpForger } from "./icmp_forger.ts";

const SOAK_CALLS = Number(Deno.env.get("ABUSE_SOAK_CALLS") ?? 1000);
const FLOOD_CALLS = Number(Deno.env.get("ABUSE_FLOOD_CALLS") ?? 20_000);
/** Descriptor and memory growth allowed over the soak, after a warm-up of 50 calls. */
const FD_DRIFT_MAX = 4;
const RSS_DRIFT_MAX_KB = 40 * 1024;
const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

/** The listener's descriptors and resident memory now. */
function usage(phone: Listener) {
  return { fds: phone.fds(), rss: phone.rssKb() };
}

/** Asserts descriptor and memory growth since `before` within the suite's bounds. */
function assertBounded(phone: Listener, before: { fds: number; rss: number }, what: string) {
  const fds = phone.fds() - before.fds, rssKb = phone.rssKb() - before.rss;
  console.log(`  ${what}: fd drift ${fds}, RSS drift ${(rssKb / 1024).toFixed(1)} MiB`);
  assert.ok(fds <= FD_DRIFT_MAX, `${what}: descriptors grew by ${fds}`);
  assert.ok(rssKb <= RSS_DRIFT_MAX_KB, `${what}: memory grew by ${rssKb} KiB`);
}

/** The `n`-th distinct loopback source address (127.1.0.1 upwards). */
function source(n: number): string {
  return `127.${1 + ((n >> 16) & 0xff)}.${(n >> 8) & 0xff}.${1 + (n & 0xff) % 254}`;
}

/** One real call from a fresh source: connected, and the callee streams back. */
async function realCall(wk: { address: string; port: number }, n: number, timeoutMs = 5000) {
  const c = new RawCaller(source(n));
  const ms = await c.connect(wk, timeoutMs);
  // Generous on a loaded machine: a starved listener may take seconds to run at all.
  const streaming = ms !== undefined && await c.until(() => c.received >= 3, 5000);
  return { c, ms, ok: ms !== undefined && streaming };
}

/** A `phone call` process killed with SIGKILL once connected. */
async function killedCaller(port: number): Promise<boolean> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "call", `127.0.0.1:${port}`, "--json", "-s", "null"],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
    env: { DENO_NO_UPDATE_CHECK: "1" },
  }).spawn();
  let connected = false;
  const decoder = new TextDecoder();
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  for await (const chunk of child.stdout) {
    if (/"state":"connected"/.test(decoder.decode(chunk))) {
      connected = true;
      await new Promise((r) => setTimeout(r, 100));
      child.kill("SIGKILL");
      break;
    }
  }
  await child.status;
  clearTimeout(timer);
  return connected;
}

Deno.test(`soak: ${SOAK_CALLS} sequential calls to one 'phone listen -a', ended by either side or a killed caller`, async () => {
  const phone = await startListener("127.0.0.1");
  const wk = { address: "127.0.0.1", port: phone.port };
  const failures: string[] = [];
  const setupMs: number[] = [];
  const warmUp = Math.min(50, Math.floor(SOAK_CALLS / 2));
  let base = { fds: 0, rss: 0 }, kills = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < SOAK_CALLS; i++) {
      if (i === warmUp) base = { fds: phone.fds(), rss: phone.rssKb() };
      const mark = phone.events.length;
      const way = i % 3;
      if (way === 2 && i % 99 === 2) {
        // Every 99th call a whole caller process is killed mid-call (SIGKILL).
        kills++;
        if (!await killedCaller(phone.port)) failures.push(`${i}: killed caller never connected`);
        await waitForState(phone, ["ended", "idle"], mark + 1).catch(() =>
          failures.push(`${i}: listener did not end the killed caller's call`)
        );
        continue;
      }
      const { c, ms, ok } = await realCall(wk, i);
      const port = c.socket.localAddress.port;
      if (!ok) {
        const lastListener = phone.events.filter((e) =>
          e.type === "signaling" && (e.event as { machine?: string }).machine === "listener"
        ).at(-1)?.event as { from?: string; to?: string; reason?: string } | undefined;
        failures.push(
          `${i}: ${ms === undefined ? (c.refused ? "busy" : "no answer") : "no stream"} ` +
            `(listener last ${lastListener?.from}->${lastListener?.to} ${lastListener?.reason})`,
        );
        if (Deno.env.get("ABUSE_DEBUG")) {
          console.log(phone.events.slice(-14).map((e) => JSON.stringify(e)).join("\n"));
        }
        c.close();
        await new Promise((r) => setTimeout(r, 1100)); // let any half-made call go
        continue;
      }
      setupMs.push(ms!);
      if (way === 0) {
        c.close(); // the caller hangs up: the callee's next packet draws ICMP
      } else if (way === 1) {
        await phone.send("hangup"); // the callee hangs up: the caller's next packet draws ICMP
        await c.until(() => {
          c.send(c.peer!);
          return c.refused > 0;
        }, 2000) || failures.push(`${i}: the caller never saw the callee hang up`);
        c.close();
      } else {
        c.close(); // the caller vanishes at once, before talking
      }
      try {
        await waitForState(phone, way === 1 ? ["idle"] : ["ended", "idle"], mark, 5000, port);
      } catch {
        failures.push(`${i}: the listener never ended the call`);
      }
    }
    const fdDrift = phone.fds() - base.fds;
    const rssDriftKb = phone.rssKb() - base.rss;
    const seconds = (performance.now() - started) / 1000;
    setupMs.sort((a, b) => a - b);
    const median = setupMs[Math.floor(setupMs.length / 2)];
    console.log(
      `  soak: ${SOAK_CALLS} calls (${kills} callers killed) in ${seconds.toFixed(0)} s, ` +
        `${failures.length} failed; fd drift ${fdDrift}, RSS drift ${
          (rssDriftKb / 1024).toFixed(1)
        } MiB ` +
        `(from call ${warmUp}); first reply median ${
          median?.toFixed(1)
        } ms; stderr ${phone.output.stderr} B`,
    );
    assert.deepEqual(failures, []);
    assert.ok(fdDrift <= FD_DRIFT_MAX, `descriptors grew by ${fdDrift}`);
    assert.ok(rssDriftKb <= RSS_DRIFT_MAX_KB, `memory grew by ${rssDriftKb} KiB`);
    assert.equal(phone.output.stderr, 0, "nothing on stderr");
  } finally {
    assert.equal(await phone.stop(), 0);
  }
});

Deno.test(`flood: ${FLOOD_CALLS} forged one-packet calls, then a real call is answered within 1 s`, async () => {
  const phone = await startListener("127.0.0.1");
  const wk = { address: "127.0.0.1", port: phone.port };
  try {
    const before = { fds: phone.fds(), rss: phone.rssKb() };
    // Each forged call comes from its own source that answers with ICMP port unreachable
    // (its socket is closed at once), as a spoofed address would.
    const packet = rtpPacket(172, 1);
    const start = performance.now();
    let real: { ms?: number; ok: boolean } | undefined;
    const during = (async () => {
      await new Promise((r) => setTimeout(r, 200));
      const mark = phone.events.length;
      const { c, ms, ok } = await realCall(wk, 900_001, 5000);
      const port = c.socket.localAddress.port;
      c.close();
      real = { ms, ok };
      // Hung up: the listener takes calls again once it has noticed (ICMP, one packet later).
      if (ok) await waitForState(phone, ["ended", "idle"], mark, 5000, port);
    })();
    for (let i = 0; i < FLOOD_CALLS; i++) {
      const s = UdpSocket.bind({ address: source(100_000 + i), port: 0 });
      try {
        s.sendTo(packet, wk);
      } finally {
        s.close();
      }
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 0)); // let others run
    }
    const floodS = (performance.now() - start) / 1000;
    await during;
    // Right after the flood: a real caller from a fresh source.
    const after = performance.now();
    const { c, ms, ok } = await realCall(wk, 900_000, 5000);
    const recoveryMs = performance.now() - after;
    c.close();
    const dropped = await phone.dropped();
    const fdDrift = phone.fds() - before.fds;
    console.log(
      `  flood: ${FLOOD_CALLS} forged calls in ${floodS.toFixed(1)} s (${
        (FLOOD_CALLS / floodS).toFixed(0)
      }/s); during it a real call ${
        real?.ok ? `was answered in ${real.ms!.toFixed(0)} ms` : "was not answered"
      }; ` +
        `after it answered in ${ms?.toFixed(1)} ms (streaming after ${
          recoveryMs.toFixed(0)
        } ms); ` +
        `rate-limited ${dropped.rateLimited}, foreign ${dropped.foreign}; fd drift ${fdDrift}; ` +
        `log ${phone.output.stdout} B stdout, ${phone.output.stderr} B stderr`,
    );
    assert.ok(ok, "a real call after the flood connects");
    assert.ok(recoveryMs < 1000, `answered ${recoveryMs} ms after the flood`);
    assert.ok(fdDrift <= FD_DRIFT_MAX, `descriptors grew by ${fdDrift}`);
    assertBounded(phone, before, "flood");
    assert.equal(phone.output.stderr, 0, "no stack traces");
    // Logs are bounded: a few lines per call taken (the rate limit bounds those), none for
    // the packets dropped.
    assert.ok(phone.output.stdout < 2_000_000, `${phone.output.stdout} bytes of log`);
  } finally {
    assert.equal(await phone.stop(), 0);
  }
});

Deno.test(`flood during a call: ${FLOOD_CALLS} forged one-packet calls leave the call untouched, the log bounded`, async () => {
  const phone = await startListener("127.0.0.1");
  const initial = usage(phone);
  const wk = { address: "127.0.0.1", port: phone.port };
  let talking = true;
  const { c, ok } = await realCall(wk, 900_020);
  try {
    assert.ok(ok, "the call connects");
    const peer = c.peer!;
    const stream = (async () => {
      while (talking) {
        c.send(peer);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const cpu = () => {
      const f = Deno.readTextFileSync(`/proc/${phone.pid}/stat`).split(") ")[1].split(" ");
      return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, clock ticks of 10 ms
    };
    const mark = phone.events.length, stdout = phone.output.stdout, cpuBefore = cpu();
    const heardBefore = c.received;
    const start = performance.now();
    const packet = rtpPacket(172, 1);
    for (let i = 0; i < FLOOD_CALLS; i++) {
      const s = UdpSocket.bind({ address: source(500_000 + i), port: 0 });
      try {
        s.sendTo(packet, wk);
      } finally {
        s.close();
      }
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 0)); // let the stream run
    }
    const floodS = (performance.now() - start) / 1000;
    const heardDuring = c.received - heardBefore;
    const heard = c.received;
    assert.ok(await c.until(() => c.received > heard + 10, 10_000), "the callee still streams");
    const dropped = await phone.dropped();
    const told = phone.events.slice(mark).filter((e) => e.type === "refused").length;
    const logBytes = phone.output.stdout - stdout;
    const ended = phone.events.slice(mark).some((e) =>
      e.type === "state" && ["ended", "idle"].includes(String(e.state))
    );
    console.log(
      `  flood during a call: ${FLOOD_CALLS} forged calls in ${floodS.toFixed(1)} s; the caller ` +
        `heard ${heardDuring} packets meanwhile; refused ${dropped.refused} (told ${told}), ` +
        `rate-limited ${dropped.rateLimited}; listener CPU ${(cpu() - cpuBefore).toFixed(2)} s; ` +
        `log ${logBytes} B; stderr ${phone.output.stderr} B`,
    );
    assert.equal(ended, false, "the call did not end");
    assert.ok(told <= 6, `told of ${told} refusals one by one`);
    assert.ok(dropped.refused >= 1);
    assert.ok(logBytes < 20_000, `${logBytes} bytes of log during the flood`);
    assert.equal(phone.output.stderr, 0);
    talking = false;
    await stream;
    assertBounded(phone, initial, "flood during a call");
  } finally {
    talking = false;
    c.close();
    assert.equal(await phone.stop(), 0);
  }
});

Deno.test("probes of 12-1500 bytes from 200 sources: at most one reply each, bytes out/in <= 1", async () => {
  const phone = await startListener("127.0.0.1");
  const initial = usage(phone);
  const wk = { address: "127.0.0.1", port: phone.port };
  const sockets: UdpSocket[] = [];
  let bytesIn = 0, bytesOut = 0, packetsIn = 0, packetsOut = 0;
  try {
    for (let i = 0; i < 200; i++) {
      const s = UdpSocket.bind({ address: source(200_000 + i), port: 0 });
      s.listen((e) => {
        if (e.type !== "datagram") return;
        packetsIn++;
        bytesIn += e.data.length;
      });
      sockets.push(s);
    }
    const sizes = [12, 13, 20, 40, 100, 171, 172, 173, 300, 1000, 1500];
    for (let round = 0; round < 5; round++) {
      for (const [i, s] of sockets.entries()) {
        const size = sizes[(i + round) % sizes.length];
        s.sendTo(rtpPacket(size, round), wk);
        bytesOut += size;
        packetsOut++;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500));
    const ratio = bytesIn / bytesOut;
    console.log(
      `  amplification: ${packetsIn} replies to ${packetsOut} probes, ${bytesIn} B out of the ` +
        `phone for ${bytesOut} B in: ratio ${ratio.toFixed(3)}`,
    );
    assert.ok(packetsIn <= packetsOut);
    assert.ok(ratio <= 1, `ratio ${ratio}`);
    // And the phone still answers.
    const { c, ok } = await realCall(wk, 900_002);
    c.close();
    assert.ok(ok, "a real call after the probes connects");
    assertBounded(phone, initial, "probes");
  } finally {
    for (const s of sockets) s.close();
    assert.equal(await phone.stop(), 0);
  }
});

Deno.test("malformed RTP/RTCP from the peer and foreign floods during a call: the call goes on, counted", async () => {
  const phone = await startListener("127.0.0.1");
  const initial = usage(phone);
  const wk = { address: "127.0.0.1", port: phone.port };
  const strangers = Array.from(
    { length: 20 },
    (_, i) => UdpSocket.bind({ address: source(300_000 + i), port: 0 }),
  );
  try {
    const { c, ok } = await realCall(wk, 900_003);
    assert.ok(ok);
    const peer = c.peer!;
    const junk = [
      new Uint8Array([1, 2, 3]), // too short
      new Uint8Array(12).fill(0x3f), // version 0
      Uint8Array.from([0x80, 200, 0, 6, ...new Array(24).fill(0)]), // an RTCP SR
      Uint8Array.from([0x80, 201, 0, 1, 0, 0, 0, 1]), // an RTCP RR
      Uint8Array.from([0x80, 99, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5]), // an unknown payload type
      Uint8Array.from([0xbf, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]), // 15 CSRCs promised, none there
      Uint8Array.from([0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 200]), // padding longer than it
    ];
    let sentJunk = 0;
    for (let round = 0; round < 30; round++) {
      for (const j of junk) {
        c.socket.sendTo(j, peer);
        sentJunk++;
      }
      for (const s of strangers) {
        // Refused (told, summarised), then the port is held shut: the kernel says busy.
        s.sendTo(rtpPacket(172, round), wk);
        s.sendTo(rtpPacket(172, round), peer); // connected call socket: the kernel drops it
      }
      c.send(peer); // the real stream goes on meanwhile
      await new Promise((r) => setTimeout(r, 20));
    }
    const heard = c.received;
    await c.talk(10);
    assert.ok(c.received > heard, "the callee still streams to its caller");
    const dropped = await phone.dropped();
    console.log(
      `  during a call: ${sentJunk} malformed packets from the peer, ${strangers.length * 60} ` +
        `from strangers; the phone counted ${JSON.stringify(dropped)}`,
    );
    assert.ok(dropped.malformed >= sentJunk * 0.9, `malformed ${dropped.malformed} of ${sentJunk}`);
    // Strangers are refused at most once per hold (1 s), each told at most once: bounded.
    const told = phone.events.filter((e) => e.type === "refused");
    assert.ok(dropped.refused >= 1 && told.length >= 1, `refused ${dropped.refused}`);
    assert.ok(told.length <= dropped.refused && told.length <= 6, `told ${told.length} times`);
    assert.ok(told.every((e) => e.because === "in-a-call"));
    const mark = phone.events.length, port = c.socket.localAddress.port;
    c.close();
    await waitForState(phone, ["ended", "idle"], mark, 5000, port);
    const next = await realCall(wk, 900_004, 3000);
    next.c.close();
    assert.ok(next.ok, "the next call connects");
    assert.equal(phone.output.stderr, 0);
    assertBounded(phone, initial, "malformed and foreign");
  } finally {
    for (const s of strangers) s.close();
    assert.equal(await phone.stop(), 0);
  }
});

Deno.test("ICMP storms: random tuples change nothing, host unreachable is told once, an exact port unreachable ends the call and the next is answered", async () => {
  if (Deno.uid() !== 0) {
    throw new Error("the ICMP storm forges ICMP through a raw socket: run as root (CI does)");
  }
  const forger = new IcmpForger();
  const phone = await startListener("127.0.0.1");
  const initial = usage(phone);
  const wk = { address: "127.0.0.1", port: phone.port };
  let talking = true;
  try {
    const { c, ok } = await realCall(wk, 900_010);
    assert.ok(ok);
    const peer = c.peer!; // the callee's call socket
    const me = { address: c.socket.localAddress.address, port: c.socket.localAddress.port };
    const stream = (async () => {
      while (talking) {
        c.send(peer);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const random = () => 1024 + Math.floor(Math.random() * 64000);
    for (let i = 0; i < 5000; i++) {
      forger.unreachable({ address: "127.0.0.1", port: random() }, {
        address: source(400_000 + i),
        port: random(),
      }, 3);
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 5));
    }
    const mark = phone.events.length;
    for (let i = 0; i < 2000; i++) forger.unreachable(peer, me, 1); // host unreachable, exact
    await new Promise((r) => setTimeout(r, 500));
    const heard = c.received;
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(c.received > heard, "the call goes on through both storms");
    const told = phone.events.slice(mark).filter((e) =>
      e.type === "reachability" && e.reachable === false
    ).length;
    const ended = phone.events.some((e) =>
      e.type === "state" && e.state === "ended" && (e.peer as { port: number }).port === me.port
    );
    assert.equal(ended, false, "no storm ended the call");
    // One exact "port unreachable" is the caller hanging up (NOTASIP): the call ends.
    const before = phone.events.length;
    forger.unreachable(peer, me, 3);
    await waitForState(phone, ["ended"], before, 5000, me.port);
    talking = false;
    await stream;
    c.close();
    const next = await realCall(wk, 900_011, 3000);
    next.c.close();
    console.log(
      `  ICMP: ${forger.sent} forged (5,000 random tuples, 2,000 host unreachable about the ` +
        `call, 1 port unreachable about it); told unreachable ${told} time(s); the exact port ` +
        `unreachable ended the call; the next call ${next.ok ? "connected" : "failed"}; ` +
        `stderr ${phone.output.stderr} B`,
    );
    assert.ok(told >= 1 && told <= 3, `told of unreachability ${told} times`);
    assert.ok(next.ok, "the next call connects");
    assert.equal(phone.output.stderr, 0);
    assertBounded(phone, initial, "ICMP storms");
  } finally {
    talking = false;
    forger.close();
    assert.equal(await phone.stop(), 0);
  }
});
