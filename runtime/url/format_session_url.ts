/**
 * Writes a {@link SessionUrl} back as text, so that `parseSessionUrl(formatSessionUrl(u))`
 * equals `u`. `iphone:` URLs are written with `//`; `#` in DTMF digits as `%23`; between
 * media `,`.
 *
 * @example
 * ```ts
 * import { formatSessionUrl } from "./format_session_url.ts";
 * formatSessionUrl({
 *   scheme: "iphone", host: "2001:db8::1", hostType: "ipv6", port: 10000,
 *   formats: [{ payloadType: 0 }, { encoding: "L16", clockRate: 8000, channels: 1 }],
 *   attributes: [{ kind: "dtmf", digits: "1234#", spelling: "dial" }],
 * }); // "iphone://[2001:db8::1]:10000/0,L16:8000:1&dial=1234%23"
 * ```
 * @module
 */
import { formatDtmf } from "./dtmf_digits.ts";
import type { MediaFormat, RtpMedium, SessionAttribute, SessionUrl } from "./session_url.ts";

function fail(problem: string): never {
  throw new RangeError(`cannot write session URL: ${problem}`);
}

function integer(value: number, what: string, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) fail(`${what} ${value} out of range`);
  return String(value);
}

function hostPort(url: SessionUrl): string {
  const host = url.hostType === "ipv6" ? `[${url.host}]` : url.host;
  return url.port === undefined ? host : `${host}:${integer(url.port, "port", 1, 65535)}`;
}

/** `encoding[:clock[:channels]]`, or a payload type alone. */
function format(f: MediaFormat, allowBinding: boolean): string {
  const pt = f.payloadType === undefined
    ? undefined
    : integer(f.payloadType, "payload type", 0, 127);
  if (f.staticFormat !== undefined) {
    if (!allowBinding || pt === undefined || f.encoding !== undefined) {
      fail("a static format is named only by a medium's dynamic payload type");
    }
    return `${integer(Number(pt), "dynamic payload type", 96, 127)}:${
      integer(f.staticFormat, "static payload type", 0, 95)
    }`;
  }
  if (f.encoding === undefined) {
    if (pt === undefined) fail("a format needs a payload type or an encoding");
    if (f.clockRate !== undefined || f.channels !== undefined) {
      fail("a clock rate needs an encoding name");
    }
    return pt;
  }
  if (!/^([A-Za-z][A-Za-z0-9._~-]*|1016)$/.test(f.encoding)) {
    fail(`bad encoding name "${f.encoding}"`);
  }
  if (pt !== undefined && !allowBinding) fail("a formats list cannot bind payload types");
  let text = pt === undefined ? f.encoding : `${pt}:${f.encoding}`;
  if (f.clockRate !== undefined) text += `:${integer(f.clockRate, "clock rate", 1, 0xffffffff)}`;
  if (f.channels !== undefined) {
    if (f.clockRate === undefined) fail("a channel count needs a clock rate");
    text += `:${integer(f.channels, "channel count", 1, 255)}`;
  }
  return text;
}

function attribute(a: SessionAttribute): string {
  if (a.kind === "dtmf") {
    return `${a.spelling === "dial" ? "dial=" : "a=dtmf:"}${formatDtmf(a.digits)}`;
  }
  if (!/^[A-Za-z0-9._~-]+$/.test(a.name) || a.name === "dtmf") {
    fail(`bad attribute name "${a.name}"`);
  }
  if (a.value === undefined) return `a=${a.name}`;
  if (!/^[A-Za-z0-9._~!$'()*+;=:@/-]+$/.test(a.value)) fail(`bad attribute value "${a.value}"`);
  return `a=${a.name}:${a.value}`;
}

function attributes(list: readonly SessionAttribute[]): string {
  return list.map((a) => `&${attribute(a)}`).join("");
}

function medium(m: RtpMedium): string {
  return `m=rtp:${integer(m.port, "port", 1, 65535)}:${format(m.format, true)}${
    attributes(m.attributes)
  }`;
}

function sdpUrl(url: SessionUrl): string {
  const media = url.media ?? [];
  if (media.length === 0) fail("an sdp: URL needs a medium");
  const port = media[0].port;
  const types = media.map((m) => {
    const f = m.format;
    if (
      m.port !== port || m.attributes.length || f.encoding !== undefined ||
      f.payloadType === undefined
    ) {
      fail("an sdp: URL carries one port and payload types only");
    }
    return integer(f.payloadType, "payload type", 0, 127);
  });
  if (url.formats || url.attributes.length) fail("an sdp: URL has no formats list or attributes");
  return `sdp://${hostPort(url)}/#m=audio+${integer(port, "port", 1, 65535)}+RTP-AVP+${
    types.join("+")
  }`;
}

/**
 * Writes a session URL. Throws `RangeError` for an object no URL can express (a programming
 * error: every object `parseSessionUrl` returns can be written).
 */
export function formatSessionUrl(url: SessionUrl): string {
  if (url.scheme === "sdp") return sdpUrl(url);
  const head = `iphone://${hostPort(url)}`;
  if (url.formats && url.media) fail("formats and media are exclusive");
  if (url.media) {
    if (url.media.length === 0) fail("a media list needs a medium");
    if (url.attributes.length) fail("session attributes cannot follow media");
    // `&` between the media of one group, `,` between groups.
    return `${head}/${
      url.media.map((m, i) => {
        const prev = url.media![i - 1];
        const joined = i > 0 && m.group !== undefined && m.group === prev.group;
        return (i === 0 ? "" : joined ? "&" : ",") + medium(m);
      }).join("")
    }`;
  }
  if (url.formats) {
    if (url.formats.length === 0) fail("a formats list needs a format");
    return `${head}/${url.formats.map((f) => format(f, false)).join(",")}${
      attributes(url.attributes)
    }`;
  }
  return url.attributes.length ? `${head}/${attributes(url.attributes)}` : head;
}
