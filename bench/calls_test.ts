import assert from "node:assert/strict";
import { runPair } from "./calls.ts";

// The many-call case in CI: 200 calls between two processes through the whole media path
// (sockets on the epoll reactor, RTP, jitter buffer, codec, call engine). Outcomes only:
// every process finishes, every call's packets flow both ways, almost nothing is lost even
// on a loaded machine; real-time margins are the bench's business.
Deno.test("200 G.711 calls between two processes: both finish, voice flows both ways", async () => {
  const peer = new URL("./calls_peer.ts", import.meta.url).pathname;
  const [a, b] = await runPair(Deno.execPath(), ["run", "-A", peer, "200", "3", "pcmu", "4"]);
  for (const [from, to] of [[a, b], [b, a]]) {
    assert.equal(from.calls, 200);
    // Under load the engine skips ticks it cannot catch up on, so only a floor is asserted.
    assert.ok(from.allSent >= 200 * 5, `packets were sent (${from.allSent})`);
    assert.ok(
      to.allReceived >= 0.95 * from.allSent,
      `${to.allReceived} of ${from.allSent} packets arrived`,
    );
    assert.ok(to.played > 0, "received voice was played out");
  }
});
