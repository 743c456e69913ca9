/**
 * Lines that fit the terminal: fields dropped by importance rather than wrapped in the
 * middle of a word, key help packed by whole items, log lines cut at a word.
 *
 * @example
 * ```ts
 * import { fitFields, clipLine, packItems } from "./screen_layout.ts";
 * fitFields([["state TALKING", 0], ["jitter 3.1 ms", 2], ["MOS 4.30", 1]], 30);
 * // "state TALKING  MOS 4.30" (jitter dropped first)
 * clipLine("12:00:01 calling iphone://a.very.long.example:10000/0,8", 30);
 * packItems(["a answer", "h hang up", "q quit"], 20); // ["a answer  h hang up", "q quit"]
 * ```
 * @module
 */

/** A field and its importance: 0 is kept longest. */
export type Field = readonly [text: string, importance: number];

const SEP = "  ";

/** The fields, in their order, without the least important ones until they fit `width`. */
export function fitFields(fields: readonly Field[], width: number): string {
  let kept = fields.filter(([text]) => text !== "");
  const join = () => kept.map(([text]) => text).join(SEP);
  while (kept.length > 1 && join().length > width) {
    const worst = Math.max(...kept.map(([, importance]) => importance));
    const drop = kept.findLastIndex(([, importance]) => importance === worst);
    kept = kept.filter((_, i) => i !== drop);
  }
  return clipLine(join(), width);
}

/** `line` if it fits, else cut at the last space that leaves room for "…". */
export function clipLine(line: string, width: number): string {
  if (line.length <= width) return line;
  if (width < 2) return line.slice(0, width);
  const cut = line.lastIndexOf(" ", width - 1);
  return (cut > 0 ? line.slice(0, cut) : line.slice(0, width - 1)).trimEnd() + "…";
}

/** Whole items on as few lines of at most `width` as they need (an item too long is clipped). */
export function packItems(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    if (line && (line + SEP + item).length > width) {
      lines.push(line);
      line = "";
    }
    line = line ? line + SEP + item : clipLine(item, width);
  }
  if (line) lines.push(line);
  return lines;
}

/** `m:ss` or `h:mm:ss`. */
export function callTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return `${h ? `${h}:` : ""}${mm}:${String(r).padStart(2, "0")}`;
}
