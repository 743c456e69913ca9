/**
 * Two terminal adapters with telephones, each its own process on its own host (network
 * namespaces joined by a veth pair), driven as people would: lift, hear dial tone, dial
 * the other's number (found in the other TA's own white pages), the other bell rings, lift,
 * talk, hang up; dial `*`address`#`; a quick dial; an unknown number; a busy TA. Needs root
 * (CI runs as root).
 * @module
 */
import assert from "node:assert/strict";
import { type NamespaceProcess, type Report, withHosts } from "./namespace_process.ts";

const is = (type: string, extra: (r: Report) => boolean = () => true) => (r: Report) =>
  r.type === type && extra(r);
const handset = (state: string) => is("handset", (r) => r.state === state);

async function hears(ta: NamespaceProcess, hz: number, what: string): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < 15000) {
    const r = await ta.ask(`hear ${hz}`, "heard", 15000);
    if (Number(r.share) > 0.4) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${ta.name} never heard ${what} (${hz} Hz)`);
}

Deno.test({
  name: "two TAs in two namespaces: white pages, *address#, quick dial, unknown number, busy",
  ignore: Deno.uid() !== 0,
  async fn() {
    await withHosts(async (hosts) => {
      const { a, b } = hosts.pair;
      const bUrl = `iphone://${b.ipv4}:10000/0`;
      // B's phone book holds B's own number: B's TA is the white pages A asks.
      const taB = hosts.spawn(b, "ta_process.ts", [
        "--bind",
        b.ipv4,
        "--voice",
        "700",
        "--entry",
        `030-555-0107=${bUrl}`,
      ], "ta-b");
      const taA = hosts.spawn(a, "ta_process.ts", [
        "--bind",
        a.ipv4,
        "--voice",
        "300",
        "--whitepages",
        `http://${b.ipv4}:8080/`,
        "--quick",
        `2=${bUrl}`,
      ], "ta-a");
      await taA.waitFor(is("ready"), 30000);
      await taB.waitFor(is("ready"), 30000);

      // By number, through the white pages.
      let fromA = taA.reports.length, fromB = taB.reports.length;
      await taA.send("lift");
      await taA.waitFor(handset("dialtone"), 15000, "dial tone", fromA);
      await hears(taA, 425, "dial tone");
      await taA.send("press 0305550107");
      await taA.send("press #");
      const pressed = await taA.waitFor(is("pressed", (r) => r.keys === "#"), 15000, "#", fromA);
      const bell = await taB.waitFor(is("bell", (r) => r.on === true), 20000, "bell", fromB);
      const dialToRing = Number(bell.at) - Number(pressed.at) + 120; // press waits 120 ms after
      // A's status says ringing while A hears B's ring-back, talking once B answers.
      const ringback = await taA.waitFor(
        is("progress", (r) => r.progress === "ringing"),
        15000,
        "ring-back heard",
        fromA,
      );
      await taB.send("lift");
      await taB.waitFor(handset("connected"), 15000, "answered", fromB);
      await taA.waitFor(handset("connected"), 15000, "connected", fromA);
      const answered = await taA.waitFor(
        is("progress", (r) => r.progress === "talking"),
        15000,
        "the answer heard",
        fromA,
      );
      assert.ok(Number(answered.at) > Number(ringback.at));
      await new Promise((r) => setTimeout(r, 500));
      await taA.send("mark");
      await taB.send("mark");
      await new Promise((r) => setTimeout(r, 3500));
      const heardByA = await taA.ask("voice 700", "voice", 30000);
      const heardByB = await taB.ask("voice 300", "voice", 30000);
      for (const [who, r] of [["A", heardByA], ["B", heardByB]] as const) {
        assert.ok(Number(r.pieces) >= 3 && Number(r.own) <= 1, `${who} heard ${JSON.stringify(r)}`);
      }
      await taA.send("hangup");
      await taB.waitFor(handset("released"), 20000, "released", fromB);
      await taB.send("hangup");
      await taB.waitFor(handset("idle"), 15000, "idle", fromB);
      await taA.waitFor(handset("idle"), 15000, "idle", fromA);
      console.log(
        `dial-to-ring across namespaces (# pressed to the other bell, under load): ` +
          `${dialToRing.toFixed(0)} ms; voice pieces A ${heardByA.pieces}, B ${heardByB.pieces}`,
      );

      // By address, *a*b*c*d#; B does not answer; A gives up.
      fromA = taA.reports.length;
      fromB = taB.reports.length;
      await new Promise((r) => setTimeout(r, 1000)); // A's on-hook guard
      await taA.send("lift");
      await taA.waitFor(handset("dialtone"), 15000, "dial tone", fromA);
      await taA.send(`press *${b.ipv4.replaceAll(".", "*")}#`);
      await taB.waitFor(is("bell", (r) => r.on === true), 20000, "bell (address)", fromB);
      await taA.send("hangup");
      await taB.waitFor(is("bell", (r) => r.on === false), 20000, "bell stops", fromB);

      // Quick dial 2 is B; B is off hook (dialing): B's line is held, so B refuses the call
      // the NOTASIP way (ICMP port unreachable: busy) without ringing or answering, and A
      // hears the busy tone.
      fromA = taA.reports.length;
      fromB = taB.reports.length;
      await new Promise((r) => setTimeout(r, 1000));
      await taB.send("lift");
      await taB.waitFor(handset("dialtone"), 15000, "B dial tone", fromB);
      await taA.send("lift");
      await taA.waitFor(handset("dialtone"), 15000, "dial tone", fromA);
      await taA.send("press 2#");
      const busy = await taA.waitFor(handset("busy"), 15000, "busy", fromA);
      assert.equal(busy.reason, "port-unreachable", JSON.stringify(busy));
      await taB.waitFor(is("refused", (r) => r.peer === a.ipv4), 15000, "refused", fromB);
      await hears(taA, 425, "busy tone");
      const bRang = taB.reports.slice(fromB).filter((r) =>
        (r.type === "state" && r.state === "ringing") || (r.type === "bell" && r.on === true)
      );
      assert.deepEqual(bRang, [], "a busy TA neither rings nor answers");
      assert.equal(
        taA.reports.slice(fromA).some((r) => r.type === "progress"),
        false,
        "A never heard B's ring-back",
      );
      await taA.send("hangup");
      await taB.send("hangup");

      // An unknown number: the intercept tone.
      fromA = taA.reports.length;
      await new Promise((r) => setTimeout(r, 1000));
      await taA.send("lift");
      await taA.waitFor(handset("dialtone"), 15000, "dial tone", fromA);
      await taA.send("press 0309999999#");
      const failed = await taA.waitFor(handset("failed"), 20000, "failed", fromA);
      assert.match(String(failed.reason), /not in the white pages/);
      // The special information tone, all three of its rising tones (not silence).
      await hears(taA, 950, "special information tone (950 Hz)");
      await hears(taA, 1400, "special information tone (1400 Hz)");
      await hears(taA, 1800, "special information tone (1800 Hz)");
      await taA.send("hangup");
      await taA.stop();
      await taB.stop();
    });
  },
});
