// iphone: links as a browser opens them: `phone install-handler` writes the desktop entry
// and registers it with xdg-mime; then `xdg-open iphone://...` (what a browser runs for a
// scheme it does not handle) starts `phone call URL` in a terminal, and the phone named by
// the link rings. The terminal emulator is a stand-in script (no display here).
import assert from "node:assert/strict";
import { openLine } from "../../runtime/audio/registry.ts";
import { Phone, type PhoneState } from "../../runtime/phone/phone.ts";
import { UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { DESKTOP_FILE, desktopEntry, thisPhoneCommand } from "./handler.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

Deno.test("desktop entry: Exec quotes what needs quoting and ends in call %u", () => {
  const entry = desktopEntry(["/opt/my phone/deno", "run", "-A", "/x/main.ts"]);
  assert.match(entry, /^Exec="\/opt\/my phone\/deno" run -A \/x\/main\.ts call %u$/m);
  assert.match(entry, /^MimeType=x-scheme-handler\/iphone;$/m);
  // The desktop's environment has no DENO_NO_UPDATE_CHECK: the entry sets it.
  assert.match(
    desktopEntry(thisPhoneCommand()),
    /^Exec=env DENO_NO_UPDATE_CHECK=1 \S+deno run -A /m,
  );
});

Deno.test({
  name: "xdg-open of an iphone: link runs phone call, and the linked phone rings",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "phone-handler-" });
    const env = {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: home,
      XDG_DATA_HOME: `${home}/data`,
      XDG_CONFIG_HOME: `${home}/config`,
      XDG_STATE_HOME: `${home}/state`,
      DENO_NO_UPDATE_CHECK: "1",
      // A graphical session, as a browser has; the terminal is a script that runs the command.
      WAYLAND_DISPLAY: "wayland-test",
      TERMINAL: `${home}/terminal`,
    };
    await Deno.writeTextFile(
      `${home}/terminal`,
      `#!/bin/sh\n[ "$1" = "-e" ] && shift\necho "$*" > "${home}/ran"\nexec "$@" < /dev/null\n`,
    );
    await Deno.chmod(`${home}/terminal`, 0o755);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const callee = await Phone.create({
      line: await openLine({ kind: "null", frameMs: 10 }),
      transports: new UdpTransports(),
      listen: { address: "127.0.0.1", port },
    });
    const states: PhoneState[] = [];
    callee.onEvent((e) => e.type === "state" && states.push(e.state));
    await callee.listen();
    const running = callee.run();
    let opener: Deno.ChildProcess | undefined;
    try {
      const install = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", MAIN, "install-handler"],
        env,
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(install.success, new TextDecoder().decode(install.stderr));
      const query = await new Deno.Command("xdg-mime", {
        args: ["query", "default", "x-scheme-handler/iphone"],
        env,
        clearEnv: true,
        stdout: "piped",
      }).output();
      assert.equal(new TextDecoder().decode(query.stdout).trim(), DESKTOP_FILE);

      // setsid: the handler and its phone form a group the test can end as a whole.
      opener = new Deno.Command("setsid", {
        args: ["xdg-open", `iphone://127.0.0.1:${port}/0`],
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).spawn();
      const start = Date.now();
      while (!states.includes("ringing") && Date.now() - start < 30000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(states.includes("ringing"), `the linked phone never rang: ${states}`);
      assert.match(
        await Deno.readTextFile(`${home}/ran`),
        / call iphone:\/\/127\.0\.0\.1:\d+\/0$/m,
      );
    } finally {
      if (opener) {
        try {
          Deno.kill(-opener.pid, "SIGTERM");
        } catch { /* already gone */ }
        await opener.stderr.cancel();
        await opener.status;
      }
      await callee.close();
      await running;
      await Deno.remove(home, { recursive: true });
    }
  },
});
