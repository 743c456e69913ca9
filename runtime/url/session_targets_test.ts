import assert from "node:assert/strict";
import { parseSessionUrl } from "./parse_session_url.ts";
import { sessionTargets } from "./session_targets.ts";

const targets = (url: string) => sessionTargets(parseSessionUrl(url));

Deno.test("no port means 10000; no format means PCMU then DVI4", () => {
  assert.deepEqual(targets("iphone://h.example"), [
    { host: "h.example", hostType: "name", port: 10000, format: { payloadType: 0 } },
    { host: "h.example", hostType: "name", port: 10000, format: { payloadType: 5 } },
  ]);
  assert.deepEqual(targets("iphone://[::1]:9/").map((t) => [t.host, t.port]), [["::1", 9], [
    "::1",
    9,
  ]]);
});

Deno.test("the formats form keeps the URL's order at the host's port", () => {
  assert.deepEqual(targets("iphone://h:20000/8,G726-32:8000").map((t) => [t.port, t.format]), [
    [20000, { payloadType: 8 }],
    [20000, { encoding: "G726-32", clockRate: 8000 }],
  ]);
});

Deno.test("in the media form each medium's port and DTMF win", () => {
  const t = targets("iphone://h:5/m=rtp:9000:0&a=dtmf:1,m=rtp:9002:8");
  assert.deepEqual(t, [
    { host: "h", hostType: "name", port: 9000, format: { payloadType: 0 }, group: 0, dtmf: "1" },
    { host: "h", hostType: "name", port: 9002, format: { payloadType: 8 }, group: 1 },
  ]);
});

Deno.test("session DTMF (dial= or a=dtmf:) goes with every target", () => {
  assert.deepEqual(targets("iphone://gw/&dial=0357343299").map((t) => t.dtmf), [
    "0357343299",
    "0357343299",
  ]);
  assert.deepEqual(targets("iphone://gw/0&a=dtmf:u%23p").map((t) => t.dtmf), ["u#p"]);
});

Deno.test("a=rtcp-mux puts RTCP on the RTP port; without it RTCP is on port + 1", () => {
  assert.deepEqual(targets("iphone://h.example/0").map((t) => t.rtcpMux), [undefined]);
  assert.deepEqual(targets("iphone://h.example/0,5&a=rtcp-mux").map((t) => t.rtcpMux), [
    true,
    true,
  ]);
  const media = targets("iphone://h.example/m=rtp:9000:0&a=rtcp-mux,m=rtp:9002:5");
  assert.deepEqual(media.map((t) => [t.port, t.rtcpMux]), [[9000, true], [9002, undefined]]);
});
