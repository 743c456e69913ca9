import assert from "node:assert/strict";
import { codecs, findCodec, UnknownCodecError } from "./registry.ts";

Deno.test("codecs are found by name, encoding and static payload type, any case", () => {
  assert.equal(findCodec("pcmu").encoding, "PCMU");
  assert.equal(findCodec("PCMA").name, "pcma");
  assert.equal(findCodec(8).name, "pcma");
  assert.equal(findCodec("0").name, "pcmu");
});

Deno.test("an unknown codec names what is known", () => {
  assert.throws(() => findCodec("opus"), (e: unknown) => {
    assert.ok(e instanceof UnknownCodecError);
    assert.match(e.message, /unknown codec "opus"; known: pcmu, pcma/);
    return true;
  });
});

Deno.test("registry names, formats and static payload types are unique", () => {
  const names = codecs.map((c) => c.name);
  assert.equal(new Set(names).size, names.length);
  // One encoding may come at several rates (DVI4/8000, DVI4/16000), each once.
  const formats = codecs.map((c) => `${c.encoding.toLowerCase()}/${c.clockRate}/${c.channels}`);
  assert.equal(new Set(formats).size, formats.length);
  const types = codecs.flatMap((c) => c.payloadType === undefined ? [] : [c.payloadType]);
  assert.equal(new Set(types).size, types.length);
});

Deno.test("every codec round-trips one packet of silence", async () => {
  for (const codec of codecs) {
    const enc = await codec.createEncoder();
    const dec = await codec.createDecoder();
    const frames = Math.max(
      1,
      Math.round((codec.ptimeMs * codec.clockRate) / 1000 / codec.frameSamples),
    );
    const pcm = new Int16Array(frames * codec.frameSamples);
    const payload = enc.encode(pcm);
    const most = frames * codec.frameBytes + (codec.packetHeaderBytes ?? 0);
    assert.ok(payload.length > 0 && payload.length <= most, codec.name);
    const back = dec.decode(payload);
    assert.equal(back.length, pcm.length, codec.name);
    enc.close();
    dec.close();
  }
});
