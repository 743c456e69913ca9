import assert from "node:assert/strict";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

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
    throw new Error(`not seen; events: ${JSON.stringify(events.map((e) => e.state ?? e.type))}`);
  };
  return { child, events, send, waitFor, writer };
}

const state = (s: string) => (e: Record<string, unknown>) => e.type === "state" && e.state === s;

Deno.test("headless phones are driven by commands on stdin: answer, dtmf, hangup, quit", async () => {
  const port = String(20000 + Math.floor(Math.random() * 20000));
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
