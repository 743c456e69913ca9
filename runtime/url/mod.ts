/**
 * Session URLs of the Simple Internet Phone: `iphone:` (draft-fujikawa-iphone-url, with
 * the paper's `&dial=`) and NOTASIP's `sdp:` form. Pure functions, no I/O.
 *
 * @example
 * ```ts
 * import {
 *   caretDisplay, expandDtmf, formatSessionUrl, parseSessionUrl, SessionUrlError, sessionTargets,
 * } from "./mod.ts";
 * try {
 *   const url = parseSessionUrl("iphone://gw.example/0&dial=0357343299%23u%23p%23");
 *   const [first] = sessionTargets(url); // { host, port: 10000, format: { payloadType: 0 }, dtmf }
 *   const dial = expandDtmf(first.dtmf!, { user: "1234", pin: "5678" });
 *   console.log(formatSessionUrl(url), first.port, dial);
 * } catch (e) {
 *   if (e instanceof SessionUrlError) console.error(caretDisplay(e));
 *   else throw e;
 * }
 * ```
 * @module
 */
export * from "./session_url.ts";
export * from "./session_url_error.ts";
export * from "./parse_session_url.ts";
export * from "./format_session_url.ts";
export * from "./session_targets.ts";
export { type DtmfCredentials, expandDtmf } from "./dtmf_digits.ts";
