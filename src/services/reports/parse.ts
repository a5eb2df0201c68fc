// Turns a saved or fetched article page into the title, date, source and body the store keeps.
// Department sites wrap each article in menus, contact blocks and "related news" lists; those
// must not reach the figure extractor, or their phone numbers and dates become "figures".
// These parsers run on the calling thread; the service calls them in the parse worker, under a
// deadline (services/parsing/parse-in-worker.ts).
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { checkMarkupLimits } from "../parsing/markup-limits.ts";
import { fold, tidy } from "../text/fold.ts";
import { AUTHOR_LINE, cleanBlocks, cleanLines, findLabelledDate, isoDay, DATE_LINE, findWeekdayDate, UPDATE_LINE, vietnamDay } from "./clean.ts";
import { blocksToText, type Block } from "./document.ts";
import { domToBlocks } from "./html-blocks.ts";
import { findPlaceDate, readOfficialLetter } from "./official-letter.ts";
import { restoreTables } from "./restore-tables.ts";
import { textToBlocks } from "./text-blocks.ts";

export { findLabelledDate, vietnamDay } from "./clean.ts";

export interface ParsedReport {
  title: string;
  url: string | null;
  publishedAt: Date | null;
  source: string | null;
  /** Always `blocksToText(blocks)`: what is hashed and searched. */
  body: string;
  /** Headings, paragraphs and tables in reading order. */
  blocks: Block[];
}

const meta = (doc: Document, key: string): string | null => doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute("content")?.trim() || null;

/**
 * Readability prefers <title>/og:title, which on these sites often carry, or are, the site's name;
 * the article's own h1 does not. A site name is known from og:site_name or from appearing in the
 * page's header or footer.
 */
function chooseTitle(readTitle: string, headings: string[], siteNames: string[], chromeText: string): string {
  const isSiteName = (text: string) => siteNames.some((s) => fold(s) === fold(text)) || (text.length >= 8 && chromeText.includes(fold(text)));
  const heading = headings.find((h) => h.length >= 8 && !isSiteName(h));
  if (!heading) return readTitle;
  const t = fold(readTitle);
  const h = fold(heading);
  if (!t || t.includes(h) || h.includes(t) || isSiteName(readTitle)) return heading;
  return siteNames.some((s) => s && t.includes(fold(s))) ? heading : readTitle;
}

export function parseReportHtml(html: string, url?: string): ParsedReport {
  checkMarkupLimits(html);
  const { document } = parseHTML(html);
  // Readability rewrites the document it is given, so everything else is read first.
  const chrome = "header, nav, footer, #header, #footer, .header, .footer, .menu, .logo";
  const headings = Array.from(document.querySelectorAll("h1"))
    .filter((h) => !h.closest(chrome))
    .map((h) => tidy(h.textContent ?? ""));
  const ogTitle = meta(document, "og:title");
  if (ogTitle) headings.push(tidy(ogTitle));
  const chromeText = fold(Array.from(document.querySelectorAll(chrome), (e) => tidy(e.textContent ?? "")).join(" | "));
  const siteNames = [meta(document, "og:site_name")].filter((s): s is string => !!s);
  const pageBlocks = document.body ? domToBlocks(document.body) : [];
  const pageText = blocksToText(pageBlocks);
  const metaDate = isoDay(meta(document, "article:published_time")) ?? isoDay(document.querySelector("time[datetime]")?.getAttribute("datetime"));
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? meta(document, "og:url") ?? null;

  const article = new Readability(document, { serializer: (node: Node) => node, charThreshold: 200 }).parse();
  const readTitle = tidy(article?.title ?? "");
  if (article?.siteName) siteNames.push(article.siteName);
  let title = chooseTitle(readTitle, headings, siteNames, chromeText) || tidy(document.title ?? "");
  const articleBlocks = article?.content ? restoreTables(domToBlocks(article.content), pageBlocks) : pageBlocks;
  const letter = readOfficialLetter(articleBlocks);
  if (letter?.title) title = letter.title;
  const { blocks, source } = cleanBlocks(letter?.blocks ?? articleBlocks, title);
  const byline = article?.byline ? tidy(article.byline) : null;
  return {
    title,
    url: url ?? (canonical && /^https?:\/\//i.test(canonical) ? canonical : null),
    publishedAt: findLabelledDate(pageText) ?? letter?.publishedAt ?? metaDate ?? findWeekdayDate(pageText) ?? findPlaceDate(pageText),
    source: source ?? (byline ? (AUTHOR_LINE.exec(byline)?.[1] ?? byline) : null),
    body: blocksToText(blocks),
    blocks,
  };
}

/**
 * Plain text saved from a page. The department's pages start with the site's contact block, so
 * when an update line "(Cập nhật: dd/mm/yyyy)" is present the title is the line just above it.
 * A text copy of an official letter takes its title and date from the letter's header.
 */
const REPORT_TITLE = /^(?:báo\s+cáo|kết\s+quả|tình\s+hình|thông\s+báo|kế\s+hoạch|tổng\s+kết|sơ\s+kết)(?!\p{L}).{12,}/iu;

/** The date of a line that holds nothing else ("Ngày 08/8/2025"). */
function lineDate(line: string): Date | null {
  const m = /(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/.exec(line);
  return m ? vietnamDay(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

export function parseReportText(text: string, name?: string): ParsedReport {
  let lines = text.normalize("NFC").replace(/\r\n?/g, "\n").split("\n");
  // "(Cập nhật: …)", or a line with nothing but a labelled date ("Ngày đăng: 06/06/2025 16:45").
  const updateAt = lines.findIndex((l) => UPDATE_LINE.test(tidy(l)) || DATE_LINE.test(tidy(l)));
  let title: string | null = null;
  let letterDate: Date | null = null;
  if (updateAt < 0) {
    // One line per block, blank lines as empty blocks, so the letter reader can drop single lines.
    const letter = readOfficialLetter(lines.map((l) => ({ type: "paragraph", text: tidy(l) })));
    if (letter) {
      lines = letter.blocks.map((b) => (b.type === "table" ? "" : b.text));
      title = letter.title;
      letterDate = letter.publishedAt;
    }
  }
  let bodyFrom = 0;
  if (title === null) {
    let titleAt = -1;
    // "KẾT QUẢ …", "BÁO CÁO …", "TÌNH HÌNH …" among the first lines is the title, wherever the
    // issuer's and the date's lines stand around it.
    const head = lines.slice(0, 12).map(tidy);
    const named = head.findIndex((l) => REPORT_TITLE.test(l) && l.length <= 200 && !/[.;:]$/.test(l));
    if (named >= 0 && (updateAt < 0 || named <= updateAt + 3)) titleAt = named;
    for (let i = updateAt - 1; i >= 0 && titleAt < 0; i--) if (tidy(lines[i])) titleAt = i;
    if (titleAt < 0) titleAt = lines.findIndex((l, i) => i !== updateAt && tidy(l) !== "");
    title = titleAt >= 0 ? tidy(lines[titleAt]) : tidy(name ?? "");
    bodyFrom = Math.max(updateAt, titleAt) + 1;
  }
  const cleaned = cleanLines(lines.slice(bodyFrom), title);
  const blocks = textToBlocks(cleaned.lines);
  return {
    title,
    url: null,
    publishedAt: updateAt >= 0 ? (findLabelledDate(lines[updateAt]) ?? lineDate(lines[updateAt])) : (findLabelledDate(text) ?? letterDate),
    source: cleaned.source,
    body: blocksToText(blocks),
    blocks,
  };
}
