// A phone that answers all day, over real loopback sockets: every call ends back in a
// state that takes the next, a phone listens and calls at once, a caller meets busy while
// it calls out or talks (and the user is told), close() under run() resolves, drops are counted, no reply is larger than
// the packet it answers.
import assert from "node:assert/strict";
import { Phone, type PhoneEvent, type PhoneState } from "./phone.ts";
import { UdpTransports } from "./udp_transport.ts";
import { openLine } from "../audio/registry.ts";
import { UdpSocket } from "../net/udp_socket.ts";

interface Handle {
  phone: Phone;
  states: PhoneState[];
  events: PhoneEvent[];
  running: Promise<void>;
  port: number;
}

function freePort(): number {
  const s = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  const port = s.localAddress.port;
  s.close();
  return port;
}

async function phone(
  options: {
    listen?: boolean;
    autoAnswer?: boolean;
    endedToneMs?: number;
    timeoutMs?: number;
  } = {},
): Promise<Handle> {
  const port = freePort();
  const p = await Phone.create({
    line: await openLine({ kind: "null", frameMs: 10 }),
    transports: new UdpTransports(),
    listen: { address: "127.0.0.1", port },
    autoAnswer: options.autoAnswer,
    endedToneMs: options.endedToneMs ?? 300,
    timeoutMs: options.timeoutMs,
  });
  const states: PhoneState[] = [], events: PhoneEvent[] = [];
  p.onEvent((e) => {
    events.push(e);
    if (e.type === "state") states.push(e.state);
  });
  if (options.listen) await p.listen();
  return { phone: p, states, events, running: p.run(), port };
}

async function until(what: string, test: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits for the `n`-th occurrence (1-based) of a state. */
function nth(h: Handle, state: PhoneState, n: number, ms?: number): Promise<void> {
  return until(
    `${state} #${n} (${h.states})`,
    () => h.states.filter((s) => s === state).length >= n,
    ms,
  );
}

async function closeAll(...hs: Handle[]) {
  for (const h of hs) await h.phone.close();
  await Promise.all(hs.map((h) => h.running));
}

Deno.test("a listening phone takes call after call, however each ended, nobody pressing a key", async () => {
  const callee = await phone({ listen: true, autoAnswer: true });
  const url = `iphone://127.0.0.1:${callee.port}/0`;
  try {
    for (let i = 1; i <= 4; i++) {
      const caller = await phone();
      try {
        await caller.phone.call(url);
        await nth(callee, "talking", i);
        await nth(caller, "connected", 1);
        if (i % 2) caller.phone.hangUp(); // the caller hangs up: ICMP ends it at the callee
        else callee.phone.hangUp(); // the callee hangs up: ICMP ends it at the caller
        if (i % 2) await nth(callee, "ended", Math.ceil(i / 2));
        else await nth(caller, "ended", 1);
        // Back to idle by itself after the busy tone, listening again.
        await nth(callee, "idle", i);
        if (i % 2 === 0) await nth(caller, "idle", 1);
      } finally {
        await closeAll(caller);
      }
    }
    assert.equal(callee.phone.callee.listener, "open");
  } finally {
    await closeAll(callee);
  }
});

Deno.test("a phone listens and calls at once; a caller meanwhile gets busy and the user is told", async () => {
  const a = await phone({ listen: true });
  const b = await phone({ listen: true }); // rings, nobody answers
  const c = await phone();
  try {
    await a.phone.call(`iphone://127.0.0.1:${b.port}/0`);
    await nth(a, "connected", 1);
    await c.phone.call(`iphone://127.0.0.1:${a.port}/0`);
    await nth(c, "busy", 1);
    const refused = a.events.find((e) => e.type === "refused");
    assert.ok(refused, "a was told of the refused caller");
    assert.equal(refused.because, "calling-out");
    assert.equal(a.states.includes("ringing"), false);
    a.phone.hangUp();
    await until(
      "a listening again",
      () => a.phone.callee.listener === "open" && !a.phone.callee.busy,
    );
    // Now a takes calls again.
    await c.phone.hangUp();
    await c.phone.call(`iphone://127.0.0.1:${a.port}/0`);
    await nth(a, "ringing", 1);
  } finally {
    await closeAll(a, b, c);
  }
});

Deno.test("a phone in a call: a third caller gets busy, the user is told once, the call goes on", async () => {
  const a = await phone({ listen: true, autoAnswer: true });
  const b = await phone();
  const c = await phone();
  try {
    await b.phone.call(`iphone://127.0.0.1:${a.port}/0`);
    await nth(a, "talking", 1);
    await nth(b, "connected", 1);
    await c.phone.call(`iphone://127.0.0.1:${a.port}/0`);
    await nth(c, "busy", 1);
    const told = a.events.filter((e) => e.type === "refused");
    assert.equal(told.length, 1);
    const first = told[0] as Extract<PhoneEvent, { type: "refused" }>;
    assert.deepEqual([first.peer.address, first.because], ["127.0.0.1", "in-a-call"]);
    assert.ok(a.phone.stats().dropped.refused >= 1); // 1 unless c's next packet was over 1 s late
    // The call in progress is untouched: a still hears b.
    const heard = () => a.phone.stats().media?.received?.received ?? 0;
    const before = heard();
    await until("a hears b", () => heard() > before + 10);
    assert.deepEqual([a.phone.state, b.phone.state], ["talking", "connected"]);
  } finally {
    await closeAll(a, b, c);
  }
});

/** A bare caller socket: streams PCMU to `to` until `stop()`, locked onto the first reply. */
function rawCaller(to: number) {
  const s = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  let peer: { address: string; port: number } | undefined, seq = 0, heard = 0;
  s.listen((e) => {
    if (e.type !== "datagram") return;
    heard++;
    peer ??= { address: e.source.address, port: e.source.port };
  });
  let sending = true;
  const loop = (async () => {
    while (sending) {
      try {
        s.sendTo(rtp(172, seq++), peer ?? { address: "127.0.0.1", port: to });
      } catch { /* ICMP surfaced on send */ }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    heard: () => heard,
    /** Sends the last packet again (a duplicate) to the phone's call socket. */
    repeat: () => peer && s.sendTo(rtp(172, seq - 1), peer),
    /** Falls silent, the socket left open: no ICMP will tell the phone. */
    stop: async () => {
      sending = false;
      await loop;
    },
    close: () => s.close(),
  };
}

Deno.test("a call whose peer falls silent (no ICMP) times out, and the phone takes the next call", async () => {
  const a = await phone({ listen: true, autoAnswer: true, timeoutMs: 1500 });
  const mute = rawCaller(a.port);
  try {
    await nth(a, "talking", 1);
    await until("a streams back", () => mute.heard() > 5);
    mute.repeat(); // a duplicate: counted as such
    await until("duplicate counted", () => a.phone.stats().dropped.duplicate >= 1);
    await mute.stop(); // silent, socket open
    await nth(a, "ended", 1, 10_000);
    assert.ok(
      a.events.some((e) => e.type === "state" && e.state === "ended" && e.reason === "timeout"),
    );
    await nth(a, "idle", 1, 10_000);
    const next = rawCaller(a.port);
    try {
      await nth(a, "talking", 2, 10_000);
    } finally {
      await next.stop();
      next.close();
    }
  } finally {
    mute.close();
    await closeAll(a);
  }
});

Deno.test("a caller in a codec the phone lacks never rings it (counted malformed); the next call does", async () => {
  const a = await phone({ listen: true, autoAnswer: true });
  const s = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  try {
    for (let i = 0; i < 10; i++) {
      const p = rtp(172, i);
      p[1] = 99; // a payload type no codec of the phone has (and no dynamic one)
      s.sendTo(p, { address: "127.0.0.1", port: a.port });
    }
    await until("counted", () => a.phone.stats().dropped.malformed >= 10);
    assert.deepEqual(a.states, []);
    const next = rawCaller(a.port);
    try {
      await nth(a, "talking", 1, 10_000);
    } finally {
      await next.stop();
      next.close();
    }
  } finally {
    s.close();
    await closeAll(a);
  }
});

Deno.test("a well-known port taken by another program while shut: the phone tries again and takes calls once it is free", async () => {
  const a = await phone({ listen: true, autoAnswer: true });
  const b = rawCaller(a.port);
  let holder: UdpSocket | undefined;
  try {
    await nth(a, "talking", 1);
    await until("b hears a (the call is established)", () => b.heard() > 5);
    // A stranger is refused: the port is shut for a second, and another program takes it.
    const stranger = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
    stranger.sendTo(rtp(172, 1), { address: "127.0.0.1", port: a.port });
    stranger.close();
    await until("refused", () => a.phone.callee.listener === "suspended");
    holder = UdpSocket.bind({ address: "127.0.0.1", port: a.port });
    await b.stop();
    b.close(); // the phone's next packet to b draws ICMP: the call ends, the port is wanted back
    await until("the port failed", () => a.phone.callee.listener === "failed", 10_000);
    holder.close();
    holder = undefined;
    await until("listening again", () => a.phone.callee.listener === "open", 10_000);
    const next = rawCaller(a.port);
    try {
      await nth(a, "talking", 2, 10_000);
    } finally {
      await next.stop();
      next.close();
    }
  } finally {
    holder?.close();
    b.close();
    await closeAll(a);
  }
});

Deno.test("listen() rejects with the reason when the port is taken", async () => {
  const holder = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  const port = holder.localAddress.port;
  const p = await Phone.create({
    line: await openLine({ kind: "null", frameMs: 10 }),
    transports: new UdpTransports(),
    listen: { address: "127.0.0.1", port },
  });
  try {
    await assert.rejects(() => p.listen(), /in use|EADDRINUSE/i);
  } finally {
    holder.close();
    await p.close();
  }
});

Deno.test("close() while run() reads and writes the line: run() resolves", async () => {
  for (let i = 0; i < 10; i++) {
    const h = await phone({ listen: true });
    await new Promise((r) => setTimeout(r, i * 3));
    await h.phone.close();
    await h.running; // rejects if close() raced a write
  }
});

/** An RTP packet of `size` bytes, PCMU, from a probe that never answers anything. */
function rtp(size: number, seq: number): Uint8Array {
  const p = new Uint8Array(size);
  p[0] = 0x80;
  p[1] = 0;
  p[2] = seq >> 8;
  p[3] = seq & 0xff;
  p[11] = 7; // SSRC
  return p;
}

Deno.test("before establishment a reply is never larger than the packet it answers (12-1500 bytes)", async () => {
  const callee = await phone({ listen: true });
  const probe = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  let bytesIn = 0, bytesOut = 0, packetsIn = 0, packetsOut = 0;
  const replies: number[] = [];
  probe.listen((e) => {
    if (e.type !== "datagram") return;
    bytesIn += e.data.length;
    packetsIn++;
    replies.push(e.data.length);
  });
  try {
    const sizes = [12, 13, 40, 100, 172, 200, 500, 1000, 1500];
    let seq = 0;
    for (const size of sizes) {
      probe.sendTo(rtp(size, seq++), { address: "127.0.0.1", port: callee.port });
      bytesOut += size;
      packetsOut++;
      await new Promise((r) => setTimeout(r, 30));
    }
    await until("replies", () => packetsIn >= sizes.length, 3000).catch(() => {});
    const ratio = bytesIn / bytesOut;
    console.log(
      `  amplification before establishment: ${packetsIn}/${packetsOut} packets, ` +
        `${bytesIn}/${bytesOut} bytes = ${ratio.toFixed(3)}; replies ${replies.join(",")}`,
    );
    assert.ok(packetsIn <= packetsOut, `${packetsIn} replies to ${packetsOut} packets`);
    assert.ok(ratio <= 1, `bytes out/in ${ratio}`);
    assert.ok(packetsIn >= 1, "the probe was answered (ring-back starts at once)");
    assert.equal(replies[0], 12, "a 12-byte probe draws a bare RTP header");
  } finally {
    probe.close();
    await closeAll(callee);
  }
});

Deno.test("malformed and foreign packets are counted in stats().dropped", async () => {
  const callee = await phone({ listen: true });
  const probe = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  const stranger = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  const wk = { address: "127.0.0.1", port: callee.port };
  try {
    stranger.sendTo(new Uint8Array([1, 2, 3]), wk); // not RTP: malformed
    await until("malformed", () => callee.phone.stats().dropped.malformed >= 1, 3000);
    probe.sendTo(rtp(172, 1), wk); // a call that rings...
    await until("ringing", () => callee.states.includes("ringing"), 3000);
    stranger.sendTo(rtp(172, 1), wk); // ...so a second caller is not taken: foreign
    await until("foreign", () => callee.phone.stats().dropped.foreign >= 1, 3000);
    const d = callee.phone.stats().dropped;
    assert.deepEqual([d.malformed, d.foreign, d.late, d.duplicate], [1, 1, 0, 0]);
    // The silent probe stops ringing by itself (ring silence), and the phone is idle again.
    await until("idle", () => callee.states.at(-1) === "idle" || callee.states.at(-1) === "ended");
  } finally {
    stranger.close();
    probe.close();
    await closeAll(callee);
  }
});
