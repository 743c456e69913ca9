/**
 * Fuzz tests for the session URL parser: random strings, mutated valid URLs and randomly
 * built URL objects from a seeded generator (set URL_FUZZ_SEED to replay). The parser may
 * throw only SessionUrlError, with an offset inside the input; whatever it accepts must
 * format and parse back to the same object.
 */
import { Prng } from "../../harness/netsim/prng.ts";
import assert from "node:assert/strict";
import { formatSessionUrl } from "./format_session_url.ts";
import { parseSessionUrl } from "./parse_session_url.ts";
import type { MediaFormat, SessionAttribute, SessionUrl } from "./session_url.ts";
import { SessionUrlError } from "./session_url_error.ts";

const SEED = Number(Deno.env.get("URL_FUZZ_SEED") ?? 20240607);

// The network layer's seeded generator, plus picking from a list.
function prng(seed: number) {
  const p = new Prng(seed);
  return {
    next: () => p.next(),
    int: (n: number) => p.int(n),
    pick: <T>(xs: readonly T[]): T => xs[p.int(xs.length)],
  };
}

type Rng = ReturnType<typeof prng>;

/** Pieces that matter to the grammar, so random text often gets somewhere. */
const TOKENS = [
  "iphone:",
  "iphone://",
  "sdp://",
  "/",
  "//",
  ":",
  ",",
  "&",
  "m=rtp:",
  "a=dtmf:",
  "dial=",
  "a=",
  "#",
  "%23",
  "%",
  "[",
  "]",
  "::",
  ".",
  "-",
  "0",
  "5",
  "97",
  "127",
  "128",
  "10000",
  "65536",
  "PCMU",
  "L16",
  "8000",
  "1",
  "h",
  "x.example",
  "1.2.3.4",
  "2001:db8",
  "/#m=audio+",
  "+RTP-AVP+",
  "+",
  "u",
  "p",
  "*",
  " ",
  "\u00e9",
  "\n",
  "\uD83D\uDCDE",
];

const VALID = [
  "iphone://130.54.0.1:10000/0,5",
  "iphone://phone.ooi.co.jp/m=rtp:10000:0&a=dtmf:1234",
  "iphone://130.54.0.1/m=rtp:9000:99:DVI4:8000",
  "iphone://mohta.person.titech.ac.jp:10000/DVI4:8000",
  "sdp://mohta.person.titech.ac.jp/#m=audio+10000+RTP-AVP+0",
  "iphone://host:10000/m=rtp:10000:97:L16:8000:1",
  "iphone://[2001:db8::1]/PCMU,G726-32:8000&dial=0357343299",
];

/** Parses; returns the object, or undefined after checking the error is the documented one. */
function tryParse(input: string): SessionUrl | undefined {
  try {
    return parseSessionUrl(input);
  } catch (e) {
    if (!(e instanceof SessionUrlError)) throw new Error(`${JSON.stringify(input)} threw ${e}`);
    assert.ok(e.offset >= 0 && e.offset <= input.length, `${input}: offset ${e.offset}`);
    assert.equal(e.input, input);
    return undefined;
  }
}

function roundTrips(url: SessionUrl, origin: string) {
  const text = formatSessionUrl(url);
  assert.deepEqual(parseSessionUrl(text), url, `${origin} -> ${text}`);
  assert.equal(formatSessionUrl(parseSessionUrl(text)), text, "formatting is stable");
}

function mutate(r: Rng, s: string): string {
  const edits = 1 + r.int(3);
  for (let e = 0; e < edits; e++) {
    const at = r.int(s.length + 1);
    switch (r.int(4)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + 1 + r.int(3));
        break;
      case 1:
        s = s.slice(0, at) + r.pick(TOKENS) + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + r.pick(TOKENS) + s.slice(at + 1);
        break;
      default:
        s = s.slice(0, at) + String.fromCharCode(32 + r.int(95)) + s.slice(at + 1);
    }
  }
  return s;
}

Deno.test(`random token soup only ever gives SessionUrlError (seed ${SEED})`, () => {
  const r = prng(SEED);
  let accepted = 0;
  for (let i = 0; i < 20000; i++) {
    let s = r.int(2) ? "iphone://" : "";
    const n = r.int(12);
    for (let k = 0; k < n; k++) s += r.pick(TOKENS);
    const url = tryParse(s);
    if (url) {
      accepted++;
      roundTrips(url, s);
    }
  }
  assert.ok(accepted > 100, `only ${accepted} accepted: generator too weak`);
});

Deno.test(`mutated valid URLs only ever give SessionUrlError, or round-trip (seed ${SEED})`, () => {
  const r = prng(SEED + 1);
  let accepted = 0;
  for (let i = 0; i < 20000; i++) {
    const s = mutate(r, r.pick(VALID));
    const url = tryParse(s);
    if (url) {
      accepted++;
      roundTrips(url, s);
    }
  }
  assert.ok(accepted > 1000 && accepted < 19000, `${accepted} of 20000 accepted`);
});

const ENCODINGS = [
  "1016",
  "PCMU",
  "PCMA",
  "G723",
  "DVI4",
  "L16",
  "G726-16",
  "AAL2-G726-40",
  "LPC10",
  "x.y~z",
];
const HOSTS: [string, SessionUrl["hostType"]][] = [
  ["h", "name"],
  ["phone.ooi.co.jp", "name"],
  ["a-1.b", "name"],
  ["0.0.0.0", "ipv4"],
  ["255.255.255.255", "ipv4"],
  ["::", "ipv6"],
  ["2001:db8::5:6", "ipv6"],
  ["::ffff:10.0.0.1", "ipv6"],
];

function randomFormat(r: Rng, binding: boolean): MediaFormat {
  if (r.int(3) === 0) return { payloadType: r.int(128) };
  if (binding && r.int(8) === 0) return { payloadType: 96 + r.int(32), staticFormat: r.int(96) };
  const f: { -readonly [K in keyof MediaFormat]: MediaFormat[K] } = {};
  if (binding && r.int(2)) f.payloadType = 96 + r.int(32);
  f.encoding = r.pick(ENCODINGS);
  if (r.int(2)) {
    f.clockRate = r.pick([8000, 16000, 44100, 1, 0xffffffff]);
    if (r.int(2)) f.channels = 1 + r.int(255);
  }
  return f;
}

function randomAttribute(r: Rng): SessionAttribute {
  if (r.int(3) === 0) {
    const a = { kind: "other" as const, name: r.pick(["ptime", "x-y", "a.b_c~"]) };
    return r.int(2) ? { ...a, value: r.pick(["20", "a:b@c/d", "x=y;z", "()*+$!'"]) } : a;
  }
  const digits = Array.from({ length: 1 + r.int(12) }, () => r.pick([..."0123456789*#ABCDup"]))
    .join("");
  return { kind: "dtmf", digits, spelling: r.pick(["a=dtmf", "dial"] as const) };
}

function randomUrl(r: Rng): SessionUrl {
  const [host, hostType] = r.pick(HOSTS);
  const head: { -readonly [K in keyof SessionUrl]?: SessionUrl[K] } = {
    scheme: "iphone",
    host,
    hostType,
  };
  if (r.int(2)) head.port = 1 + r.int(65535);
  const attrs = () => Array.from({ length: r.int(3) }, () => randomAttribute(r));
  switch (r.int(4)) {
    case 0:
      return { ...head, attributes: attrs() } as SessionUrl;
    case 1:
      return {
        ...head,
        formats: Array.from({ length: 1 + r.int(4) }, () => randomFormat(r, false)),
        attributes: attrs(),
      } as SessionUrl;
    case 2: {
      let group = 0;
      const media = Array.from({ length: 1 + r.int(3) }, (_, i) => ({
        port: 1 + r.int(65535),
        format: randomFormat(r, true),
        attributes: attrs(),
        group: i > 0 && r.int(2) ? ++group : group, // joined by & or starting a new group
      }));
      return { ...head, media, attributes: [] } as SessionUrl;
    }
    default: {
      const port = 1 + r.int(65535);
      const media = Array.from({ length: 1 + r.int(3) }, (_, group) => ({
        port,
        format: { payloadType: r.int(128) },
        attributes: [],
        group,
      }));
      return { ...head, scheme: "sdp", media, attributes: [] } as SessionUrl;
    }
  }
}

Deno.test(`random URL objects format and parse back to themselves (seed ${SEED})`, () => {
  const r = prng(SEED + 2);
  for (let i = 0; i < 5000; i++) {
    const url = randomUrl(r);
    roundTrips(url, JSON.stringify(url));
  }
});
