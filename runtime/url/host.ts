/**
 * The host part of a session URL: a DNS name, a dotted IPv4 address, or an IPv6 literal in
 * brackets (RFC 3986 section 3.2.2; zone identifiers and IPvFuture are not accepted).
 *
 * @example
 * ```ts
 * import { scanHost } from "./host.ts";
 * scanHost("iphone://[2001:db8::1]:10000/", 9);
 * // { host: "2001:db8::1", hostType: "ipv6", end: 22 }
 * ```
 * @module
 */
import { SessionUrlError } from "./session_url_error.ts";

/** A host found by {@link scanHost}; `end` is the offset just after it. */
export interface ScannedHost {
  readonly host: string;
  readonly hostType: "name" | "ipv4" | "ipv6";
  readonly end: number;
}

const NAME_CHAR = /[A-Za-z0-9.-]/;

/**
 * Reads the host starting at `start` in `input`. Throws {@link SessionUrlError} pointing at
 * the offending character.
 */
export function scanHost(input: string, start: number): ScannedHost {
  if (input[start] === "[") {
    const close = input.indexOf("]", start + 1);
    if (close < 0) {
      throw new SessionUrlError(input, input.length, "expected ']' closing the IPv6 address");
    }
    checkIpv6(input, start + 1, close);
    return { host: input.slice(start + 1, close), hostType: "ipv6", end: close + 1 };
  }
  let end = start;
  while (end < input.length && NAME_CHAR.test(input[end])) end++;
  if (end === start) throw new SessionUrlError(input, start, "expected a host name or address");
  const host = input.slice(start, end);
  if (/^[0-9.]+$/.test(host)) {
    checkIpv4(input, start, end);
    return { host, hostType: "ipv4", end };
  }
  checkName(input, start, end);
  return { host, hostType: "name", end };
}

function checkIpv4(input: string, start: number, end: number): void {
  const parts = input.slice(start, end).split(".");
  if (parts.length !== 4) {
    throw new SessionUrlError(input, start, "expected an IPv4 address of 4 parts");
  }
  let at = start;
  for (const part of parts) {
    if (part.length === 0) throw new SessionUrlError(input, at, "expected an IPv4 address part");
    if (!/^[0-9]+$/.test(part)) {
      throw new SessionUrlError(input, at, "expected decimal digits in an IPv4 address part");
    }
    if (part.length > 3 || Number(part) > 255) {
      throw new SessionUrlError(input, at, "IPv4 address part out of range");
    }
    if (part.length > 1 && part[0] === "0") {
      throw new SessionUrlError(input, at, "IPv4 address part with a leading zero");
    }
    at += part.length + 1;
  }
}

function checkName(input: string, start: number, end: number): void {
  if (end - start > 253) throw new SessionUrlError(input, start + 253, "host name longer than 253");
  let at = start;
  const labels = input.slice(start, end).split(".");
  labels.forEach((label, i) => {
    const last = i === labels.length - 1;
    if (label.length === 0 && !(last && i > 0)) {
      throw new SessionUrlError(input, at, "expected a host name label");
    }
    if (label.length > 63) {
      throw new SessionUrlError(input, at + 63, "host name label longer than 63");
    }
    if (label.startsWith("-")) {
      throw new SessionUrlError(input, at, "host name label starting with '-'");
    }
    if (label.endsWith("-")) {
      throw new SessionUrlError(input, at + label.length - 1, "host name label ending with '-'");
    }
    at += label.length + 1;
  });
}

const HEX = /^[0-9A-Fa-f]{1,4}$/;

/** Checks an IPv6 address in `input[start, end)`, pointing errors at the group at fault. */
function checkIpv6(input: string, start: number, end: number): void {
  const text = input.slice(start, end);
  const fail = (offset: number, problem: string): never => {
    throw new SessionUrlError(input, start + offset, problem);
  };
  if (text.length === 0) fail(0, "expected an IPv6 address");
  const gap = text.indexOf("::");
  if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
    fail(text.indexOf("::", gap + 1), "second '::' in IPv6 address");
  }
  const halves = gap >= 0 ? [text.slice(0, gap), text.slice(gap + 2)] : [text];
  let groups = 0;
  let offset = 0;
  halves.forEach((half, h) => {
    if (h === 1) offset = gap + 2;
    if (half.length === 0) return;
    const parts = half.split(":");
    parts.forEach((part, i) => {
      const isLast = h === halves.length - 1 && i === parts.length - 1;
      if (isLast && part.includes(".")) {
        try {
          checkIpv4(part, 0, part.length);
        } catch (e) {
          // Point at the bad part of the dotted quad itself.
          const inner = e instanceof SessionUrlError ? e.offset : 0;
          fail(offset + inner, "bad IPv4 part in IPv6 address");
        }
        groups += 2;
      } else if (HEX.test(part)) {
        groups += 1;
      } else {
        const bad = [...part].findIndex((c, k) => k >= 4 || !/[0-9A-Fa-f]/.test(c));
        fail(offset + Math.max(0, bad), "expected 1 to 4 hex digits in IPv6 address");
      }
      offset += part.length + 1;
    });
  });
  if (gap >= 0 ? groups > 7 : groups !== 8) {
    fail(
      text.length,
      gap >= 0 ? "too many groups in IPv6 address" : "expected 8 groups in IPv6 address",
    );
  }
}
