// RSS 2.0 and Atom feeds to items. Anything that is not a readable feed throws, so the crawler
// records a failure instead of mistaking a broken feed for an empty one.
import { createRequire } from "node:module";
import Parser from "rss-parser";
import { checkMarkupLimits } from "../parsing/markup-limits.ts";
import { cutText, markupText } from "../text/markup-text.ts";
import { tidy } from "../text/fold.ts";

export interface RawItem {
  guid?: string;
  url?: string;
  title: string;
  publishedAt?: Date;
  summary?: string;
}

const SUMMARY_MAX = 500;
/** Feed titles and summaries are cut to these lengths before anything reads them. */
export const TITLE_INPUT_MAX = 500;
export const SUMMARY_INPUT_MAX = 2_000;

// rss-parser strips the tags of every item's content into `contentSnippet` with lazy regexes
// (/<(?:.|\n)*?>/) that are quadratic on text full of "<" with no ">": a description of 20,000
// "&lt;p" took 4 s, 5 MB of them would take hours. Its snippet is replaced, once, by the same
// text (block tags separate words, inline tags do not) read linearly from the part a summary
// can use.
const BLOCK_TAG = /^(?:h|br|p|ul|ol|li|blockquote|section|table|tr|div)/;
const rssUtils = createRequire(import.meta.url)("rss-parser/lib/utils.js") as { getSnippet: (html: string) => string };
rssUtils.getSnippet = (html) => markupText(cutText(html, SUMMARY_INPUT_MAX), (tag) => (BLOCK_TAG.test(tag) ? "\n" : "")).trim();

/** Feed titles and summaries are often HTML; people get plain text. */
function plainText(html: string | undefined, max: number): string {
  return tidy(markupText(cutText(html ?? "", max)));
}

/** A summary short enough for a chat message, cut at a word boundary. */
export function plainSummary(html: string | undefined): string | undefined {
  const text = plainText(html, SUMMARY_INPUT_MAX);
  if (!text) return undefined;
  if (text.length <= SUMMARY_MAX) return text;
  const cut = text.slice(0, SUMMARY_MAX);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), SUMMARY_MAX - 50))}…`;
}

function date(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export async function parseFeed(xml: string): Promise<RawItem[]> {
  checkMarkupLimits(xml, { xml: true });
  let feed: Parser.Output<{ id?: string }>;
  try {
    feed = await new Parser<Record<string, never>, { id?: string }>().parseString(xml);
  } catch (err) {
    const reason = ((err as Error)?.message ?? String(err)).split("\n")[0];
    throw new Error(`Không đọc được nguồn RSS/Atom: ${reason}`, { cause: err });
  }
  const items: RawItem[] = [];
  for (const entry of feed.items ?? []) {
    const guid = typeof entry.guid === "string" ? entry.guid.trim() : typeof entry.id === "string" ? entry.id.trim() : "";
    const url = typeof entry.link === "string" ? entry.link.trim() : "";
    const summary = plainSummary(entry.contentSnippet ?? entry.summary ?? entry.content);
    const title = plainText(typeof entry.title === "string" ? entry.title : undefined, TITLE_INPUT_MAX) || summary?.slice(0, 120);
    // An entry with neither title nor summary cannot be told apart or shown to anyone.
    if (!title) continue;
    const item: RawItem = { title };
    if (guid) item.guid = guid;
    if (url) item.url = url;
    const publishedAt = date(entry.isoDate ?? entry.pubDate);
    if (publishedAt) item.publishedAt = publishedAt;
    if (summary) item.summary = summary;
    items.push(item);
  }
  return items;
}
