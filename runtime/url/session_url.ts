/**
 * The session URL of the Simple Internet Phone (draft-fujikawa-iphone-url; the paper's
 * section 2.5) as plain data: where to send the voice stream and how it is encoded.
 *
 * ```text
 * iphone://130.54.0.1:10000/0,5                      formats form
 * iphone://phone.ooi.co.jp/m=rtp:10000:0&a=dtmf:1234  media form with a DTMF attribute
 * iphone://130.54.0.1/m=rtp:9000:99:DVI4:8000         dynamic payload type 99
 * sdp://mohta.person.titech.ac.jp/#m=audio+10000+RTP-AVP+0   NOTASIP -02 Appendix A
 * ```
 *
 * Parse with `parseSessionUrl`, write with `formatSessionUrl`, and let `sessionTargets`
 * apply the defaults (port 10000, PCMU and DVI4).
 * @module
 */

/** Port used when a URL names none (NOTASIP's examples; never assigned by IANA). */
export const DEFAULT_PORT = 10000;

/** Formats assumed when a URL names none: PCMU (0) and DVI4 (5). */
export const DEFAULT_FORMATS: readonly MediaFormat[] = [{ payloadType: 0 }, { payloadType: 5 }];

/**
 * One encoding: a payload type alone (`0`), an encoding name with optional clock rate and
 * channel count (`L16:8000:1`), or, inside a medium, a dynamic payload type bound to a
 * name (`97:L16:8000:1`). `channels` is only present together with `clockRate`.
 */
export interface MediaFormat {
  readonly payloadType?: number;
  /**
   * In a medium, a dynamic payload type bound to a static one's format (`m=rtp:P:99:0`:
   * type 99 carries what type 0 means, PCMU).
   */
  readonly staticFormat?: number;
  /** Encoding name: starts with a letter, or the grammar's one numeric name, `1016`. */
  readonly encoding?: string;
  readonly clockRate?: number;
  readonly channels?: number;
}

/** `a=dtmf:` digits, or the paper's `dial=` alias: sent as DTMF once the call is up. */
export interface DtmfAttribute {
  readonly kind: "dtmf";
  /** Digits `0-9 * # A-D`, and the placeholders `u` (user number) and `p` (PIN). */
  readonly digits: string;
  /** How it was written: `a=dtmf:` (the drafts) or `dial=` (the paper). */
  readonly spelling: "a=dtmf" | "dial";
}

/** Any other `a=name[:value]` attribute, kept as written. */
export interface OtherAttribute {
  readonly kind: "other";
  readonly name: string;
  readonly value?: string;
}

/** An attribute of a medium or of the whole session. */
export type SessionAttribute = DtmfAttribute | OtherAttribute;

/** `m=rtp:port:payloadtype` and the attributes that follow it. */
export interface RtpMedium {
  readonly port: number;
  readonly format: MediaFormat;
  readonly attributes: readonly SessionAttribute[];
  /**
   * Which alternative the medium belongs to: media joined by `&` share a group (they are
   * used together, such as a voice format and `telephone-event`); `,` starts the next
   * group. Counted from 0; absent means a group of its own.
   */
  readonly group?: number;
}

/** A parsed session URL. Exactly as written: defaults are applied by `sessionTargets`. */
export interface SessionUrl {
  readonly scheme: "iphone" | "sdp";
  /** Host name, dotted IPv4 address, or IPv6 address without brackets. */
  readonly host: string;
  readonly hostType: "name" | "ipv4" | "ipv6";
  /** Port written after the host, if any. */
  readonly port?: number;
  /** The formats form (`/0,5`); absent in the media form and when nothing is written. */
  readonly formats?: readonly MediaFormat[];
  /** The media form (`/m=rtp:...`), and the `sdp:` form. */
  readonly media?: readonly RtpMedium[];
  /** Attributes of the whole session: those after a formats list or after a bare `/`. */
  readonly attributes: readonly SessionAttribute[];
}
