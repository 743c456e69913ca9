// Two phones on their interactive screens, in tmux, driven as a person would:
// dial, see it ring, answer with a key, talk, hang up with a key, quit.
import assert from "node:assert/strict";
import { parseWav } from "../../runtime/audio/wav.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const HELLO = new URL("../assets/hello.wav", import.meta.url).pathname;
// The caller's screen while ringing and once answered, saved for review (text, as shown).
const SHOTS = new URL("../../build/screenshots/", import.meta.url).pathname;

async function saveScreen(name: string, text: string): Promise<void> {
  await Deno.mkdir(SHOTS, { recursive: true });
  await Deno.writeTextFile(`${SHOTS}${name}`, text);
  console.log(`  screen saved: build/screenshots/${name}`);
}

async function tmux(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command("tmux", {
    args,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (code !== 0) throw new Error(`tmux ${args.join(" ")}: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout);
}

const screen = (session: string) => tmux("capture-pane", "-p", "-t", session);

async function waitForScreen(session: string, pattern: RegExp, ms = 8000): Promise<string> {
  const start = Date.now();
  let text = "";
  while (Date.now() - start < ms) {
    text = await screen(session).catch(() => text);
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${session}: no ${pattern} on screen:\n${text}`);
}

async function sessionGone(session: string, ms = 5000): Promise<boolean> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (!(await tmux("has-session", "-t", session).then(() => true, () => false))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

Deno.test("two phones on their screens: ring, answer with a, DTMF, hang up with h, quit with q", async () => {
  const id = `phone${Deno.pid}`;
  const [callee, caller] = [`${id}-callee`, `${id}-caller`];
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const dir = await Deno.makeTempDir();
  const deno = Deno.execPath();
  const start = (name: string, args: string[]) =>
    tmux(
      "new-session",
      "-d",
      "-s",
      name,
      "-x",
      "200", // wide enough that no live figure is dropped (the layout has its own tests)
      "-y",
      "20",
      deno,
      "run",
      "-A",
      MAIN,
      ...args,
    );
  try {
    await start(callee, [
      "listen",
      "--port",
      port,
      "--bind",
      "127.0.0.1",
      "--record",
      `${dir}/heard.wav`,
    ]);
    await waitForScreen(callee, /state IDLE/);
    // --loop: the call lasts until h, however long the ringing took on a loaded machine.
    await start(caller, ["call", `127.0.0.1:${port}`, "--file", HELLO, "--loop"]);
    await waitForScreen(callee, /state RINGING\s+peer 127\.0\.0\.1:\d+\s+codec pcmu/);
    // The caller hears ring-back: RINGING, no call time yet.
    const ringing = await waitForScreen(
      caller,
      /state RINGING\s+peer 127\.0\.0\.1:\d+\s+codec pcmu/,
      10000,
    );
    assert.doesNotMatch(ringing, /time \d/);
    await saveScreen("caller-screen-ringing.txt", ringing);
    await tmux("send-keys", "-t", callee, "a");
    await waitForScreen(callee, /state TALKING/);
    // The callee says nothing: the caller hears ring-back stop, then counts the call time.
    await waitForScreen(
      caller,
      /state TALKING\s+peer 127\.0\.0\.1:\d+\s+codec pcmu\s+time 0:\d\d/,
      30000, // ring-back stopped: up to 5 s of heard audio after the answer
    );
    await saveScreen(
      "caller-screen-talking.txt",
      await waitForScreen(caller, /talking \(answered: ring-back (cut short|stopped)\)/),
    );
    const talking = await waitForScreen(caller, /received [1-9]\d{2,}/); // hundreds of packets
    assert.match(talking, /a answer\s+h hang up/);
    await tmux("send-keys", "-t", caller, "5");
    await waitForScreen(caller, /dtmf sent 5/);
    await waitForScreen(callee, /dtmf received 5/); // in-band, through PCMU and back
    await tmux("send-keys", "-t", caller, "h");
    await waitForScreen(callee, /state ENDED[\s\S]*\(port-unreachable\)/);
    assert.ok(await sessionGone(caller), "the caller's program ends after its call");
    await tmux("send-keys", "-t", callee, "h");
    await waitForScreen(callee, /state IDLE/);
    await tmux("send-keys", "-t", callee, "q");
    assert.ok(await sessionGone(callee), "q quits");
    const heard = parseWav(await Deno.readFile(`${dir}/heard.wav`)).samples;
    assert.ok(heard.some((s) => Math.abs(s) > 2000), "the callee heard the caller speak");
  } finally {
    await tmux("kill-session", "-t", caller).catch(() => {});
    await tmux("kill-session", "-t", callee).catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});
