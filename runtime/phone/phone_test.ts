import assert from "node:assert/strict";
import { Phone, type PhoneEvent, type PhoneOptions, type PhoneState } from "./phone.ts";
import { UdpTransports } from "./udp_transport.ts";
import { openLine } from "../audio/registry.ts";
import { encodeWav, parseWav } from "../audio/wav.ts";
import { heardWindows } from "../../harness/e2e/test_signal.ts";
import { softwareTones } from "./software_tones.ts";
import { DtmfDetector, keysOf } from "../dsp/dtmf_detector.ts";

// A chirp with noise, different per phone, so each side can find its own voice.
function voice(seconds: number, base: number): Int16Array {
  return Int16Array.from({ length: seconds * 8000 }, (_, n) => {
    const t = n / 8000;
    const noise = (((n + base) * 2654435761) >>> 16 & 0x3ff) - 512;
    return Math.round(9000 * Math.sin(2 * Math.PI * (base * t + 120 * t * t)) + noise);
  });
}

interface Side {
  phone: Phone;
  states: PhoneState[];
  /** Signaling transitions (`to` states), e.g. the callee's `ringing` = established. */
  transitions: string[];
  digits: string[];
  close(): void;
  running: Promise<void>;
  input: Int16Array;
  output: string;
}

async function side(
  dir: string,
  name: string,
  base: number,
  listenPort?: number,
  listenAddress = "127.0.0.1",
  extra: Partial<PhoneOptions> = {},
  loop = false,
): Promise<Side> {
  const input = voice(8, base);
  await Deno.writeFile(`${dir}/${name}.wav`, encodeWav(input, { sampleRate: 8000, channels: 1 }));
  const output = `${dir}/${name}-heard.wav`;
  const line = await openLine({
    kind: "file",
    input: `${dir}/${name}.wav`,
    output,
    frameMs: 10,
    loop,
  });
  const tones = await softwareTones("us");
  const dtmfDetector = await DtmfDetector.create();
  const phone = await Phone.create({
    line,
    tones,
    dtmfDetector,
    transports: new UdpTransports(),
    listen: { address: listenAddress, port: listenPort ?? 10000 },
    codecs: undefined,
    ...extra,
  });
  const states: PhoneState[] = [], digits: string[] = [], transitions: string[] = [];
  phone.onEvent((e: PhoneEvent) => {
    if (e.type === "state") states.push(e.state);
    if (e.type === "signaling" && e.event.type === "transition") transitions.push(e.event.to);
    if (e.type === "dtmf" && e.direction === "received") digits.push(`${e.digits}/${e.method}`);
  });
  if (listenPort) await phone.listen();
  const close = () => {
    tones.close();
    dtmfDetector.close();
  };
  return { phone, states, transitions, digits, close, running: phone.run(), input, output };
}

function until(s: Side, state: PhoneState, ms = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (s.states.includes(state)) return resolve();
      if (Date.now() - start > ms) return reject(new Error(`no "${state}" in ${s.states}`));
      setTimeout(check, 10);
    };
    check();
  });
}

for (
  const [family, address, host, formats, codec] of [
    ["IPv4", "127.0.0.1", "127.0.0.1", "0", "pcmu"],
    ["IPv6", "::1", "[::1]", "0", "pcmu"],
    ["IPv4", "127.0.0.1", "127.0.0.1", "5", "dvi4"], // an incoming DVI4 call rings
    ["IPv4", "127.0.0.1", "127.0.0.1", "DVI4:16000", "dvi4-16"], // wideband, resampled
  ]
) {
  Deno.test(`two phones over ${family} loopback in ${codec}: call, ring, answer, voice both ways, hang up`, async () => {
    const dir = await Deno.makeTempDir();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const callee = await side(dir, "callee", 300, port, address);
    const caller = await side(dir, "caller", 500);
    const codecs: (string | undefined)[] = [];
    callee.phone.onEvent((e) =>
      e.type === "state" && e.state === "ringing" && codecs.push(e.codec)
    );
    try {
      await caller.phone.call(`iphone://${host}:${port}/${formats}`);
      await until(callee, "ringing");
      await until(caller, "connected"); // two packets: the call is set up, ring-back heard
      callee.phone.answer();
      await until(callee, "talking");
      await new Promise((r) => setTimeout(r, 2500));
      caller.phone.hangUp();
      await until(callee, "ended", 2000); // ICMP port unreachable from the closed socket
      assert.deepEqual(caller.states, ["calling", "connected", "idle"]);
      assert.deepEqual(codecs, [codec]);
    } finally {
      await caller.phone.close();
      await callee.phone.close();
      await Promise.all([caller.running, callee.running]);
    }
    for (const [from, to] of [[caller, callee], [callee, caller]]) {
      const heard = parseWav(await Deno.readFile(to.output)).samples;
      // Aligned first: how much voice went out before the other side recorded varies with load.
      const windows = heardWindows(from.input, heard).filter((c) => c > 0.9);
      // At least a second of the other side's voice came through intact.
      assert.ok(windows.length >= 10, `${windows.length} matching windows`);
    }
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("one dual-stack listener takes an IPv4 call, then an IPv6 call", async () => {
  const dir = await Deno.makeTempDir();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const callee = await side(dir, "callee", 300, port, "::");
  try {
    for (const host of ["127.0.0.1", "[::1]"]) {
      const caller = await side(dir, `caller${host.length}`, 500);
      const before = callee.states.length;
      try {
        const seen = callee.transitions.length;
        await caller.phone.call(`iphone://${host}:${port}/0`);
        await until(caller, "connected");
        // Hang up once the callee is established: before that it only answers packets
        // one for one (no amplification), so it could not notice the caller leaving.
        const start0 = Date.now();
        while (!callee.transitions.slice(seen).includes("ringing") && Date.now() - start0 < 3000) {
          await new Promise((r) => setTimeout(r, 10));
        }
        caller.phone.hangUp();
        const start = Date.now();
        while (!callee.states.slice(before).includes("ended") && Date.now() - start < 2000) {
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.ok(callee.states.slice(before).includes("ended"), `${host}: ${callee.states}`);
        callee.phone.hangUp(); // back to listening
      } finally {
        await caller.phone.close();
        await caller.running;
        caller.close();
      }
    }
  } finally {
    await callee.phone.close();
    await callee.running;
    callee.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("calling a port nobody listens on is busy", async () => {
  const dir = await Deno.makeTempDir();
  const caller = await side(dir, "caller", 500);
  try {
    await caller.phone.call("iphone://127.0.0.1:9/0");
    await until(caller, "busy", 2000);
  } finally {
    await caller.phone.close();
    await caller.running;
    caller.close();
  }
  await Deno.remove(dir, { recursive: true });
});

for (const method of ["inband", "rfc4733"] as const) {
  Deno.test(`a URL's dial digits go out ${method} once connected, u and p filled in`, async () => {
    const dir = await Deno.makeTempDir();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const dtmf = { method };
    const callee = await side(dir, "callee", 300, port, "127.0.0.1", { autoAnswer: true, dtmf });
    const caller = await side(dir, "caller", 500, undefined, "127.0.0.1", {
      dtmf: { method, userNumber: "56", pin: "7*" },
    });
    const sent: string[] = [];
    caller.phone.onEvent((e) => e.type === "dtmf" && e.direction === "sent" && sent.push(e.digits));
    try {
      await caller.phone.call(`iphone://127.0.0.1:${port}/0&a=dtmf:4u%23p`);
      const start = Date.now();
      while (callee.digits.length < 6 && Date.now() - start < 8000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(sent, ["456#7*"]);
      // Each digit once, however many packets (RFC 4733) or frames (tones) carried it;
      // events are played to the callee after its tone detector, so never seen twice.
      assert.deepEqual(callee.digits, [..."456#7*"].map((d) => `${d}/${method}`));
      // The last event is reported when it arrives but still queued for playing (up to a
      // second of playout FIFO): let it reach the speaker before hanging up.
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await caller.phone.close();
      await callee.phone.close();
      await Promise.all([caller.running, callee.running]);
      caller.close();
      callee.close();
    }
    // Received events are played: the callee's speaker carries the six tones.
    const detector = await DtmfDetector.create();
    const heard = parseWav(await Deno.readFile(callee.output)).samples;
    assert.equal(keysOf(detector.process(heard)), "456#7*");
    detector.close();
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("dial digits that need a PIN the phone lacks fail before dialing", async () => {
  const dir = await Deno.makeTempDir();
  const caller = await side(dir, "caller", 500);
  try {
    await assert.rejects(() => caller.phone.call("iphone://127.0.0.1:9/0&dial=12p"), /needs a PIN/);
    assert.deepEqual(caller.states, []);
  } finally {
    await caller.phone.close();
    await caller.running;
    caller.close();
  }
  await Deno.remove(dir, { recursive: true });
});

for (const mux of [false, true]) {
  Deno.test(
    `RTCP ${
      mux ? "multiplexed (a=rtcp-mux)" : "on RTP port + 1"
    }: round trip, the peer's view of our stream, BYE on hang-up`,
    async () => {
      const dir = await Deno.makeTempDir();
      const port = 20000 + Math.floor(Math.random() * 20000);
      // Looping microphones: the phones run until both RTTs are in, however the randomised
      // report intervals (up to 7.5 s apart) fall, not only for the 8 s of one voice file.
      const callee = await side(dir, "callee", 300, port, "127.0.0.1", {
        autoAnswer: true,
        rtcpMux: mux,
      }, true);
      const caller = await side(dir, "caller", 500, undefined, undefined, {}, true);
      const byes: string[] = [];
      callee.phone.onEvent((e) => e.type === "bye" && byes.push("bye"));
      try {
        await caller.phone.call(`iphone://127.0.0.1:${port}/0${mux ? "&a=rtcp-mux" : ""}`);
        await until(callee, "talking");
        // Reports come every 2.5-7.5 s (RFC 3550's minimum, randomised): an RTT needs an SR
        // of ours and then a report of the peer's.
        const start = Date.now();
        const rtt = () => [caller, callee].map((s) => s.phone.stats().media?.rtcp?.rttMs);
        while (rtt().some((r) => r === undefined) && Date.now() - start < 45000) {
          await new Promise((r) => setTimeout(r, 100));
        }
        for (const s of [caller, callee]) {
          const stats = s.phone.stats();
          const rtcp = stats.media?.rtcp;
          assert.ok(rtcp && rtcp.rttMs !== undefined, JSON.stringify(rtcp));
          assert.ok(rtcp.rttMs >= 0 && rtcp.rttMs < 1000, `loopback RTT ${rtcp.rttMs} ms`);
          assert.equal(rtcp.remoteCumulativeLost, 0);
          assert.ok(rtcp.remoteJitterMs !== undefined && rtcp.remoteJitterMs < 200);
          assert.equal(rtcp.malformed, 0);
          assert.equal(stats.quality?.networkDelayMs, rtcp.rttMs / 2, "MOS: half the RTT");
          const path = stats.rtcpPath;
          if (mux) assert.deepEqual(path, { multiplexed: true });
          else {
            assert.ok(path && "port" in path, JSON.stringify(path));
            assert.ok(path.sent > 0 && path.foreign === 0 && path.icmpIgnored === 0, `${path}`);
          }
        }
        if (!mux) {
          // Each side's RTCP port is one above the RTP port the other side sees.
          const callerRtp = callee.phone.stats().peer!.port;
          const calleeRtp = caller.phone.stats().peer!.port;
          assert.equal(callerRtp % 2, 0, "RTP on an even port");
          assert.equal((caller.phone.stats().rtcpPath as { port: number }).port, callerRtp + 1);
          assert.equal((callee.phone.stats().rtcpPath as { port: number }).port, calleeRtp + 1);
        }
        caller.phone.hangUp();
        await until(callee, "ended", 3000);
        assert.deepEqual(byes, ["bye"]);
      } finally {
        await caller.phone.close();
        await callee.phone.close();
        await Promise.all([caller.running, callee.running]);
        caller.close();
        callee.close();
      }
      await Deno.remove(dir, { recursive: true });
    },
  );
}

Deno.test("RTCP to a peer without it: ICMP on the RTCP port is ignored, the call goes on", async () => {
  const dir = await Deno.makeTempDir();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const callee = await side(dir, "callee", 300, port, "127.0.0.1", {
    autoAnswer: true,
    rtcp: false,
  });
  const caller = await side(dir, "caller", 500);
  try {
    await caller.phone.call(`iphone://127.0.0.1:${port}/0`);
    await until(callee, "talking");
    const start = Date.now();
    const ignored = () => {
      const path = caller.phone.stats().rtcpPath;
      return path && "icmpIgnored" in path ? path.icmpIgnored : 0;
    };
    // The caller's first report (after 2.5-7.5 s) meets a closed port: ICMP port unreachable.
    while (ignored() === 0 && Date.now() - start < 30000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(ignored() > 0, JSON.stringify(caller.phone.stats().rtcpPath));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(caller.phone.state, "connected");
    assert.equal(callee.phone.state, "talking");
    assert.equal(callee.phone.stats().media?.rtcp, undefined);
  } finally {
    await caller.phone.close();
    await callee.phone.close();
    await Promise.all([caller.running, callee.running]);
    caller.close();
    callee.close();
  }
  await Deno.remove(dir, { recursive: true });
});
