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
}

function dtmfOf(attributes: readonly SessionAttribute[]): string | undefined {
  for (const a of attributes) if (a.kind === "dtmf") return a.digits;
  return undefined;
}

/**
 * The targets of a URL, most preferred first. In the media form each medium's own port
 * wins over the host's; a medium's DTMF attribute over the session's.
 */
export function sessionTargets(url: SessionUrl): SessionTarget[] {
  const base = { host: url.host, hostType: url.hostType };
  const sessionDtmf = dtmfOf(url.attributes);
  const withDtmf = (t: Omit<SessionTarget, "dtmf">, dtmf: string | undefined): SessionTarget =>
    dtmf === undefined ? t : { ...t, dtmf };
  if (url.media && url.media.length) {
    return url.media.map((m) =>
      withDtmf({ ...base, port: m.port, format: m.format }, dtmfOf(m.attributes) ?? sessionDtmf)
    );
  }
  const port = url.port ?? DEFAULT_PORT;
  const formats = url.formats && url.formats.length ? url.formats : DEFAULT_FORMATS;
  return formats.map((format) => withDtmf({ ...base, port, format }, sessionDtmf));
}
