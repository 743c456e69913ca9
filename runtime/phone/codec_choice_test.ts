import assert from "node:assert/strict";
import {
  bindTargets,
  chooseCodec,
  dynamicTypesOfUrl,
  NoCommonCodecError,
  PayloadTypes,
} from "./codec_choice.ts";
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

Deno.test("a dynamic type may carry a static format, and both ends map it alike", () => {
  const url = "iphone://h/m=rtp:10000:99:0";
  const { binding } = chooseCodec(targets(url), ours);
  assert.deepEqual([binding.codec.name, binding.payloadType], ["pcmu", 99]);
  assert.deepEqual([...dynamicTypesOfUrl(parseSessionUrl(url))].map(([t, c]) => [t, c.name]), [
    [99, "pcmu"],
  ]);
});

Deno.test("the callee reads its dynamic types from its own URL as the caller does", () => {
  const cases: [string, [number, string][]][] = [
    ["iphone://h:10000/m=rtp:10000:97:L16:8000:1", [[97, "l16"]]],
    ["iphone://h/m=rtp:9000:99:DVI4:8000", [[99, "dvi4"]]],
    ["iphone://h/DVI4:8000,L16:16000,G726-32:8000,1016", [[96, "l16-16"], [97, "g726-32"]]],
    ["iphone://h/0,5", []],
  ];
  for (const [url, expected] of cases) {
    const types = dynamicTypesOfUrl(parseSessionUrl(url));
    assert.deepEqual([...types].map(([t, c]) => [t, c.name]), expected, url);
    // The caller, with every codec, sends under the same type.
    const all = [...types.values()];
    for (const [type, codec] of types) {
      const b = bindTargets(targets(url), all).find((x) => x.codec === codec);
      assert.equal(b?.payloadType, type, `${url}: ${codec.name}`);
    }
  }
});

Deno.test("& groups stay together: telephone-event rides with its group's voice format", () => {
  const t = targets(
    "iphone://h/m=rtp:10000:0&m=rtp:10000:101:telephone-event:8000&a=dtmf:12,m=rtp:10000:8",
  );
  assert.deepEqual(t.map((x) => [x.format.payloadType, x.group, x.telephoneEventType, x.dtmf]), [
    [0, 0, 101, "12"],
    [8, 1, undefined, undefined],
  ]);
});
