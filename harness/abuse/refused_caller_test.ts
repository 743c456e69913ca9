// A third phone calls a phone that is busy, end to end through the `phone` command: while
// the phone talks, and while it calls out. The third phone exits with the busy code, the
// busy phone's user is told who was refused, and the call in progress goes on untouched.
// Loopback only, ephemeral ports.
import assert from "node:assert/strict";
import { RawCaller } from "./raw_caller.ts";
import { type Listener, startListener, waitForState } from "./listener_process.ts";
import { UdpSocket } from "../../runtime/net/udp_socket.ts";
import { EXIT } from "../../cli/exit_codes.ts";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

/** `phone call TARGET` from 127.0.0.1: its exit code and JSON events. */
async function thirdPhone(target: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "call", target, "--json", "-s", "null"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { DENO_NO_UPDATE_CHECK: "1" },
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000); // generous on a loaded machine
  const { code, stdout } = await child.output();
  clearTimeout(timer);
  const events = new TextDecoder().decode(stdout).split("\n").filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, events };
}

function refusals(phone: Listener): Record<string, unknown>[] {
  return phone.events.filter((e) => e.type === "refused");
}

Deno.test("a call to a phone in a call: the caller gets busy (exit 3), the user is told, the call goes on", async () => {
  const phone = await startListener("127.0.0.1");
  const wk = { address: "127.0.0.1", port: phone.port };
  const b = new RawCaller("127.0.0.2");
  let talking = true;
  try {
    assert.ok(await b.connect(wk, 10_000) !== undefined, "the first call connects");
    const peer = b.peer!;
    const stream = (async () => {
      while (talking) {
        b.send(peer);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await waitForState(phone, ["talking"], 0, 10_000);
    const third = await thirdPhone(`127.0.0.1:${phone.port}`);
    assert.equal(third.code, EXIT.busy, JSON.stringify(third.events.slice(-3)));
    assert.ok(third.events.some((e) => e.type === "state" && e.state === "busy"));
    // The busy phone's user saw who it was, once.
    const told = refusals(phone);
    assert.equal(told.length, 1, JSON.stringify(told));
    assert.equal((told[0].peer as { address: string }).address, "127.0.0.1");
    assert.equal(told[0].because, "in-a-call");
    // The call in progress went on: still streaming both ways, never ended.
    const heard = b.received;
    assert.ok(await b.until(() => b.received > heard + 10, 10_000), "the callee still streams");
    const ended = phone.events.some((e) =>
      e.type === "state" && ["ended", "idle"].includes(String(e.state))
    );
    assert.equal(ended, false, "the call in progress did not end");
    const dropped = await phone.dropped();
    // Counted (more than once only if the caller's next packet came after the 1 s hold).
    assert.ok(dropped.refused >= 1, JSON.stringify(dropped));
    // Once it ends, the phone takes the next call.
    talking = false;
    await stream;
    const mark = phone.events.length;
    b.close();
    await waitForState(phone, ["ended", "idle"], mark, 10_000);
    const next = new RawCaller("127.0.0.3");
    const ms = await next.connect(wk, 10_000);
    next.close();
    assert.ok(ms !== undefined, "the next call connects");
    assert.equal(phone.output.stderr, 0);
  } finally {
    talking = false;
    b.close();
    assert.equal(await phone.stop(), 0);
  }
});

Deno.test("a call to a phone calling out: the caller gets busy (exit 3), the user is told, the outgoing call goes on", async () => {
  const phone = await startListener("127.0.0.1");
  // The phone calls a host that never answers: it stays `calling`.
  const silent = UdpSocket.bind({ address: "127.0.0.4", port: 0 });
  let reached = 0;
  silent.listen((e) => {
    if (e.type === "datagram") reached++;
  });
  try {
    await phone.send(`call 127.0.0.4:${silent.localAddress.port}`);
    await waitForState(phone, ["calling"], 0, 10_000);
    const third = await thirdPhone(`127.0.0.1:${phone.port}`);
    assert.equal(third.code, EXIT.busy, JSON.stringify(third.events.slice(-3)));
    const told = refusals(phone);
    assert.equal(told.length, 1, JSON.stringify(told));
    assert.equal(told[0].because, "calling-out");
    // The outgoing call is still being placed.
    const before = reached;
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(reached > before, "the phone still calls out");
    const states = phone.events.filter((e) => e.type === "state").map((e) => e.state);
    assert.equal(states.at(-1), "calling", String(states));
    assert.equal(phone.output.stderr, 0);
  } finally {
    silent.close();
    assert.equal(await phone.stop(), 0);
  }
});
