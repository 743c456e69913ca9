/**
 * `deno task bench bridged [--lines 2,4,8] [--seconds S]`: Internet <-> PSTN calls bridged by
 * one gateway process (`bridged_gateway.ts`: N emulated LineJACK lines on one well-known
 * port, FreeRADIUS authorising by address), N callers in this process dialling the number as
 * RFC 4733 events; once all are answered, the gateway's CPU is measured for S seconds. Side
 * by side in the same run: the minimal C call loop of `bench calls` (`native/calls_native.c`:
 * recv, spandsp G.711, speexdsp jitter buffer, PLC, send per call) with N calls, the cost of
 * one end of a call in C. A bridged call does that work once (the Internet leg) plus the
 * line's (card frames both ways, DTMF and call-progress listening), so the ratio says what the
 * gateway costs over a bare C media loop. The machine is shared: read the ratios.
 * @module
 */
import { buildNative } from "./native.ts";
import { runPair } from "./calls.ts";
import { printTable } from "./report.ts";
import { numberOption, parseBenchArgs, stringOption } from "./options.ts";
import type { BridgedResult } from "./bridged_gateway.ts";
import { testVoice } from "../harness/e2e/test_signal.ts";
import { openLine } from "../runtime/audio/registry.ts";
import { encodeWav } from "../runtime/audio/wav.ts";
import { Phone } from "../runtime/phone/phone.ts";
import { softwareTones } from "../runtime/phone/software_tones.ts";
import { UdpTransports } from "../runtime/phone/udp_transport.ts";

class Child {
  readonly #process: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reader: ReadableStreamDefaultReader<string>;
  #text = "";

  constructor(args: string[]) {
    this.#process = new Deno.Command(Deno.execPath(), {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
      env: { DENO_NO_UPDATE_CHECK: "1" },
    }).spawn();
    this.#writer = this.#process.stdin.getWriter();
    this.#reader = this.#process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  }

  async line(): Promise<string> {
    while (!this.#text.includes("\n")) {
      const { value, done } = await this.#reader.read();
      if (done) throw new Error("the gateway process ended early (see its error above)");
      this.#text += value;
    }
    const at = this.#text.indexOf("\n");
    const line = this.#text.slice(0, at);
    this.#text = this.#text.slice(at + 1);
    return line;
  }

  send(line: string): Promise<void> {
    return this.#writer.write(new TextEncoder().encode(line + "\n"));
  }

  async finish(): Promise<void> {
    await this.send("EXIT").catch(() => {});
    await this.#writer.close().catch(() => {});
    this.#reader.releaseLock();
    await this.#process.stdout.cancel().catch(() => {});
    await this.#process.status;
  }
}

async function bridged(lines: number, seconds: number): Promise<BridgedResult> {
  const gateway = new Child([
    "run",
    "-A",
    new URL("./bridged_gateway.ts", import.meta.url).pathname,
    String(lines),
  ]);
  const dir = await Deno.makeTempDir({ prefix: "bench-bridged-callers-" });
  const callers: Phone[] = [];
  const running: Promise<void>[] = [];
  try {
    const ready = await gateway.line();
    if (!ready.startsWith("READY ")) throw new Error(`unexpected "${ready.slice(0, 60)}"`);
    const port = Number(ready.slice(6));
    const tones = await softwareTones("us");
    for (let i = 0; i < lines; i++) {
      await Deno.writeFile(`${dir}/say${i}.wav`, encodeWav(testVoice(5, 300 + 10 * i)));
      const phone = await Phone.create({
        line: await openLine({ kind: "file", input: `${dir}/say${i}.wav`, loop: true }),
        transports: new UdpTransports(),
        tones,
        dtmf: { method: "rfc4733" },
      });
      callers.push(phone);
      running.push(phone.run());
      await phone.call(`iphone://127.0.0.1:${port}/0&a=dtmf:5251234%23`);
      // One at a time: a new caller reaches a line that is still listening.
      const answered = await gateway.line();
      if (answered !== `ANSWERED ${i + 1}`) throw new Error(`expected answer, got "${answered}"`);
    }
    await gateway.send("GO");
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await gateway.send("STOP");
    const result = JSON.parse(await gateway.line()) as BridgedResult;
    for (const phone of callers) phone.hangUp();
    tones.close();
    return result;
  } finally {
    for (const phone of callers) await phone.close();
    await Promise.all(running);
    await gateway.finish();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Entry point. */
export async function run(args: string[]): Promise<void> {
  const o = parseBenchArgs("bridged", args, {
    lines: stringOption("2,4,8"),
    seconds: numberOption(10, 2, 600),
  });
  const steps = o.lines.split(",").map(Number);
  if (steps.some((n) => !(Number.isInteger(n) && n >= 1 && n <= 16))) {
    throw new Error(`--lines ${o.lines}: whole numbers 1..16 (the emulator's cards)`);
  }
  const native = await buildNative("calls_native", ["spandsp", "speexdsp"]);
  console.log(
    `bridged calls through one gateway process, ${o.seconds} s per step, PCMU 20 ms; beside the ` +
      `C call loop with as many calls, in the same run; measured on a shared machine under load ` +
      `from other work: compare the ratios, not the absolute numbers`,
  );
  const header = [
    "calls",
    "gateway CPU ms/call-s",
    "C loop ms/call-s",
    "gateway vs C",
    "gateway core",
    "card frames lost",
    "concealed",
  ];
  const table: string[][] = [];
  for (const n of steps) {
    const g = await bridged(n, o.seconds);
    const [a, b] = await runPair(native, [String(n), String(o.seconds)]);
    const gateway = g.cpuMs / (g.answered * g.activeMs / 1000);
    const c = ((a.cpuMs / (n * a.activeMs / 1000)) + (b.cpuMs / (n * b.activeMs / 1000))) / 2;
    const row = [
      String(g.answered),
      gateway.toFixed(3),
      c.toFixed(3),
      `${(gateway / c).toFixed(1)}x`,
      (g.cpuMs / g.activeMs).toFixed(2),
      String(g.cardFramesLost),
      `${(100 * g.concealed).toFixed(2)} %`,
    ];
    table.push(row);
    console.error(header.map((h, i) => `${h}=${row[i]}`).join(" "));
  }
  printTable(header, table);
}
