// The codec commands stream: hundreds of megabytes through a pipe in constant memory (RSS
// sampled from /proc while they run), the same peak for 10 MB as for 200 MB.
// `deno task bench transcode_memory` does the whole gigabyte beside sox.
import assert from "node:assert/strict";
import { streamThrough } from "../../bench/transcode_memory.ts";

const MB = Number(Deno.env.get("TRANSCODE_STREAM_MB") ?? 120);
/** Peak growth allowed from a small input to a large one: garbage between collections. */
const GROWTH_MAX_KB = 32 * 1024;
/** The bound, 100 MB (the runtime with the CLI loaded is ~70-80 MiB by itself). */
const PEAK_MAX_KB = Math.floor(100e6 / 1024);

for (
  const [name, args, ratio] of [
    ["encode pcmu", ["encode", "-c", "pcmu", "-", "-"], 0.5],
    ["decode g726-16", ["decode", "-c", "g726-16", "-", "-"], 8],
  ] as const
) {
  Deno.test(`${name} streams ${MB} MB through pipes in constant memory`, async () => {
    const inBytes = (name.startsWith("decode") ? MB / 8 : MB) * 1e6;
    const small = await streamThrough([...args], inBytes / 20);
    const large = await streamThrough([...args], inBytes);
    console.log(
      `  ${name}: ${(large.inBytes / 1e6).toFixed(0)} MB in, ${
        (large.outBytes / 1e6).toFixed(0)
      } MB out in ${large.seconds.toFixed(1)} s; peak RSS ${
        (large.peakRssKb / 1024).toFixed(1)
      } MiB (${(small.peakRssKb / 1024).toFixed(1)} MiB for a twentieth of it)`,
    );
    assert.equal(large.code, 0, `${name} exit status`);
    assert.equal(large.outBytes, large.inBytes * ratio);
    assert.ok(
      large.peakRssKb - small.peakRssKb < GROWTH_MAX_KB,
      `memory grew with the input: ${small.peakRssKb} -> ${large.peakRssKb} KiB`,
    );
    assert.ok(large.peakRssKb < PEAK_MAX_KB, `peak RSS ${large.peakRssKb} KiB`);
  });
}
