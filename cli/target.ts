/**
 * What `phone call TARGET` accepts: a session URL (`iphone://...`, `sdp://...`), a host
 * or `host:port` (`[v6]:port` for IPv6), a phone number looked up in the white pages,
 * or a name looked up in the yellow pages.
 * @module
 */
import { parseSessionUrl } from "../runtime/url/parse_session_url.ts";
import { SessionUrlError } from "../runtime/url/session_url_error.ts";
import type { SessionUrl } from "../runtime/url/session_url.ts";
import { lookupNumber } from "../runtime/whitepages/client.ts";
import type { NumberingContext } from "../runtime/whitepages/numbering.ts";
import { parseContextSettings } from "../runtime/whitepages/transfer.ts";
import { searchYellowPages } from "../runtime/yellowpages/client.ts";
import type { SearchHit } from "../runtime/yellowpages/index.ts";
import { UsageError } from "./errors.ts";
import { notUnicastReason } from "../runtime/net/address_use.ts";

/** A call target that cannot be called (exit status 5): says what and where. */
export class TargetError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "TargetError";
  }
}

/** How the target was understood, for the user. */
export interface ResolvedTarget {
  readonly url: SessionUrl;
  /** The session URL as text. */
  readonly text: string;
  /** `url`, `host`, `number` or `name` (found in the yellow pages). */
  readonly kind: "url" | "host" | "number" | "name";
  /** For a name: who was found. */
  readonly name?: string;
}

const NUMBER = /^\+?[0-9*#][0-9*#\s\-.()]*$/;

/** True when `target` reads as a phone number rather than a host. */
export function looksLikeNumber(target: string): boolean {
  return NUMBER.test(target) && !/^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(target);
}

function pointAt(what: string, message: string, text: string, offset: number): TargetError {
  return new TargetError(`${what}: ${message}\n  ${text}\n  ${" ".repeat(offset)}^`);
}

function parse(text: string, what: string): SessionUrl {
  let url: SessionUrl;
  try {
    url = parseSessionUrl(text);
  } catch (e) {
    if (e instanceof SessionUrlError) throw pointAt(what, e.message, text, e.offset);
    throw e;
  }
  // A literal address must name one host: no unspecified, multicast or broadcast address.
  const problem = url.hostType === "name" ? undefined : notUnicastReason(url.host);
  if (problem) {
    const at = url.hostType === "ipv6" ? text.indexOf("[") + 1 : text.indexOf(url.host);
    throw pointAt(what, `cannot call ${url.host}: ${problem}`, text, Math.max(0, at));
  }
  return url;
}

/** The session URL for a host or `host:port`, listing `formats` (payload types or names). */
export function hostUrl(target: string, formats: readonly string[]): string {
  const bracketed = /^\[[^\]]+\](:\d+)?$/.test(target);
  const bareV6 = !bracketed && (target.match(/:/g)?.length ?? 0) > 1;
  const hostPort = bareV6 ? `[${target}]` : target;
  return `iphone://${hostPort}/${formats.join(",")}`;
}

/** The `numbering` setting as a context; a UsageError names what is wrong with it. */
export function numberingContext(settings?: string): NumberingContext | undefined {
  if (!settings) return undefined;
  try {
    return parseContextSettings(settings);
  } catch (e) {
    throw new UsageError(`numbering: ${(e as Error).message}`);
  }
}

/**
 * True when `target` can only be a name: it has spaces, or characters no host name
 * has. A single word without a dot (`alice`) may be a host or a name; see
 * {@link resolveTarget}.
 */
export function looksLikeName(target: string): boolean {
  return /\s/.test(target.trim()) || !/^[\p{L}\p{N}._\-:\[\]%]+$/u.test(target);
}

function singleWordHost(target: string): boolean {
  return /^[A-Za-z0-9-]+$/.test(target) && target.toLowerCase() !== "localhost";
}

/** The choices for a name that several entries match, for the user. */
export function formatChoices(hits: readonly SearchHit[]): string {
  return hits.map((h, i) =>
    `  ${i + 1}. ${h.name}  ${h.url}${h.context ? `\n     ${h.context.slice(0, 100)}` : ""}`
  ).join("\n");
}

async function resolveName(
  target: string,
  yellowpages: string,
): Promise<ResolvedTarget | undefined> {
  let hits: SearchHit[];
  try {
    hits = await searchYellowPages(yellowpages, target, { limit: 10 });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // Several entries for one person (the same URL on several pages) are one choice.
  const unique = hits.filter((h, i) => hits.findIndex((x) => x.url === h.url) === i);
  if (unique.length === 0) return undefined;
  if (unique.length > 1) {
    throw new UsageError(
      `"${target}" matches ${unique.length} entries in the yellow pages:\n${
        formatChoices(unique)
      }\n` +
        `call one by its URL (phone call 'URL') or give more of the name`,
    );
  }
  const [hit] = unique;
  return {
    url: parse(hit.url, `yellow pages entry for ${target}`),
    text: hit.url,
    kind: "name",
    name: hit.name,
  };
}

/**
 * Resolves a call target. `formats` are used for a bare host; `whitepages` is the
 * server for numbers (required for them), `yellowpages` the search service for
 * names: a target that can only be a name is searched there; a single word is
 * searched there first and called as a host when no one has that name.
 */
export async function resolveTarget(
  target: string,
  options: {
    formats: readonly string[];
    whitepages?: string;
    numbering?: string;
    yellowpages?: string;
  },
): Promise<ResolvedTarget> {
  if (/^(iphone|sdp):/i.test(target)) {
    return { url: parse(target, "session URL"), text: target, kind: "url" };
  }
  if (looksLikeNumber(target)) {
    if (!options.whitepages) {
      throw new TargetError(
        `"${target}" looks like a phone number, but no white pages server is set ` +
          `(use --whitepages URL or PHONE_WHITEPAGES)`,
      );
    }
    let text: string;
    try {
      text = await lookupNumber(options.whitepages, target, {
        context: numberingContext(options.numbering),
      });
    } catch (e) {
      throw new TargetError((e as Error).message);
    }
    return { url: parse(text, `white pages answer for ${target}`), text, kind: "number" };
  }
  const name = looksLikeName(target);
  if (name || (options.yellowpages && singleWordHost(target))) {
    if (!options.yellowpages) {
      throw new UsageError(
        `"${target}" looks like a name, but no yellow pages service is set ` +
          `(set yellowpages or PHONE_YELLOWPAGES)`,
      );
    }
    const found = await resolveName(target, options.yellowpages);
    if (found) return found;
    if (name) throw new UsageError(`no one named "${target}" in the yellow pages`);
  }
  const text = hostUrl(target, options.formats);
  return { url: parse(text, `host "${target}"`), text, kind: "host" };
}
