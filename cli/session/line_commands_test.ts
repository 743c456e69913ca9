import assert from "node:assert/strict";
import { UdpSocket } from "../../runtime/net/udp_socket.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** A UDP port free on loopback now (the kernel's choice, not a guess). */
function freePort(): string {
  const s = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  const port = s.localAddress.port;
  s.close();
  return String(port);
}

/** A CLI phone with piped stdin and JSON events on stdout. */
function spawnPhone(args: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args, "--json", "--commands", "-s", "null"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const events: Record<string, unknown>[] = [];
  const writer = child.stdin.getWriter();
  (async () => {
    let pending = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
    }
  })();
  const send = (line: string) => writer.write(new TextEncoder().encode(line + "\n"));
  const waitFor = async (match: (e: Record<string, unknown>) => boolean, ms = 5000) => {
    const start = Date.now();
    while (Date.now() - start < ms) {
      if (events.some(match)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `not seen; events: ${
        JSON.stringify(
          events.filter((e) =>
            e.type !== "signaling" || (e.event as { machine: string }).machine !== "listener"
          ),
        )
      }`,
    );
  };
  return { child, events, send, waitFor, writer };
}

const state = (s: string) => (e: Record<string, unknown>) => e.type === "state" && e.state === s;

Deno.test("headless phones are driven by commands on stdin: answer, dtmf, hangup, quit", async () => {
  const port = freePort();
  const callee = spawnPhone(["listen", "--port", port, "--bind", "127.0.0.1"]);
  await callee.waitFor((e) => e.type === "signaling");
  const caller = spawnPhone(["call", `127.0.0.1:${port}`]);
  try {
    await callee.waitFor(state("ringing"));
    await callee.send("answer");
    await callee.waitFor(state("talking"));
    await caller.waitFor(state("connected"));
    await caller.send("dtmf 7");
    await callee.waitFor((e) =>
      e.type === "dtmf" && e.direction === "received" && e.digits === "7"
    );
    await callee.send("bogus");
    await callee.waitFor((e) =>
      e.type === "note" && /unknown command "bogus"/.test(String(e.text))
    );
    await caller.send("hangup");
    await callee.waitFor(state("ended"));
    assert.equal((await caller.child.status).code, 0, "a caller's program ends with its call");
    await callee.send("quit");
    assert.equal((await callee.child.status).code, 0);
  } finally {
    for (const p of [caller, callee]) {
      await p.writer.close().catch(() => {});
      try {
        p.child.kill();
      } catch { /* already gone */ }
      await p.child.status;
    }
  }
});

Deno.test("one process listens and calls: `call TARGET` on stdin, then it takes calls again", async () => {
  const port = freePort();
  const port2 = freePort();
  const b = spawnPhone(["listen", "--port", port, "--bind", "127.0.0.1"]);
  const a = spawnPhone(["listen", "--port", port2, "--bind", "127.0.0.1", "-a"]);
  try {
    await b.waitFor((e) => e.type === "signaling");
    await a.waitFor((e) => e.type === "signaling");
    await a.send(`call 127.0.0.1:${port}`); // the listening phone a calls b
    await b.waitFor(state("ringing"));
    await a.waitFor(state("connected"));
    await b.send("answer");
    await b.waitFor(state("talking"));
    await b.send("hangup");
    await a.waitFor(state("ended"));
    await a.waitFor(state("idle")); // back by itself after the busy tone
    await b.send(`call 127.0.0.1:${port2}`); // and a, still listening, answers b's call
    await a.waitFor(state("talking"));
    await b.send("hangup");
    await a.send("stats");
    await a.waitFor((e) => e.type === "note" && /"dropped":\{"malformed":/.test(String(e.text)));
    await a.send("quit");
    assert.equal((await a.child.status).code, 0);
  } finally {
    for (const p of [a, b]) {
      await p.writer.close().catch(() => {});
      try {
        p.child.kill();
      } catch { /* already gone */ }
      await p.child.status;
    }
  }
});

Deno.test("exit codes say how a call went: busy 3, timeout 4, bad target 5, no common codec 6, cannot listen 7", async () => {
  const run = async (args: string[], env?: Record<string, string>) =>
    (await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, ...args, "--plain", "-s", "null"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
      env,
    }).output()).code;
  const taken = freePort();
  const holder = spawnPhone(["listen", "--port", taken, "--bind", "127.0.0.1"]);
  // A host that takes packets and never answers: the call times out (5 s, the least).
  const silent = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
  silent.listen(() => {});
  try {
    await holder.waitFor((e) => e.type === "signaling");
    const codes = await Promise.all([
      run(["call", `127.0.0.1:${silent.localAddress.port}`], { PHONE_IDLE_TIMEOUT: "5" }),
      run(["call", "127.0.0.1:9"]), // nobody listens: ICMP port unreachable
      run(["call", "iphone://[::ffff:N92.0.2.1]/0"]),
      run(["call", "224.0.0.1"]),
      run(["call", "iphone://127.0.0.1:9/G729"]),
      run(["listen", "--bind", "garbage"]),
      run(["listen", "--bind", "127.0.0.1", "--port", taken]),
    ]);
    assert.deepEqual(codes, [4, 3, 5, 5, 6, 7, 7]);
  } finally {
    silent.close();
    await holder.writer.close().catch(() => {});
    holder.child.kill();
    await holder.child.status;
  }
});
