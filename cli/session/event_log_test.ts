import assert from "node:assert/strict";
import type { PhoneEvent, PhoneStats } from "../../runtime/phone/phone.ts";
import { eventLevel, FileLog, LevelFilter, parseLogLevel, shows, Tee } from "./event_log.ts";
import type { View } from "./status_view.ts";

const peer = { address: "192.0.2.7", port: 10000 };
const transition = {
  type: "signaling",
  event: { type: "transition", machine: "caller", at: 1, from: "idle", to: "calling" },
} as unknown as PhoneEvent;
const connected: PhoneEvent = { type: "state", state: "connected", peer, codec: "pcmu" };
const ended: PhoneEvent = { type: "state", state: "ended", peer, codec: "pcmu" };

function recorder(): View & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    event: (e) => seen.push(e.type),
    note: (t) => seen.push(`note ${t}`),
    refresh: () => {},
    close: () => {},
  };
}

Deno.test("levels: errors always, state at info, every transition only at debug", () => {
  assert.equal(parseLogLevel("DEBUG"), "debug");
  assert.throws(() => parseLogLevel("loud"), /--log-level must be one of error, warn, info, debug/);
  assert.equal(eventLevel({ type: "error", message: "x" }), "error");
  assert.equal(eventLevel(connected), "info");
  assert.equal(eventLevel(transition), "debug");
  const listening = {
    type: "signaling",
    event: { type: "transition", machine: "listener", at: 1, from: "closed", to: "open" },
  } as unknown as PhoneEvent;
  assert.equal(eventLevel(listening), "info");
  assert.ok(shows("info", "warn") && !shows("info", "debug") && !shows("error", "info"));
  const inner = recorder();
  const info = new LevelFilter(inner, "info");
  info.event(transition);
  info.event(connected);
  info.note("calling 192.0.2.7");
  assert.deepEqual(inner.seen, ["state", "note calling 192.0.2.7"]);
  const quiet = recorder();
  new LevelFilter(quiet, "error").event(connected);
  assert.deepEqual(quiet.seen, []);
});

Deno.test("--log-file appends timestamped lines at its level, with the call's summary", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/phone.log`;
  await Deno.writeTextFile(path, "earlier\n");
  const both = recorder();
  const view = new Tee([both, new FileLog(path, "debug")]);
  view.event(transition);
  view.event(connected);
  view.event({ type: "progress", progress: "talking", cause: "voice" });
  view.refresh({ state: "connected", peer, codec: "pcmu" } as unknown as PhoneStats, {
    muted: false,
    volume: 1,
    jitterMaxMs: 200,
  });
  view.event(ended);
  view.close();
  const lines = (await Deno.readTextFile(path)).trim().split("\n");
  assert.equal(lines[0], "earlier");
  assert.match(lines[1], /^\d{4}-\d\d-\d\dT\S+ debug .*caller: idle -> calling/);
  assert.match(lines[2], /info {2}connected 192\.0\.2\.7:10000 pcmu$/);
  assert.match(lines[3], /info {2}talking \(answered: voice heard\)$/);
  assert.match(lines[5], /info {2}call with 192\.0\.2\.7:10000 ended after 0:00: pcmu/);
  assert.equal(both.seen.length, 4);
  assert.throws(() => new FileLog(`${dir}/no/such/dir/x.log`, "info"), /--log-file .*x\.log/);
  await Deno.remove(dir, { recursive: true });
});
