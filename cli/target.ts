/**
 * What `phone call TARGET` accepts: a session URL (`iphone://...`, `sdp://...`), a host
 * or `host:port` (`[v6]:port` for IPv6), or a phone number looked up in the white pages.
 * @module
 */
import { parseSessionUrl } from "../runtime/url/parse_session_url.ts";
import { SessionUrlError } from "../runtime/url/session_url_error.ts";
import type { SessionUrl } from "../runtime/url/session_url.ts";
import { lookupNumber } from "../runtime/whitepages/client.ts";
import type { NumberingContext } from "../runtime/whitepages/numbering.ts";
import { parseContextSettings } from "../runtime/whitepages/transfer.ts";
import { UsageError } from "./errors.ts";

/** How the target was understood, for the user. */
export interface ResolvedTarget {
  readonly url: SessionUrl;
  /** The session URL as text. */
  readonly text: string;
  /** `url`, `host` or `number`. */
  readonly kind: "url" | "host" | "number";
}

const NUMBER = /^\+?[0-9*#][0-9*#\s\-.()]*$/;

/** True when `target` reads as a phone number rather than a host. */
export function looksLikeNumber(target: string): boolean {
  return NUMBER.test(target) && !/^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(target);
}

function parse(text: string, what: string): SessionUrl {
  try {
    return parseSessionUrl(text);
  } catch (e) {
    if (e instanceof SessionUrlError) {
      throw new UsageError(`${what}: ${e.message}\n  ${text}\n  ${" ".repeat(e.offset)}^`);
    }
    throw e;
  }
}

/** The session URL for a host or `host:port`, listing `formats` (payload types or names). */
export function hostUrl(target: string, formats: readonly string[]): string {
  const bracketed = /^\[[^\]]+\](:\d+)?$/.test(target);
  const bareV6 = !bracketed && (target.match(/:/g)?.length ?? 0) > 1;
  const hostPort = bareV6 ? `[${target}]` : target;
  return `iphone://${hostPort}/${formats.join(",")}`;
}

/**
 * Resolves a call target. `formats` are used for a bare host; `whitepages` is the
 * server for numbers (required for them).
 */
/** The `numbering` setting as a context; a UsageError names what is wrong with it. */
export function numberingContext(settings?: string): NumberingContext | undefined {
  if (!settings) return undefined;
  try {
    return parseContextSettings(settings);
  } catch (e) {
    throw new UsageError(`numbering: ${(e as Error).message}`);
  }
}

export async function resolveTarget(
  target: string,
  options: { formats: readonly string[]; whitepages?: string; numbering?: string },
): Promise<ResolvedTarget> {
  if (/^(iphone|sdp):/i.test(target)) {
    return { url: parse(target, "session URL"), text: target, kind: "url" };
  }
  if (looksLikeNumber(target)) {
    if (!options.whitepages) {
      throw new UsageError(
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
      throw new UsageError((e as Error).message);
    }
    return { url: parse(text, `white pages answer for ${target}`), text, kind: "number" };
  }
  const text = hostUrl(target, options.formats);
  return { url: parse(text, `host "${target}"`), text, kind: "host" };
}
