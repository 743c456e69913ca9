import assert from "node:assert/strict";
import { bundle } from "../../codecs-as/bundle.ts";
import { codecs } from "./registry.ts";

Deno.test("the one-file bundle runs under Node and encodes like the runtime", async () => {
  const path = await bundle();
  const script = `
    import { codecs, findCodec } from ${JSON.stringify(path)};
    const pcm = Int16Array.from({ length: 320 }, (_, i) => (i * 211) % 65536 - 32768);
    const out = {};
    for (const c of codecs) {
      const enc = await c.createEncoder();
      const n = Math.floor(pcm.length / c.frameSamples) * c.frameSamples;
      out[c.name] = Array.from(enc.encode(pcm.subarray(0, n)));
      enc.close();
    }
    console.log(JSON.stringify(out));`;
  const node = await new Deno.Command("node", {
    args: ["--input-type=module", "-e", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(node.code, 0, new TextDecoder().decode(node.stderr));
  const fromNode = JSON.parse(new TextDecoder().decode(node.stdout));
  const pcm = Int16Array.from({ length: 320 }, (_, i) => (i * 211) % 65536 - 32768);
  assert.deepEqual(Object.keys(fromNode), codecs.map((c) => c.name));
  for (const c of codecs) {
    const enc = await c.createEncoder();
    const n = Math.floor(pcm.length / c.frameSamples) * c.frameSamples;
    assert.deepEqual(fromNode[c.name], Array.from(enc.encode(pcm.subarray(0, n))), c.name);
    enc.close();
  }
});
