/**
 * Interoperability with FFmpeg over RTP, both ways, on loopback: FFmpeg's RTP muxer calls
 * the phone (it streams to the well-known port; the phone rings, answers and records), and
 * the phone calls FFmpeg's RTP demuxer (reading an SDP file), in PCMU and in L16/8000 under
 * dynamic payload type 97. DVI4 is not tested here: FFmpeg's RTP muxer refuses every IMA
 * ADPCM codec ("Unsupported codec adpcm_ima_wav") and its demuxer maps payload type 5 to no
 * decoder; DVI4 is checked bit for bit against spandsp instead (runtime/codecs/dvi4_test.ts).
 * @module
 */
import assert from "node:assert/strict";
import { Phone, type PhoneState } from "../../runtime/phone/phone.ts";
import { UdpTransports } from "../../runtime/phone/udp_transport.ts";
import { openLine } from "../../runtime/audio/registry.ts";
import { encodeWav, parseWav } from "../../runtime/audio/wav.ts";
import { findCodec } from "../../runtime/codecs/mod.ts";
import { heardWindows, testVoice } from "./test_signal.ts";

const FORMATS = [
  // 20 ms packets: 160 octets of PCMU, 320 of L16, after the 12-octet RTP header.
  {
    name: "PCMU",
    codec: "pcmu",
    type: 0,
    ffmpegCodec: "pcm_mulaw",
    rtpmap: "PCMU/8000",
    size: 172,
  },
  {
    name: "L16",
    codec: "l16",
    type: 97,
    ffmpegCodec: "pcm_s16be",
    rtpmap: "L16/8000/1",
    size: 332,
  },
] as const;

// An even port in 20000-39998 (RTP wants even, FFmpeg takes port + 1 for RTCP).
function randomPort(): number {
  return 20000 + 2 * Math.floor(Math.random() * 9999);
}

function ffmpeg(args: string[]): Deno.ChildProcess {
  return new Deno.Command("ffmpeg", {
    args: ["-hide_banner", "-loglevel", "error", "-nostdin", ...args],
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

async function phoneOn(dir: string, input: string, dynamic?: [number, string]) {
  const line = await openLine({
    kind: "file",
    input,
    output: `${dir}/phone-heard.wav`,
    loop: true,
    frameMs: 10,
  });
  const phone = await Phone.create({
    line,
    transports: new UdpTransports(),
    listen: { address: "127.0.0.1", port: randomPort() },
    autoAnswer: true,
    dynamicTypes: dynamic ? new Map([[dynamic[0], findCodec(dynamic[1])]]) : undefined,
  });
  const states: PhoneState[] = [];
  phone.onEvent((e) => e.type === "state" && states.push(e.state));
  return { phone, states, running: phone.run(), heard: `${dir}/phone-heard.wav` };
}

/**
 * True when a socket is bound to the UDP port (Linux: /proc/net/udp and udp6). A line is
 * `   sl: LOCAL REMOTE ...`, but `sl` (the hash slot) is printed `%5d:`, so from slot 10000
 * on the line has no leading blank: take the field after the `sl:`, never a fixed index.
 */
export function boundIn(table: string, port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  return table.split("\n").some((line) =>
    line.match(/^\s*\d+:\s+([0-9A-F]+):([0-9A-F]{4})\s/)?.[2] === hex
  );
}

function bound(port: number): boolean {
  return ["/proc/net/udp", "/proc/net/udp6"].some((file) =>
    boundIn(Deno.readTextFileSync(file), port)
  );
}

async function until(what: () => boolean, ms: number, label: string) {
  const start = Date.now();
  while (!what()) {
    if (Date.now() - start > ms) throw new Error(`no ${label} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const f of FORMATS) {
  Deno.test(`ffmpeg's RTP muxer calls the phone in ${f.name}: it rings, answers, hears`, async () => {
    const dir = await Deno.makeTempDir();
    const voice = testVoice(4, 400);
    await Deno.writeFile(`${dir}/voice.wav`, encodeWav(voice));
    await Deno.writeFile(`${dir}/silence.wav`, encodeWav(new Int16Array(8000)));
    const dynamic: [number, string] | undefined = f.type >= 96 ? [f.type, f.codec] : undefined;
    const callee = await phoneOn(dir, `${dir}/silence.wav`, dynamic);
    callee.phone.listen();
    const port = callee.phone.options.listen!.port!;
    const sender = ffmpeg([
      "-re",
      // 20 ms frames, so -re paces them as a phone would (a WAV's default 4096-byte
      // packets leave in bursts of 256 ms of L16, beyond any jitter buffer).
      "-f",
      "lavfi",
      "-i",
      `amovie=${dir}/voice.wav,asetnsamples=n=160:p=0`,
      "-ar",
      "8000",
      "-ac",
      "1",
      "-c:a",
      f.ffmpegCodec,
      "-payload_type",
      String(f.type),
      "-f",
      "rtp",
      `rtp://127.0.0.1:${port}?localport=${randomPort()}&pkt_size=${f.size}`,
    ]);
    try {
      await until(() => callee.states.includes("talking"), 5000, "answer");
      const { code, stderr } = await sender.output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
      assert.equal(callee.phone.stats().codec, f.codec);
    } finally {
      await callee.phone.close();
      await callee.running;
    }
    // The phone's file line skips frames when the machine is loaded: a window may slip.
    const heard = parseWav(await Deno.readFile(callee.heard)).samples;
    const windows = heardWindows(voice, heard, 400);
    const good = windows.filter((c) => c > 0.9).length;
    assert.ok(good >= 10, `${good} of ${windows.length} windows of ffmpeg's voice heard`);
    await Deno.remove(dir, { recursive: true });
  });

  Deno.test(`the phone calls ffmpeg's RTP demuxer in ${f.name}: ffmpeg hears it`, async () => {
    const dir = await Deno.makeTempDir();
    const voice = testVoice(6, 500);
    await Deno.writeFile(`${dir}/voice.wav`, encodeWav(voice));
    const port = randomPort();
    await Deno.writeTextFile(
      `${dir}/in.sdp`,
      [
        "v=0",
        "o=- 0 0 IN IP4 127.0.0.1",
        "s=phone",
        "c=IN IP4 127.0.0.1",
        "t=0 0",
        `m=audio ${port} RTP/AVP ${f.type}`,
        `a=rtpmap:${f.type} ${f.rtpmap}`,
        "",
      ].join("\n"),
    );
    const receiver = ffmpeg([
      "-protocol_whitelist",
      "file,udp,rtp",
      "-i",
      `${dir}/in.sdp`,
      "-t",
      "3",
      "-ar",
      "8000",
      "-ac",
      "1",
      `${dir}/ffmpeg-heard.wav`,
    ]);
    // Until ffmpeg has bound its port, a packet there draws ICMP port unreachable: busy.
    await until(() => bound(port), 20000, "ffmpeg listening").catch(async (e) => {
      receiver.kill();
      const { stderr } = await receiver.output();
      throw new Error(`${e.message}: ${new TextDecoder().decode(stderr)}`);
    });
    const caller = await phoneOn(dir, `${dir}/voice.wav`);
    const url = f.type === 0
      ? `iphone://127.0.0.1:${port}/0`
      : `iphone://127.0.0.1/m=rtp:${port}:${f.type}:${f.rtpmap.replaceAll("/", ":")}`;
    try {
      await caller.phone.call(url);
      const { code, stderr } = await receiver.output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
    } finally {
      await caller.phone.close();
      await caller.running;
    }
    // ffmpeg never answers, so the phone never connected: it streamed all the same.
    assert.equal(caller.states[0], "calling");
    assert.ok(!caller.states.includes("connected"), `${caller.states}`);
    const heard = parseWav(await Deno.readFile(`${dir}/ffmpeg-heard.wav`)).samples;
    // ffmpeg has no jitter buffer and the phone's file microphone skips frames when the
    // machine is loaded: allow each window to slip by up to 400 ms.
    const good = heardWindows(voice, heard, 400).filter((c) => c > 0.9).length;
    assert.ok(good >= 10, `${good} windows of the phone's voice heard by ffmpeg`);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("a bound port is found in /proc/net/udp whatever the width of its hash slot", () => {
  const header = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when ...";
  const table = [
    header,
    " 7590: 0100007F:FBE1 0100007F:C637 01 00000000:00000000 00:00000000 00000000     0",
    "10236: 0100007F:4E20 00000000:0000 07 00000000:00000000 00:00000000 00000000     0",
    "",
  ].join("\n");
  assert.ok(boundIn(table, 0x4e20), "a five-digit slot");
  assert.ok(boundIn(table, 0xfbe1), "a four-digit slot");
  assert.ok(!boundIn(table, 0xc637), "a remote port is not a bound one");
  assert.ok(!boundIn(table, 0), "nor is the remote 0");
});
