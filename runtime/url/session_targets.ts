/**
 * What a session URL means for a call: where to send, in which encodings (in the URL's
 * order of preference), and which DTMF to dial once connected. Applies the defaults: port
 * 10000 when none is written, PCMU (0) and DVI4 (5) when no format is.
 *
 * @example
 * ```ts
 * import { parseSessionUrl } from "./parse_session_url.ts";
 * import { sessionTargets } from "./session_targets.ts";
 * sessionTargets(parseSessionUrl("iphone:gw.example/&dial=0357343299"));
 * // [{ host: "gw.example", hostType: "name", port: 10000, format: { payloadType: 0 },
 * //    dtmf: "0357343299" }, { ... format: { payloadType: 5 }, dtmf: "0357343299" }]
 * ```
 * @module
 */
import {
  DEFAULT_FORMATS,
  DEFAULT_PORT,
  type MediaFormat,
  type SessionAttribute,
  type SessionUrl,
} from "./session_url.ts";

/** One way to place the call described by a session URL. */
export interface SessionTarget {
  readonly host: string;
  readonly hostType: SessionUrl["hostType"];
  /** UDP port to send the voice stream to. */
  readonly port: number;
  readonly format: MediaFormat;
  /** DTMF to send once the stream is up (may hold `u`/`p`: see `expandDtmf`). */
  readonly dtmf?: string;
  /**
   * Payload type of RFC 4733 `telephone-event` when the URL lists that format with the
   * medium: the callee wants digits as events.
   */
  readonly telephoneEventType?: number;
  /** The URL's alternative this target belongs to (media joined by `&` share one). */
  readonly group?: number;
  /**
   * True when the URL carries `a=rtcp-mux` (RFC 5761) for this target (on the medium, its
   * group or the session): RTCP shares the RTP port. Otherwise RTCP goes to the RTP port
   * + 1 (RFC 3550 section 11); the URL drafts name only the RTP port.
   */
  readonly rtcpMux?: boolean;
}

/** RFC 4733's encoding name, not a voice format: it rides along with one. */
export const TELEPHONE_EVENT = "telephone-event";

function isTelephoneEvent(format: MediaFormat): boolean {
  return format.encoding?.toLowerCase() === TELEPHONE_EVENT;
}

function asksMux(attributes: readonly SessionAttribute[]): boolean {
  return attributes.some((a) => a.kind === "other" && a.name.toLowerCase() === "rtcp-mux");
}

function dtmfOf(attributes: readonly SessionAttribute[]): string | undefined {
  for (const a of attributes) if (a.kind === "dtmf") return a.digits;
  return undefined;
}

/**
 * The voice targets of a URL, most preferred first. In the media form each medium's own
 * port wins over the host's; a medium's DTMF attribute over its group's, and those over
 * the session's. A `telephone-event` medium is no target: it gives its payload type to
 * the voice targets of its group (`m=rtp:10000:0&m=rtp:10000:101:telephone-event:8000`).
 */
export function sessionTargets(url: SessionUrl): SessionTarget[] {
  const base = { host: url.host, hostType: url.hostType };
  const sessionDtmf = dtmfOf(url.attributes);
  const sessionMux = asksMux(url.attributes);
  const withDtmf = (t: Omit<SessionTarget, "dtmf">, dtmf: string | undefined): SessionTarget =>
    dtmf === undefined ? t : { ...t, dtmf };
  if (url.media && url.media.length) {
    const media = url.media.map((m, i) => ({ ...m, group: m.group ?? -1 - i }));
    const groupOf = (g: number) => media.filter((m) => m.group === g);
    return media.filter((m) => !isTelephoneEvent(m.format)).map((m) => {
      const group = groupOf(m.group);
      const events = group.find((x) => isTelephoneEvent(x.format))?.format.payloadType;
      const dtmf = dtmfOf(m.attributes) ??
        group.map((x) => dtmfOf(x.attributes)).find((d) => d !== undefined) ?? sessionDtmf;
      const mux = sessionMux || group.some((x) => asksMux(x.attributes));
      const target = {
        ...base,
        port: m.port,
        format: m.format,
        ...(m.group >= 0 ? { group: m.group } : {}),
        ...(events === undefined ? {} : { telephoneEventType: events }),
        ...(mux ? { rtcpMux: true } : {}),
      };
      return withDtmf(target, dtmf);
    });
  }
  const port = url.port ?? DEFAULT_PORT;
  const formats = url.formats && url.formats.length ? url.formats : DEFAULT_FORMATS;
  const mux = sessionMux ? { rtcpMux: true } : {};
  return formats.map((format) => withDtmf({ ...base, port, format, ...mux }, sessionDtmf));
}
