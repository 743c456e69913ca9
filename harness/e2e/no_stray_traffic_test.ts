// A phone talks to nothing it was not asked to: two `deno task phone` processes (started
// with an empty environment, a fresh Deno cache dir, and a default route out of their
// namespace, so an update check or a stray lookup would leave and be seen) place a call
// while tshark records every packet on every interface of the caller's namespace. Only
// the call itself (UDP between the two phones, its ICMP) and neighbour discovery may
// appear. Needs root (CI runs as root).
import assert from "node:assert/strict";
import { withNetnsPair } from "../hosts/netns.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("a call between two phones: no packet but the call's own leaves the namespace", async () => {
  await withNetnsPair(async ({ a, b }) => {
    // Anything not for the peer would be routed out of veth0 (and captured) rather than
    // failing at once for want of a route.
    await a.run("ip", ["route", "add", "default", "via", b.ipv4]);
    await a.run("ip", ["-6", "route", "add", "default", "via", b.ipv6]);
    const dir = await Deno.makeTempDir();
    try {
      const pcap = `${dir}/a.pcap`;
      const capture = a.spawn("dumpcap", ["-q", "-i", "any", "-w", pcap]);
      await new Promise((r) => setTimeout(r, 1500)); // dumpcap up
      const env = [
        "env",
        "-i",
        `PATH=${Deno.env.get("PATH")}`,
        `HOME=${dir}`,
        `DENO_DIR=${dir}/deno`,
        "sh",
        "-c",
      ];
      const phone = (args: string) =>
        `cd ${ROOT} && ./node_modules/.bin/deno task phone ${args} -s null --plain`;
      const callee = b.spawn(env[0], [
        ...env.slice(1),
        phone(`listen -a --bind ${b.ipv4} --duration 12`),
      ]);
      await new Promise((r) => setTimeout(r, 4000));
      const caller = a.spawn(env[0], [...env.slice(1), phone(`call ${b.ipv4} --duration 3`)]);
      const callerOut = await caller.output();
      await callee.status;
      capture.kill("SIGINT");
      await capture.status;
      const text = new TextDecoder().decode(callerOut.stdout);
      assert.match(text, /connected/, `the call happened:\n${text}`);
      const shown = await a.run("tshark", [
        "-r",
        pcap,
        "-T",
        "fields",
        "-e",
        "frame.protocols",
        "-e",
        "ip.src",
        "-e",
        "ip.dst",
        "-e",
        "ipv6.dst",
      ]);
      const lines = shown.stdout.trim().split("\n").filter(Boolean);
      const peers = new Set([a.ipv4, b.ipv4]);
      const stray = lines.filter((line) => {
        const [protocols, src, dst, dst6] = line.split("\t");
        if (/\b(arp|icmpv6)\b/.test(protocols) && !/udp/.test(protocols)) return false; // neighbours
        if (dst6 && /^ff02::/.test(dst6)) return false; // IPv6 multicast housekeeping (MLD, RS)
        // An ICMP error quotes the packet it is about: every address must be a phone's.
        const addresses = [...src.split(","), ...dst.split(",")].filter(Boolean);
        return !(addresses.length && addresses.every((x) => peers.has(x)));
      });
      console.log(`  ${lines.length} packets captured, ${stray.length} not the call's: ${stray}`);
      assert.ok(lines.length > 50, `the capture saw the call (${lines.length} packets)`);
      assert.deepEqual(stray, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
