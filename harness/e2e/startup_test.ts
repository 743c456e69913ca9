/**
 * Start-up on a clean network (issue 16, item 4): two phones call each other over
 * loopback in PCMU, and the callee's recording of the caller's first seconds of real
 * speech is bit-exact, frame for frame, to what PCMU makes of them. The jitter buffer may
 * move its delay only in pauses; time-scaling or concealment inside speech shows as a
 * damaged frame. Load can still delay a packet past its playout time now and then, so
 * the test asks for 95 % of the voiced frames, not all.
 * @module
 */
import assert from "node:assert/strict";
import { Phone, type PhoneState } from "../../runtime/phone/phone.ts";
import { UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { openLine } from "../../runtime/audio/registry.ts";
import { encodeWav, parseWav } from "../../runtime/audio/wav.ts";
import { findCodec } from "../../runtime/codecs/mod.ts";
import { ownSessionUrl } from "../../runtime/phone/own_url.ts";
import { readVectorPcm } from "../vectors.ts";
import { exactFrames } from "./exact_frames.ts";

const SECONDS = 4;
const JUDGED_SECONDS = 2;

async function phone(line: Parameters<typeof Phone.create>[0]["line"], port: number) {
  const p = await Phone.create({
    line,
    transports: new UdpTransports(),
    codecs: [findCodec("pcmu")],
    listen: { address: "127.0.0.1", port },
    autoAnswer: true,
  });
  const states: PhoneState[] = [];
  p.onEvent((e) => e.type === "state" && states.push(e.state));
  return { p, states };
}

async function until(what: () => boolean, ms: number, label: string) {
  const start = Date.now();
  while (!what()) {
    if (Date.now() - start > ms) throw new Error(`no ${label} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("start-up: a loopback call plays the caller's first seconds of speech bit-exact", async () => {
  const speech = (await readVectorPcm("inputs/speech_a.pcm")).subarray(0, SECONDS * 8000);
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/said.wav`, encodeWav(speech));
  const port = 20000 + 2 * Math.floor(Math.random() * 19999);
  const callee = await phone(
    await openLine({ kind: "file", output: `${dir}/heard.wav`, frameMs: 10 }),
    port,
  );
  const caller = await phone(
    await openLine({ kind: "file", input: `${dir}/said.wav`, frameMs: 10 }),
    port + 1,
  );
  await callee.p.listen();
  const calleeRun = callee.p.run();
  const callerRun = caller.p.run();
  try {
    await caller.p.call(ownSessionUrl("127.0.0.1", port, [findCodec("pcmu")]));
    await callerRun; // the caller's microphone (the speech) has run out
    assert.ok(callee.states.includes("talking"), `callee states: ${callee.states}`);
    caller.p.hangUp();
    await until(() => callee.states.includes("ended"), 10_000, "hang-up at the callee");
  } finally {
    await caller.p.close();
    await callee.p.close();
    await Promise.all([callerRun, calleeRun]);
  }
  const heard = parseWav(await Deno.readFile(`${dir}/heard.wav`)).samples;
  await Deno.remove(dir, { recursive: true });
  const pcmu = findCodec("pcmu");
  const enc = await pcmu.createEncoder(), dec = await pcmu.createDecoder();
  const reference = dec.decode(enc.encode(speech));
  enc.close();
  dec.close();
  const first = exactFrames(reference, heard, { frames: JUDGED_SECONDS * 100 });
  assert.ok(first.voiced >= 80, `only ${first.voiced} voiced frames in the speech`);
  assert.ok(
    first.exact >= 0.95 * first.voiced,
    `first ${JUDGED_SECONDS} s: ${first.exact} of ${first.voiced} voiced frames bit-exact\n${first.map}`,
  );
  // The rest of the call is reported, not judged: later stalls of a loaded machine are
  // the network's doing, not start-up's.
  const all = exactFrames(reference, heard);
  console.log(
    `bit-exact voiced frames: first ${JUDGED_SECONDS} s ${first.exact}/${first.voiced}, ` +
      `all ${SECONDS} s ${all.exact}/${all.voiced}`,
  );
});
