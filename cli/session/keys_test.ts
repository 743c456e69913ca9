import assert from "node:assert/strict";
import { handleKey } from "./keys.ts";
import type { Controls } from "./status_view.ts";
import { screenLines } from "./status_view.ts";
import type { Phone } from "../../runtime/phone/phone.ts";

// Dialing touches no phone method: a stand-in that fails if anything is called.
const phone = new Proxy({}, {
  get: () => {
    throw new Error("the phone was used while dialing");
  },
}) as unknown as Phone;

Deno.test("d dials from the listening screen: type, erase, Enter calls; Esc cancels", () => {
  const controls: Controls = { muted: false, volume: 1, jitterMaxMs: 200 };
  const dialed: string[] = [];
  const press = (keys: string) => {
    for (const k of keys) handleKey(k, phone, controls, () => {}, (t) => dialed.push(t));
  };
  press("d127.0.0.2x\x7f");
  assert.equal(controls.dialing, "127.0.0.2");
  const screen = screenLines({ state: "idle", dropped: zero() }, controls, []);
  assert.match(screen.at(-1)!, /^dial: 127\.0\.0\.2_/);
  press(":10000\r");
  assert.deepEqual(dialed, ["127.0.0.2:10000"]);
  assert.equal(controls.dialing, undefined);
  press("dabc\x1b"); // typed digits and letters are the target, not DTMF or keys
  assert.deepEqual([dialed.length, controls.dialing], [1, undefined]);
});

function zero() {
  return { malformed: 0, foreign: 0, late: 0, duplicate: 0, refused: 0, rateLimited: 0 };
}
