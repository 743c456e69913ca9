/**
 * The self-call of `phone demo` (see `demo.ts`), loaded only when the demo runs.
 * @module
 */
import { findCodec, UnknownCodecError } from "../../runtime/codecs/mod.ts";
import { openLine } from "../../runtime/audio/registry.ts";
import { parseWav } from "../../runtime/audio/wav.ts";
import { Phone, type PhoneEvent, type PhoneState } from "../../runtime/phone/phone.ts";
import { UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { envelopeMatch, windowedCorrelation } from "../../runtime/dsp/signal_compare.ts";
import { dynamicTypesOf, ownSessionUrl } from "../../runtime/phone/own_url.ts";
import { UsageError } from "../errors.ts";
import { eventLine } from "../session/status_view.ts";
import { LINE_FRAME_MS } from "../session/open_line.ts";

const SAMPLE = new URL("../assets/hello.wav", import.meta.url).pathname;

/** How the demo is run. */
export interface DemoOptions {
  codec: string;
  out: string;
  input?: string;
}

async function demoPhone(
  line: Parameters<typeof Phone.create>[0]["line"],
  codec: string,
  port: number,
) {
  const codecs = [findCodec(codec)];
  return await Phone.create({
    line,
    transports: new UdpTransports(),
    codecs,
    dynamicTypes: dynamicTypesOf(codecs),
    listen: { address: "127.0.0.1", port },
    autoAnswer: true,
  });
}

function logger(who: string) {
  return (e: PhoneEvent) => {
    if (e.type === "signaling" && e.event.type === "transition" && e.event.machine === "listener") {
      return;
    }
    console.log(`  ${who.padEnd(6)} ${eventLine(e)}`);
  };
}

function waitFor(states: PhoneState[], state: PhoneState, ms: number): Promise<boolean> {
  const start = Date.now();
  return new Promise((resolve) => {
    const check = () => {
      if (states.includes(state)) resolve(true);
      else if (Date.now() - start > ms) resolve(false);
      else setTimeout(check, 20);
    };
    check();
  });
}

/** Runs the demo; returns a summary line. */
export async function runDemo(o: DemoOptions): Promise<string> {
  try {
    findCodec(o.codec);
  } catch (e) {
    if (e instanceof UnknownCodecError) throw new UsageError(e.message);
    throw e;
  }
  const input = o.input ?? SAMPLE;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const callee = await demoPhone(
    await openLine({ kind: "file", output: o.out, frameMs: LINE_FRAME_MS }),
    o.codec,
    port,
  );
  const caller = await demoPhone(
    await openLine({ kind: "file", input, frameMs: LINE_FRAME_MS }),
    o.codec,
    port + 1,
  );
  const calleeStates: PhoneState[] = [];
  callee.onEvent((e) => e.type === "state" && calleeStates.push(e.state));
  callee.onEvent(logger("callee"));
  caller.onEvent(logger("caller"));
  await callee.listen();
  const calleeRun = callee.run();
  const url = ownSessionUrl("127.0.0.1", port, [findCodec(o.codec)]);
  console.log(`callee listening at ${url}; caller plays ${input}`);
  const callerRun = caller.run();
  try {
    await caller.call(url);
    await callerRun; // the caller's microphone (the sample) has run out
    caller.hangUp();
    await waitFor(calleeStates, "ended", 2000);
  } finally {
    await caller.close();
    await callee.close();
    await Promise.all([callerRun, calleeRun]);
  }
  return await summary(input, o.out, o.codec);
}

async function summary(input: string, out: string, codec: string): Promise<string> {
  const sent = parseWav(await Deno.readFile(input), input).samples;
  const heard = parseWav(await Deno.readFile(out), out).samples;
  const { correlation, delayMs } = envelopeMatch(sent, heard);
  // Waveform match only means something for waveform codecs; vocoders keep the sound only.
  const windows = windowedCorrelation(sent, heard, 800, 4000).filter((w) => w.correlation > 0.5);
  const intact = windows.filter((w) => w.correlation > 0.9).length;
  return `recorded ${
    (heard.length / 8000).toFixed(1)
  } s to ${out} (${codec}), ${delayMs} ms behind ` +
    `the caller; loudness contour matches the original at ${correlation.toFixed(2)}, ` +
    `waveform intact in ${intact} of ${windows.length} voiced 0.1 s windows.\n` +
    `Listen with: aplay ${out}   (or: play ${out})`;
}
