// `phone ta` on a phone without a sound card, in tmux, driven from the keyboard as a person
// would: space lifts the "handset", keys dial a quick dial, the called phone rings and
// answers, space hangs up, q quits; the quick dial came from the TA's stored phone book.
import assert from "node:assert/strict";
import { openLine } from "../../runtime/audio/registry.ts";
import { Phone, type PhoneState } from "../../runtime/phone/phone.ts";
import { UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { TaStore } from "../../runtime/ta/store.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function tmux(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command("tmux", {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(`tmux ${args.join(" ")}: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout);
}

async function waitForScreen(session: string, pattern: RegExp, ms = 30000): Promise<string> {
  const start = Date.now();
  let text = "";
  while (Date.now() - start < ms) {
    text = await tmux("capture-pane", "-p", "-t", session).catch(() => text);
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${session}: no ${pattern} on screen:\n${text}`);
}

async function until(states: PhoneState[], state: PhoneState, ms = 30000): Promise<void> {
  const start = Date.now();
  while (!states.includes(state) && Date.now() - start < ms) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(states.includes(state), `no ${state} in ${states}`);
}

Deno.test({
  name: "phone ta from the keyboard (no sound card): lift, quick dial, talk, hang up, quit",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "phone-ta-keys-" });
    const session = `phone-ta-${Deno.pid}`;
    const calleePort = 20000 + Math.floor(Math.random() * 20000);
    const taPort = calleePort + 1;
    const store = TaStore.open(`${dir}/ta.sqlite`);
    store.addEntry({
      name: "Bob",
      number: "",
      quick: "5",
      url: `iphone://127.0.0.1:${calleePort}/0`,
    });
    store.close();
    const callee = await Phone.create({
      line: await openLine({ kind: "null", frameMs: 10 }),
      transports: new UdpTransports(),
      listen: { address: "127.0.0.1", port: calleePort },
    });
    const states: PhoneState[] = [];
    callee.onEvent((e) => e.type === "state" && states.push(e.state));
    await callee.listen();
    const running = callee.run();
    try {
      await tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "160",
        "-y",
        "40",
        Deno.execPath(),
        "run",
        "-A",
        MAIN,
        "ta",
        "-s",
        "null",
        "--keyboard",
        "--data",
        `${dir}/ta.sqlite`,
        "--http-port",
        "0",
        "--port",
        String(taPort),
        "--bind",
        "127.0.0.1",
      );
      await waitForScreen(session, /keys: space lift/);
      await tmux("send-keys", "-t", session, "Space");
      await waitForScreen(session, /status idle dialtone/);
      await tmux("send-keys", "-t", session, "5", "#");
      await until(states, "ringing");
      callee.answer();
      await waitForScreen(session, /status connected connected 127\.0\.0\.1:\d+/);
      await tmux("send-keys", "-t", session, "Space"); // hang up
      await until(states, "ended");
      await waitForScreen(session, /status idle idle/);
      await tmux("send-keys", "-t", session, "q");
      const start = Date.now();
      while (Date.now() - start < 10000) {
        if (!(await tmux("has-session", "-t", session).then(() => true, () => false))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // The call is in the stored history after the TA has exited.
      const after = TaStore.open(`${dir}/ta.sqlite`);
      try {
        const [call] = after.calls();
        assert.equal(call?.direction, "out");
        assert.equal(call?.dialed, "5#");
      } finally {
        after.close();
      }
    } finally {
      await tmux("kill-session", "-t", session).catch(() => {});
      await callee.close();
      await running;
      await Deno.remove(dir, { recursive: true });
    }
  },
});
