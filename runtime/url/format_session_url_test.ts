import assert from "node:assert/strict";
import { formatSessionUrl } from "./format_session_url.ts";
import { parseSessionUrl } from "./parse_session_url.ts";
import type { SessionUrl } from "./session_url.ts";

/** Canonical URLs: format(parse(s)) must give s back character for character. */
const CANONICAL = [
  "iphone://130.54.0.1:10000/0,5",
  "iphone://phone.ooi.co.jp/m=rtp:10000:0&a=dtmf:1234",
  "iphone://130.54.0.1/m=rtp:9000:99:DVI4:8000",
  "iphone://mohta.person.titech.ac.jp:10000/DVI4:8000",
  "sdp://mohta.person.titech.ac.jp/#m=audio+10000+RTP-AVP+0",
  "iphone://host:10000/m=rtp:10000:97:L16:8000:1",
  "iphone://h",
  "iphone://h:1",
  "iphone://[::]:65535",
  "iphone://[2001:db8::10]/PCMU,PCMA:8000,L16:8000:2,127",
  "iphone://[::ffff:192.0.2.1]/G726-32:8000&dial=0357343299",
  "iphone://gw.example/&dial=u%23p%23*0",
  "iphone://gw.example/&a=dtmf:ABCD&a=x-y:v1/2;3=4@5&a=flag",
  "iphone://h/m=rtp:10000:G723&a=ptime:30,m=rtp:10002:96:LPC10:8000,m=rtp:10004:AAL2-G726-24:8000",
  "iphone://h/m=rtp:1:0&a=dtmf:1&a=dtmf:2",
  "sdp://[::1]:10000/#m=audio+9000+RTP-AVP+0+5+8",
  "iphone://a-b.c-d.example.",
];

Deno.test("canonical URLs format back to the same text", () => {
  for (const url of CANONICAL) assert.equal(formatSessionUrl(parseSessionUrl(url)), url);
});

Deno.test("parse(format(x)) equals x for every parsed URL, canonical or not", () => {
  const loose = [
    "iphone:h",
    "IPHONE:h/",
    "iphone:h/0&dial=03-5734-3299",
    "iphone:h/&dial=1#",
    "iphone://h/m=rtp:1:0&m=rtp:2:8",
    "iphone://h/m=rtp:1:0,m=rtp:2:8&dial=9",
    "Sdp:h/#m=audio+1+RTP-AVP+0",
  ];
  for (const text of [...CANONICAL, ...loose]) {
    const x = parseSessionUrl(text);
    assert.deepEqual(parseSessionUrl(formatSessionUrl(x)), x, text);
  }
});

Deno.test("non-canonical spellings are normalised", () => {
  assert.equal(formatSessionUrl(parseSessionUrl("iphone:h/")), "iphone://h");
  assert.equal(
    formatSessionUrl(parseSessionUrl("iphone:h/0&dial=03-57#")),
    "iphone://h/0&dial=0357%23",
  );
  assert.equal(
    formatSessionUrl(parseSessionUrl("iphone://h/m=rtp:1:0&m=rtp:2:8,m=rtp:3:5")),
    "iphone://h/m=rtp:1:0&m=rtp:2:8,m=rtp:3:5", // groups kept
  );
});

Deno.test("objects no URL can express are refused with a RangeError", () => {
  const base: SessionUrl = { scheme: "iphone", host: "h", hostType: "name", attributes: [] };
  const bad: SessionUrl[] = [
    { ...base, port: 0 },
    { ...base, formats: [] },
    { ...base, formats: [{}] },
    { ...base, formats: [{ payloadType: 128 }] },
    { ...base, formats: [{ payloadType: 0, clockRate: 8000 }] },
    { ...base, formats: [{ payloadType: 97, encoding: "L16" }] },
    { ...base, formats: [{ encoding: "L16", channels: 1 }] },
    { ...base, formats: [{ encoding: "9x" }] },
    { ...base, formats: [{ encoding: "PCMU" }], media: [] },
    { ...base, media: [] },
    {
      ...base,
      media: [{ port: 1, format: { payloadType: 0 }, attributes: [] }],
      attributes: [{ kind: "dtmf", digits: "1", spelling: "dial" }],
    },
    { ...base, attributes: [{ kind: "dtmf", digits: "", spelling: "dial" }] },
    { ...base, attributes: [{ kind: "dtmf", digits: "x", spelling: "dial" }] },
    { ...base, attributes: [{ kind: "other", name: "dtmf", value: "1" }] },
    { ...base, attributes: [{ kind: "other", name: "a", value: "b&c" }] },
    { ...base, scheme: "sdp" },
    { ...base, scheme: "sdp", media: [{ port: 1, format: { encoding: "PCMU" }, attributes: [] }] },
    {
      ...base,
      scheme: "sdp",
      media: [
        { port: 1, format: { payloadType: 0 }, attributes: [] },
        { port: 2, format: { payloadType: 0 }, attributes: [] },
      ],
    },
  ];
  for (const url of bad) {
    assert.throws(() => formatSessionUrl(url), RangeError, JSON.stringify(url));
  }
});
