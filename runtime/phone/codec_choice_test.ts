import assert from "node:assert/strict";
import { chooseCodec, NoCommonCodecError, PayloadTypes } from "./codec_choice.ts";
import { findCodec } from "../codecs/mod.ts";
import { parseSessionUrl } from "../url/parse_session_url.ts";
import { sessionTargets } from "../url/session_targets.ts";

const ours = ["pcmu", "pcma", "g726-32"].map((n) => findCodec(n));
const targets = (url: string) => sessionTargets(parseSessionUrl(url));

Deno.test("the callee's order of preference wins among codecs both have", () => {
  const { binding, target } = chooseCodec(targets("iphone://h:10010/8,0"), ours);
  assert.equal(binding.codec.name, "pcma");
  assert.equal(binding.payloadType, 8);
  assert.equal(target.port, 10010);
});

Deno.test("a URL with no format means PCMU (DVI4 is the second default)", () => {
  assert.equal(chooseCodec(targets("iphone://h"), ours).binding.codec.name, "pcmu");
});

Deno.test("dynamic types come from the URL's media, or 96 + position for named formats", () => {
  const media = chooseCodec(targets("iphone://h/m=rtp:10000:97:G726-32:8000"), ours).binding;
  assert.deepEqual([media.codec.name, media.payloadType], ["g726-32", 97]);
  const named = chooseCodec(targets("iphone://h/L16:8000:1,G726-32:8000"), ours).binding;
  assert.deepEqual([named.codec.name, named.payloadType], ["g726-32", 97]);
});

Deno.test("no codec in common says what was offered and what we have", () => {
  assert.throws(
    () => chooseCodec(targets("iphone://h/5"), ours),
    (e: unknown) =>
      e instanceof NoCommonCodecError &&
      /offers 5; this phone has PCMU, PCMA, G726-32/.test(e.message),
  );
});

Deno.test("payload types: static from the registry, dynamic as configured", () => {
  const types = new PayloadTypes(ours, new Map([[97, findCodec("g726-32")]]));
  assert.equal(types.codecOf(0)?.name, "pcmu");
  assert.equal(types.codecOf(97)?.name, "g726-32");
  assert.equal(types.codecOf(18), undefined);
  assert.throws(() => new PayloadTypes(ours, new Map([[50, ours[0]]])), /50 is not 96-127/);
});
