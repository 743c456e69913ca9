/**
 * Parses `iphone:` session URLs (draft-fujikawa-iphone-url-01, the paper's `&dial=`) and
 * the `sdp:` form of NOTASIP draft -02:
 *
 * ```text
 * url        = ("iphone:" | "sdp:") ["//"] hostport ...
 * iphone     = "iphone:" ["//"] hostport ["/" [formats | media] *("&" attribute)]
 * hostport   = host [":" port]          ; host: name, IPv4, or "[" IPv6 "]"
 * formats    = format *("," format)
 * format     = payloadtype | encoding [":" clockrate [":" channels]]
 * encoding   = ALPHA *(ALPHA | DIGIT | "." | "_" | "~" | "-") | "1016"
 * media      = group *("," group)
 * group      = medium *("&" attribute) *("&" medium *("&" attribute))
 * medium     = "m=rtp:" port ":" (payloadtype [":" (encoding [":" clockrate [":" channels]]
 *                                                  | payloadtype)]
 *                                | encoding [":" clockrate [":" channels]])
 * attribute  = "a=dtmf:" dtmf | "dial=" dtmf | "a=" name [":" value]
 * sdp        = "sdp:" ["//"] hostport "/#m=audio+" port "+RTP-AVP+" payloadtype *("+" payloadtype)
 * ```
 *
 * Attributes after a medium belong to it; after a formats list (or a bare `/`) to the
 * session. Media joined by `&` form a group used together; `,` separates alternatives
 * (`RtpMedium.group`). Encoding names start with a letter, except `1016` (RFC 1890's
 * FS-1016 CELP), so any other number is a payload type. In a medium, a dynamic type may
 * name a static one's format: `m=rtp:10000:99:0` (`MediaFormat.staticFormat`).
 *
 * @example
 * ```ts
 * import { parseSessionUrl } from "./parse_session_url.ts";
 * const url = parseSessionUrl("iphone://phone.ooi.co.jp/m=rtp:10000:0&a=dtmf:1234");
 * url.media?.[0].port; // 10000
 * url.media?.[0].attributes; // [{ kind: "dtmf", digits: "1234", spelling: "a=dtmf" }]
 * try {
 *   parseSessionUrl("iphone://1.2.3.4:99999");
 * } catch (e) {
 *   console.error(String(e)); // SessionUrlError: port out of range at 17
 * }
 * ```
 * @module
 */
import { scanDtmf } from "./dtmf_digits.ts";
import { scanHost } from "./host.ts";
import type { MediaFormat, RtpMedium, SessionAttribute, SessionUrl } from "./session_url.ts";
import { SessionUrlError } from "./session_url_error.ts";

const ENCODING_START = /[A-Za-z]/;
const ENCODING_CHAR = /[A-Za-z0-9._~-]/;
const ATTRIBUTE_NAME_CHAR = /[A-Za-z0-9._~-]/;
/** Characters of an unknown attribute's value: RFC 3986 pchar without `&`, `,`, `%`. */
const ATTRIBUTE_VALUE_CHAR = /[A-Za-z0-9._~!$'()*+;=:@/-]/;

/** A cursor over the URL that knows how to complain with an offset. */
class Scanner {
  pos = 0;
  constructor(readonly input: string) {}

  get atEnd(): boolean {
    return this.pos >= this.input.length;
  }

  peek(): string {
    return this.input[this.pos] ?? "";
  }

  startsWith(text: string): boolean {
    return this.input.startsWith(text, this.pos);
  }

  /** Consumes `text` if it is next. */
  eat(text: string): boolean {
    if (!this.startsWith(text)) return false;
    this.pos += text.length;
    return true;
  }

  expect(text: string, problem = `expected '${text}'`): void {
    if (!this.eat(text)) this.fail(problem);
  }

  fail(problem: string, at = this.pos): never {
    throw new SessionUrlError(this.input, at, problem);
  }

  /** Reads a run of decimal digits as a number in [min, max]. */
  number(what: string, min: number, max: number): number {
    const start = this.pos;
    while (/[0-9]/.test(this.peek())) this.pos++;
    if (this.pos === start) this.fail(`expected a ${what}`);
    const text = this.input.slice(start, this.pos);
    const value = text.length > 10 ? Infinity : Number(text);
    if (value < min || value > max) this.fail(`${what} out of range`, start);
    return value;
  }

  /** Reads characters matching `pattern`; at least one. */
  run(pattern: RegExp, what: string): string {
    const start = this.pos;
    while (!this.atEnd && pattern.test(this.peek())) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.input.slice(start, this.pos);
  }
}

const port = (s: Scanner) => s.number("port", 1, 65535);
const payloadType = (s: Scanner) => s.number("payload type", 0, 127);

/** The grammar's one encoding name that is a number (RFC 1890: FS-1016 CELP). */
const NUMERIC_ENCODING = "1016";

function atNumericEncoding(s: Scanner): boolean {
  return s.startsWith(NUMERIC_ENCODING) &&
    !ENCODING_CHAR.test(s.input[s.pos + NUMERIC_ENCODING.length] ?? "");
}

/** `encoding [":" clockrate [":" channels]]`, with the payload type bound to it, if any. */
function namedFormat(s: Scanner, boundType?: number): MediaFormat {
  let encoding: string;
  if (atNumericEncoding(s)) {
    encoding = NUMERIC_ENCODING;
    s.pos += NUMERIC_ENCODING.length;
  } else {
    if (!ENCODING_START.test(s.peek())) s.fail("expected an encoding name");
    encoding = s.run(ENCODING_CHAR, "an encoding name");
  }
  const format: { -readonly [K in keyof MediaFormat]: MediaFormat[K] } = {};
  if (boundType !== undefined) format.payloadType = boundType;
  format.encoding = encoding;
  if (s.eat(":")) {
    format.clockRate = s.number("clock rate", 1, 0xffffffff);
    if (s.eat(":")) format.channels = s.number("channel count", 1, 255);
  }
  return format;
}

/** A format of the formats form: a payload type alone, or a named encoding. */
function listFormat(s: Scanner): MediaFormat {
  if (/[0-9]/.test(s.peek()) && !atNumericEncoding(s)) return { payloadType: payloadType(s) };
  return namedFormat(s);
}

/** `"m=rtp:" port ":" payloadtype`, the leading `m=` already consumed. */
function medium(s: Scanner): { port: number; format: MediaFormat } {
  s.expect("rtp:", "expected 'rtp:' (the only medium)");
  const p = port(s);
  s.expect(":", "expected ':' and a payload type after the port");
  if (!/[0-9]/.test(s.peek()) || atNumericEncoding(s)) return { port: p, format: namedFormat(s) };
  const pt = payloadType(s);
  if (!s.eat(":")) return { port: p, format: { payloadType: pt } };
  if (/[0-9]/.test(s.peek()) && !atNumericEncoding(s)) {
    // A dynamic type carrying a static type's format.
    const at = s.pos;
    const staticFormat = payloadType(s);
    if (pt < 96) s.fail("only a dynamic payload type (96-127) can name another's format", at);
    if (staticFormat >= 96) s.fail("a named format must be a static payload type (0-95)", at);
    return { port: p, format: { payloadType: pt, staticFormat } };
  }
  return { port: p, format: namedFormat(s, pt) };
}

function attribute(s: Scanner): SessionAttribute {
  if (s.eat("a=dtmf:")) {
    const { digits, end } = scanDtmf(s.input, s.pos);
    s.pos = end;
    return { kind: "dtmf", digits, spelling: "a=dtmf" };
  }
  if (s.eat("dial=")) {
    const { digits, end } = scanDtmf(s.input, s.pos);
    s.pos = end;
    return { kind: "dtmf", digits, spelling: "dial" };
  }
  if (!s.eat("a=")) s.fail("expected an attribute ('a=' or 'dial=')");
  const name = s.run(ATTRIBUTE_NAME_CHAR, "an attribute name");
  if (name === "dtmf") s.fail("expected ':' and digits after 'a=dtmf'");
  if (!s.eat(":")) return { kind: "other", name };
  return { kind: "other", name, value: s.run(ATTRIBUTE_VALUE_CHAR, "an attribute value") };
}

/** `*("&" attribute)` up to the end of the URL. */
function trailingAttributes(s: Scanner, problem: string): SessionAttribute[] {
  const attributes: SessionAttribute[] = [];
  while (!s.atEnd) {
    if (!s.eat("&")) s.fail(problem);
    attributes.push(attribute(s));
  }
  return attributes;
}

function mediaList(s: Scanner): RtpMedium[] {
  const media: {
    port: number;
    format: MediaFormat;
    attributes: SessionAttribute[];
    group: number;
  }[] = [];
  let group = 0;
  s.expect("m=");
  media.push({ ...medium(s), attributes: [], group });
  while (!s.atEnd) {
    if (s.eat(",")) {
      s.expect("m=", "expected 'm=' after ','");
      media.push({ ...medium(s), attributes: [], group: ++group });
    } else if (s.eat("&")) {
      if (s.eat("m=")) media.push({ ...medium(s), attributes: [], group });
      else media.at(-1)!.attributes.push(attribute(s));
    } else {
      s.fail("expected '&', ',' or the end");
    }
  }
  return media;
}

function iphonePath(s: Scanner, head: Omit<SessionUrl, "attributes">): SessionUrl {
  if (s.startsWith("m=")) return { ...head, media: mediaList(s), attributes: [] };
  if (s.atEnd || s.startsWith("&")) {
    return { ...head, attributes: trailingAttributes(s, "expected '&' or the end") };
  }
  const formats = [listFormat(s)];
  while (s.eat(",")) formats.push(listFormat(s));
  const attributes = trailingAttributes(s, "expected ',', '&' or the end");
  return { ...head, formats, attributes };
}

function sdpFragment(s: Scanner, head: Omit<SessionUrl, "attributes">): SessionUrl {
  s.expect("/#m=audio+", "expected '/#m=audio+'");
  const p = port(s);
  s.expect("+RTP-AVP+", "expected '+RTP-AVP+'");
  // The types of one SDP m= line are alternatives.
  const media: RtpMedium[] = [
    { port: p, format: { payloadType: payloadType(s) }, attributes: [], group: 0 },
  ];
  while (s.eat("+")) {
    const group = media.length;
    media.push({ port: p, format: { payloadType: payloadType(s) }, attributes: [], group });
  }
  if (!s.atEnd) s.fail("expected '+' and a payload type, or the end");
  return { ...head, media, attributes: [] };
}

/**
 * Parses a session URL. Throws {@link SessionUrlError} (and nothing else) on malformed
 * input, with the offset of the offending character and what was expected there.
 */
export function parseSessionUrl(input: string): SessionUrl {
  if (typeof input !== "string") throw new SessionUrlError(String(input), 0, "expected a string");
  const s = new Scanner(input);
  const name = s.run(/[A-Za-z0-9+.-]/, "a URL scheme ('iphone:' or 'sdp:')").toLowerCase();
  if (name !== "iphone" && name !== "sdp") s.fail("expected 'iphone:' or 'sdp:'", 0);
  const scheme: SessionUrl["scheme"] = name === "sdp" ? "sdp" : "iphone";
  s.expect(":", "expected ':' after the scheme");
  s.eat("//");
  const host = scanHost(input, s.pos);
  s.pos = host.end;
  const head: { -readonly [K in keyof SessionUrl]?: SessionUrl[K] } = {
    scheme,
    host: host.host,
    hostType: host.hostType,
  };
  if (s.eat(":")) head.port = port(s);
  const fixed = head as Omit<SessionUrl, "attributes">;
  if (scheme === "sdp") return sdpFragment(s, fixed);
  if (s.atEnd) return { ...fixed, attributes: [] };
  s.expect(
    "/",
    head.port === undefined ? "expected ':', '/' or the end" : "expected '/' or the end",
  );
  return iphonePath(s, fixed);
}
