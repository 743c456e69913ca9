import assert from "node:assert/strict";
import type { ProbeResult } from "./udp_probe.ts";
import {
  createNetnsPair,
  listTestNamespaces,
  readFirstLine,
  removeStaleNamespaces,
  withNetnsPair,
} from "./netns.ts";

const here = new URL(".", import.meta.url).pathname;
const ECHO = `${here}udp_echo.ts`;
const PROBE = `${here}udp_probe.ts`;

Deno.test("netns: UDP echo across a veth pair over IPv4 and IPv6, and port-unreachable", async () => {
  await withNetnsPair(async ({ a, b }) => {
    const echo = a.spawnDeno(ECHO, [`${a.ipv4}:7000`, `[${a.ipv6}]:7000`]);
    const ready = JSON.parse(await readFirstLine(echo));
    assert.deepEqual(ready, {
      ready: [{ address: a.ipv4, port: 7000 }, { address: a.ipv6, port: 7000 }],
    });
    const probe = await b.spawnDeno(PROBE, [
      "--echo",
      `${a.ipv4}:7000`,
      "--echo",
      `[${a.ipv6}]:7000`,
      "--closed",
      `${a.ipv4}:7001`,
      "--closed",
      `[${a.ipv6}]:7001`,
    ]).output();
    const stderr = new TextDecoder().decode(probe.stderr);
    assert.equal(probe.code, 0, `probe failed: ${stderr}`);
    const results = JSON.parse(new TextDecoder().decode(probe.stdout)) as {
      echo: ProbeResult[];
      closed: ProbeResult[];
    };
    const [echo4, echo6] = results.echo;
    for (const [r, remote, local] of [[echo4, a.ipv4, b.ipv4], [echo6, a.ipv6, b.ipv6]]) {
      const e = (r as ProbeResult).event;
      assert.equal(e.type, "datagram", `no echo from ${remote}: ${JSON.stringify(e)}`);
      if (e.type !== "datagram") continue;
      assert.equal(e.text, `probe ${(r as ProbeResult).target}`);
      assert.equal(e.source.address, remote);
      assert.equal(e.source.port, 7000);
      assert.equal(e.destination?.address, local, "packet info names b's veth address");
    }
    const [closed4, closed6] = results.closed;
    for (const [r, remote, origin] of [[closed4, a.ipv4, "icmp"], [closed6, a.ipv6, "icmp6"]]) {
      const e = (r as ProbeResult).event;
      assert.equal(e.type, "delivery-error", `no ICMP error from ${remote}: ${JSON.stringify(e)}`);
      if (e.type !== "delivery-error") continue;
      assert.equal(e.kind, "port-unreachable");
      assert.equal(e.origin, origin);
      assert.equal(e.destination?.address, remote);
      assert.equal(e.destination?.port, 7001);
      assert.equal(e.reporter?.address, remote, "the other namespace sent the ICMP error");
    }
  });
});

Deno.test("netns: the pair is removed after success and after failure", async () => {
  let names: string[] = [];
  await withNetnsPair(async ({ a, b }) => {
    names = [a.name, b.name];
    const present = await listTestNamespaces();
    assert.ok(names.every((n) => present.includes(n)), "both namespaces exist during the test");
    const link = await a.run("ip", ["-o", "addr", "show", "dev", "veth0"]);
    assert.match(link.stdout, /inet 10\.99\.0\.1\/24/);
    assert.match(link.stdout, /inet6 fd00:99::1\/64/);
  });
  let left = await listTestNamespaces();
  assert.ok(names.every((n) => !left.includes(n)), "removed after success");

  await assert.rejects(
    withNetnsPair(async ({ a, b }) => {
      names = [a.name, b.name];
      a.spawn("sleep", ["30"]); // a process that would keep running
      await a.run("true", []);
      throw new Error("test body failed");
    }),
    /test body failed/,
  );
  left = await listTestNamespaces();
  assert.ok(names.every((n) => !left.includes(n)), "removed after failure");
});

Deno.test("netns: await using removes the pair; stale namespaces of dead processes go", async () => {
  let name = "";
  {
    await using pair = await createNetnsPair();
    name = pair.a.name;
    const ping = await pair.b.run("ip", ["-o", "link", "show", "veth0"]);
    assert.match(ping.stdout, /state UP|LOWER_UP/);
  }
  assert.ok(!(await listTestNamespaces()).includes(name));
  // A namespace named as if created by a process that no longer exists.
  const stale = "sipt-999999999-0-a";
  await new Deno.Command("ip", { args: ["netns", "add", stale] }).output();
  assert.ok((await listTestNamespaces()).includes(stale));
  assert.deepEqual(await removeStaleNamespaces(), [stale]);
  assert.ok(!(await listTestNamespaces()).includes(stale));
});

Deno.test("netns: without root, creating a pair fails with a clear message", async () => {
  // Run the helper as user nobody (setpriv is in util-linux, essential on Debian).
  const denoDir = await Deno.makeTempDir({ prefix: "netns-nobody-" });
  try {
    await Deno.chmod(denoDir, 0o777);
    const module = new URL("./netns.ts", import.meta.url).href;
    const out = await new Deno.Command("setpriv", {
      args: [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        Deno.execPath(),
        "eval",
        "--no-check",
        `import { createNetnsPair } from "${module}"; await createNetnsPair();`,
      ],
      env: { DENO_DIR: denoDir, NO_COLOR: "1" },
      stdin: "null",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.notEqual(out.code, 0);
    assert.match(
      stderr,
      /network namespace tests need root \(uid 0\), this process runs as uid 65534/,
    );
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});
