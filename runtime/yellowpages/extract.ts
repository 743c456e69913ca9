/**
 * Phone links in a web page: every `<a>` or `<area>` whose `href` is a session URL
 * (`iphone:` or `sdp:`), with its link text, the page's title and the text around
 * it, read with an HTML parser (htmlparser2) so that scripts, comments, attributes
 * and broken markup are taken as a browser would, not as a pattern would.
 *
 * @example
 * ```ts
 * import { extractPhoneLinks } from "./extract.ts";
 * const { links } = extractPhoneLinks(
 *   '<p>Office: <a href="iphone://phone.example.jp/0">Tokyo desk</a></p>',
 * );
 * links[0].name; // "Tokyo desk"
 * ```
 * @module
 */
import { Parser } from "htmlparser2";
import { parseSessionUrl } from "../url/parse_session_url.ts";

/** One phone link found in a page. */
export interface PhoneLink {
  /** The session URL, as written in the page. */
  url: string;
  /** The link's text (or its `title`, or the page title when it has none). */
  name: string;
  /** Text around the link, for search and to tell entries apart. */
  context: string;
}

/** What a page gave. */
export interface ExtractResult {
  title: string;
  links: PhoneLink[];
  /** Phone links whose URL did not parse (dropped). */
  invalid: number;
}

/** Characters of surrounding text kept on each side of a link. */
export const CONTEXT_CHARS = 160;
const MAX_NAME = 200;
const MAX_LINKS = 10000;
const SKIP = new Set(["script", "style", "template", "noscript", "head"]);
const BLOCK = new Set([
  "p",
  "div",
  "li",
  "td",
  "th",
  "tr",
  "br",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "section",
  "article",
  "dd",
  "dt",
  "address",
]);

// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Collapses white space and drops control and bidi-override characters. */
export function cleanText(s: string, max = Infinity): string {
  const t = s.replace(CONTROL, "").replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1).trimEnd() + "…" : t;
}

function isPhoneHref(href: string): boolean {
  return /^\s*(iphone|sdp):/i.test(href);
}

/** The block (paragraph, list item, cell) around `start..end`, at most CONTEXT_CHARS each side. */
function surrounding(text: string, start: number, end: number): string {
  const blockStart = text.lastIndexOf("\n", start - 1) + 1;
  let blockEnd = text.indexOf("\n", end);
  if (blockEnd < 0) blockEnd = text.length;
  return text.slice(
    Math.max(blockStart, start - CONTEXT_CHARS),
    Math.min(blockEnd, end + CONTEXT_CHARS),
  );
}

/** Finds the phone links in `html`; never throws, whatever the markup. */
export function extractPhoneLinks(html: string): ExtractResult {
  let text = ""; // the page's visible text, for surrounding context
  let title = "";
  let inTitle = 0;
  let skip = 0;
  let invalid = 0;
  const open: { url: string; title: string; start: number; nameStart: number }[] = [];
  const found: { url: string; name: string; start: number; end: number }[] = [];
  const parser = new Parser({
    onopentag(name, attrs) {
      if (SKIP.has(name)) skip++;
      if (name === "title") inTitle++;
      if (BLOCK.has(name)) text += "\n";
      if ((name === "a" || name === "area") && attrs.href !== undefined) {
        if (!isPhoneHref(attrs.href)) return;
        const url = attrs.href.trim();
        try {
          parseSessionUrl(url);
        } catch {
          invalid++;
          return;
        }
        const entry = { url, title: attrs.title ?? attrs.alt ?? "", start: text.length };
        if (name === "area") {
          found.push({ url, name: entry.title, start: text.length, end: text.length });
        } else open.push({ ...entry, nameStart: text.length });
      }
    },
    ontext(t) {
      if (inTitle) title += t;
      else if (!skip) text += t;
    },
    onclosetag(name) {
      if (SKIP.has(name) && skip > 0) skip--;
      if (name === "title" && inTitle > 0) inTitle--;
      if (BLOCK.has(name)) text += "\n";
      if (name === "a" && open.length) {
        const a = open.pop()!;
        const linkText = text.slice(a.nameStart);
        found.push({
          url: a.url,
          name: cleanText(linkText) || a.title,
          start: a.start,
          end: text.length,
        });
      }
    },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  parser.write(html);
  parser.end();
  const pageTitle = cleanText(title, MAX_NAME);
  const links = found.slice(0, MAX_LINKS).map((f) => ({
    url: f.url,
    name: cleanText(f.name, MAX_NAME) || pageTitle || f.url,
    context: cleanText(surrounding(text, f.start, f.end), 3 * CONTEXT_CHARS),
  }));
  return { title: pageTitle, links, invalid };
}
