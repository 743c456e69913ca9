import assert from "node:assert/strict";
import { dynamicTypesOf, ownSessionUrl } from "./own_url.ts";
import { chooseCodec, PayloadTypes } from "./codec_choice.ts";
import { findCodec } from "../codecs/mod.ts";
import { parseSessionUrl } from "../url/parse_session_url.ts";
import { sessionTargets } from "../url/session_targets.ts";

const codec = (n: string) => findCodec(n);

Deno.test("static codecs make a formats list; IPv6 is bracketed", () => {
  assert.equal(
    ownSessionUrl("192.0.2.7", 10000, [codec("pcmu"), codec("pcma")]),
    "iphone://192.0.2.7:10000/0,8",
  );
  assert.equal(
    ownSessionUrl("2001:db8::7", 10010, [codec("pcma")]),
    "iphone://[2001:db8::7]:10010/8",
  );
});

Deno.test("dynamic codecs are written with their types, and a caller uses those types", () => {
  const ours = [codec("g726-32"), codec("pcmu")];
  const url = ownSessionUrl("192.0.2.7", 10000, ours);
  assert.equal(url, "iphone://192.0.2.7/m=rtp:10000:96:G726-32:8000,m=rtp:10000:0");
  const { binding } = chooseCodec(sessionTargets(parseSessionUrl(url)), ours);
  // The callee decodes type 96 as G726-32 because it published exactly that.
  assert.equal(
    new PayloadTypes(ours, dynamicTypesOf(ours)).codecOf(binding.payloadType),
    binding.codec,
  );
});
