import assert from "node:assert/strict";
import { formatSessionUrl } from "./format_session_url.ts";
import { parseSessionUrl } from "./parse_session_url.ts";
import { SessionUrlError } from "./session_url_error.ts";

/** Every session URL example of ../shared/PROTOCOLS.md (beside the project root), with its expected reading. */
const PROTOCOL_EXAMPLES = [
  {
    url: "iphone://130.54.0.1:10000/0,5",
    parsed: {
      scheme: "iphone",
      host: "130.54.0.1",
      hostType: "ipv4",
      port: 10000,
      formats: [{ payloadType: 0 }, { payloadType: 5 }],
      attributes: [],
    },
  },
  {
    url: "iphone://phone.ooi.co.jp/m=rtp:10000:0&a=dtmf:1234",
    parsed: {
      scheme: "iphone",
      host: "phone.ooi.co.jp",
      hostType: "name",
      media: [{
        port: 10000,
        format: { payloadType: 0 },
        attributes: [{ kind: "dtmf", digits: "1234", spelling: "a=dtmf" }],
        group: 0,
      }],
      attributes: [],
    },
  },
  {
    url: "iphone://130.54.0.1/m=rtp:9000:99:DVI4:8000",
    parsed: {
      scheme: "iphone",
      host: "130.54.0.1",
      hostType: "ipv4",
      media: [{
        port: 9000,
        format: { payloadType: 99, encoding: "DVI4", clockRate: 8000 },
        attributes: [],
        group: 0,
      }],
      attributes: [],
    },
  },
  {
    url: "iphone://mohta.person.titech.ac.jp:10000/DVI4:8000",
    parsed: {
      scheme: "iphone",
      host: "mohta.person.titech.ac.jp",
      hostType: "name",
      port: 10000,
      formats: [{ encoding: "DVI4", clockRate: 8000 }],
      attributes: [],
    },
  },
  {
    url: "sdp://mohta.person.titech.ac.jp/#m=audio+10000+RTP-AVP+0",
    parsed: {
      scheme: "sdp",
      host: "mohta.person.titech.ac.jp",
      hostType: "name",
      media: [{ port: 10000, format: { payloadType: 0 }, attributes: [], group: 0 }],
      attributes: [],
    },
  },
  {
    url: "iphone://host:10000/m=rtp:10000:97:L16:8000:1",
    parsed: {
      scheme: "iphone",
      host: "host",
      hostType: "name",
      port: 10000,
      media: [{
        port: 10000,
        format: { payloadType: 97, encoding: "L16", clockRate: 8000, channels: 1 },
        attributes: [],
        group: 0,
      }],
      attributes: [],
    },
  },
];

Deno.test("every example in PROTOCOLS.md parses as expected and formats back identically", () => {
  for (const { url, parsed } of PROTOCOL_EXAMPLES) {
    assert.deepEqual(parseSessionUrl(url), parsed, url);
    assert.equal(formatSessionUrl(parseSessionUrl(url)), url);
  }
});

Deno.test("iphone:host without slashes reads the same as iphone://host", () => {
  for (const rest of ["130.54.0.1:10000/0,5", "h/m=rtp:1:0", "[::1]", "x.example/&dial=1"]) {
    assert.deepEqual(parseSessionUrl(`iphone:${rest}`), parseSessionUrl(`iphone://${rest}`));
  }
  assert.deepEqual(parseSessionUrl("IPhone://h").scheme, "iphone");
});

Deno.test("IPv6 hosts are bracketed in the URL and bare in the object", () => {
  const url = parseSessionUrl("iphone://[2001:db8::1]:9000/PCMU");
  assert.equal(url.host, "2001:db8::1");
  assert.equal(url.hostType, "ipv6");
  assert.equal(url.port, 9000);
  assert.deepEqual(url.formats, [{ encoding: "PCMU" }]);
  assert.equal(formatSessionUrl(url), "iphone://[2001:db8::1]:9000/PCMU");
});

Deno.test("nothing after the host, or a bare slash, leaves the defaults to sessionTargets", () => {
  const expected = { scheme: "iphone", host: "h.example", hostType: "name", attributes: [] };
  assert.deepEqual(parseSessionUrl("iphone://h.example"), expected);
  assert.deepEqual(parseSessionUrl("iphone://h.example/"), expected);
});

Deno.test("the paper's dial= is the dtmf attribute under another spelling", () => {
  const a = parseSessionUrl("iphone://gw.example/0&dial=5734-3299");
  assert.deepEqual(a.attributes, [{ kind: "dtmf", digits: "57343299", spelling: "dial" }]);
  const b = parseSessionUrl("iphone://gw.example/&a=dtmf:u%23p%23");
  assert.deepEqual(b.attributes, [{ kind: "dtmf", digits: "u#p#", spelling: "a=dtmf" }]);
  assert.equal(b.formats, undefined);
  const c = parseSessionUrl("iphone://gw.example/m=rtp:10000:0&dial=123#");
  assert.deepEqual(c.media?.[0].attributes, [{ kind: "dtmf", digits: "123#", spelling: "dial" }]);
});

Deno.test("media joined by & form a group used together; ',' separates alternatives", () => {
  const url = parseSessionUrl(
    "iphone://h/m=rtp:10000:G726-32:8000&a=dtmf:1&m=rtp:10002:PCMA,m=rtp:10004:96:LPC10:8000&a=ptime:90",
  );
  assert.deepEqual(url.media, [
    {
      port: 10000,
      format: { encoding: "G726-32", clockRate: 8000 },
      attributes: [{ kind: "dtmf", digits: "1", spelling: "a=dtmf" }],
      group: 0,
    },
    { port: 10002, format: { encoding: "PCMA" }, attributes: [], group: 0 },
    {
      port: 10004,
      format: { payloadType: 96, encoding: "LPC10", clockRate: 8000 },
      attributes: [{ kind: "other", name: "ptime", value: "90" }],
      group: 1,
    },
  ]);
});

Deno.test("the sdp: form takes several payload types and a host port", () => {
  const url = parseSessionUrl("sdp://[::1]:10000/#m=audio+9000+RTP-AVP+0+5");
  assert.equal(url.port, 10000);
  assert.deepEqual(url.media?.map((m) => [m.port, m.format.payloadType]), [[9000, 0], [9000, 5]]);
});

/** [input, message]: each malformed URL and the exact error it must give. */
const ERRORS: [string, string][] = [
  ["", "expected a URL scheme ('iphone:' or 'sdp:') at 0"],
  ["http://h/", "expected 'iphone:' or 'sdp:' at 0"],
  ["iphone", "expected ':' after the scheme at 6"],
  ["iphone://", "expected a host name or address at 9"],
  ["iphone://1.2.3.4:99999", "port out of range at 17"],
  ["iphone://1.2.3.4:0/", "port out of range at 17"],
  ["iphone://h:/", "expected a port at 11"],
  ["iphone://h:12345678901234567890", "port out of range at 11"],
  ["iphone://h?x", "expected ':', '/' or the end at 10"],
  ["iphone://h:5x", "expected '/' or the end at 12"],
  ["iphone://h/0,", "expected an encoding name at 13"],
  ["iphone://h/128", "payload type out of range at 11"],
  ["iphone://h/0:8000", "expected ',', '&' or the end at 12"],
  ["iphone://h/PCMU:", "expected a clock rate at 16"],
  ["iphone://h/PCMU:0", "clock rate out of range at 16"],
  ["iphone://h/L16:8000:0", "channel count out of range at 20"],
  ["iphone://h/L16:8000:1:2", "expected ',', '&' or the end at 21"],
  ["iphone://h/-x", "expected an encoding name at 11"],
  ["iphone://h/0&", "expected an attribute ('a=' or 'dial=') at 13"],
  ["iphone://h/0&m=rtp:1:0", "expected an attribute ('a=' or 'dial=') at 13"],
  ["iphone://h/0&dial=", "expected a DTMF digit at 18"],
  ["iphone://h/0&dial=12x", "expected a DTMF digit (0-9 * # A-D u p) at 20"],
  ["iphone://h/0&a=dtmf", "expected ':' and digits after 'a=dtmf' at 19"],
  ["iphone://h/0&a=", "expected an attribute name at 15"],
  ["iphone://h/0&a=x:", "expected an attribute value at 17"],
  ["iphone://h/0&a=x:%41", "expected an attribute value at 17"],
  ["iphone://h/m=", "expected 'rtp:' (the only medium) at 13"],
  ["iphone://h/m=udp:1:0", "expected 'rtp:' (the only medium) at 13"],
  ["iphone://h/m=rtp:70000:0", "port out of range at 17"],
  ["iphone://h/m=rtp:1000", "expected ':' and a payload type after the port at 21"],
  ["iphone://h/m=rtp:1000:", "expected an encoding name at 22"],
  ["iphone://h/m=rtp:1000:200", "payload type out of range at 22"],
  ["iphone://h/m=rtp:1000:97:", "expected an encoding name at 25"],
  ["iphone://h/m=rtp:1000:97:8000", "payload type out of range at 25"],
  [
    "iphone://h/m=rtp:1000:9:0",
    "only a dynamic payload type (96-127) can name another's format at 24",
  ],
  ["iphone://h/m=rtp:1000:99:100", "a named format must be a static payload type (0-95) at 25"],
  ["iphone://h/m=rtp:1000:0,0", "expected 'm=' after ',' at 24"],
  ["iphone://h/m=rtp:1000:0/x", "expected '&', ',' or the end at 23"],
  ["iphone://h/&", "expected an attribute ('a=' or 'dial=') at 12"],
  ["iphone://h/ 0", "expected an encoding name at 11"],
  ["iphone://[::1/", "expected ']' closing the IPv6 address at 14"],
  ["iphone://[::1]x", "expected ':', '/' or the end at 14"],
  ["iphone://1.2.3/", "expected an IPv4 address of 4 parts at 9"],
  ["sdp://h/#m=video+1+RTP-AVP+0", "expected '/#m=audio+' at 7"],
  ["sdp://h", "expected '/#m=audio+' at 7"],
  ["sdp://h/#m=audio+1+RTP/AVP+0", "expected '+RTP-AVP+' at 18"],
  ["sdp://h/#m=audio+1+RTP-AVP+", "expected a payload type at 27"],
  ["sdp://h/#m=audio+1+RTP-AVP+0&dial=1", "expected '+' and a payload type, or the end at 28"],
];

Deno.test("each malformed URL gives one SessionUrlError with the offset and what was expected", () => {
  for (const [input, message] of ERRORS) {
    assert.throws(() => parseSessionUrl(input), (e: unknown) => {
      assert.ok(e instanceof SessionUrlError, `${input}: ${e}`);
      assert.equal(e.message, message, input);
      assert.equal(e.input, input);
      assert.equal(e.message, `${e.problem} at ${e.offset}`);
      assert.ok(e.offset >= 0 && e.offset <= input.length);
      return true;
    });
  }
});

Deno.test("a non-string input is a SessionUrlError too", () => {
  assert.throws(() => parseSessionUrl(undefined as unknown as string), SessionUrlError);
});

Deno.test("the grammar's numeric encoding name 1016 and a dynamic type naming a static format", () => {
  const a = parseSessionUrl("iphone://h:10000/1016,1016:8000,0");
  assert.deepEqual(a.formats, [
    { encoding: "1016" },
    { encoding: "1016", clockRate: 8000 },
    { payloadType: 0 },
  ]);
  assert.equal(formatSessionUrl(a), "iphone://h:10000/1016,1016:8000,0");
  const b = parseSessionUrl("iphone://h/m=rtp:10000:99:0,m=rtp:10000:98:1016:8000");
  assert.deepEqual(b.media?.map((m) => m.format), [
    { payloadType: 99, staticFormat: 0 },
    { payloadType: 98, encoding: "1016", clockRate: 8000 },
  ]);
  assert.equal(formatSessionUrl(b), "iphone://h/m=rtp:10000:99:0,m=rtp:10000:98:1016:8000");
  assert.throws(() => parseSessionUrl("iphone://h/10160"), /payload type out of range/);
});
