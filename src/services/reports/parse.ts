// Turns a saved or fetched article page into the title, date, source and body the store keeps.
// Department sites wrap each article in menus, contact blocks and "related news" lists; those
// must not reach the figure extractor, or their phone numbers and dates become "figures".
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { fold, tidy } from "../text/fold.ts";

export interface ParsedReport {
  title: string;
  url: string | null;
  publishedAt: Date | null;
  source: string | null;
  body: string;
}

const DATE_LABEL = String.raw`(?:ngày\s+cập\s+nhật|cập\s+nhật|ngày\s+đăng|đăng\s+ngày|ngày\s+ban\s+hành)`;
const DMY = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})`;
// Labels may be followed by a weekday or "lúc 08:15" before the date itself.
const BEFORE_DATE = String.raw`(?:[^\d\n]|\d{1,2}[:h]\d{2}){0,25}`;
const LABELLED_DATE = new RegExp(`${DATE_LABEL}\\s*:?${BEFORE_DATE}${DMY}`, "iu");
/** A line that only carries the update date: "(Cập nhật: 23/10/2023)", "Ngày đăng: 23/10/2023 08:15". */
const DATE_LINE = new RegExp(`^\\(?\\s*${DATE_LABEL}\\s*:?${BEFORE_DATE}${DMY}[\\d:\\sAPMapm,-]*\\)?$`, "iu");
const UPDATE_LINE = new RegExp(`^\\(\\s*cập\\s+nhật\\s*:?\\s*${DMY}[^)]*\\)$|^cập\\s+nhật\\s*:\\s*${DMY}`, "iu");
const AUTHOR_LINE = /^(?:tác\s+giả|người\s+viết|tin\s+bài)\s*:\s*(.+)$/iu;
const SOURCE_LINE = /^\(?\s*nguồn\s*:\s*([^)]+?)\s*\)?\.?$/iu;
const SOURCE_INLINE = /\(\s*nguồn\s*:\s*([^)]+?)\s*\)/iu;
// The site lists other articles after these headings; everything from there on is not the report.
const RELATED_HEADING = /^(?:tin\s+cùng\s+loại|tin\s+liên\s+quan|các\s+tin\s+khác|tin\s+khác|bài\s+viết\s+liên\s+quan)\b/iu;

/** Midnight in Vietnam (UTC+7, no daylight saving) of a calendar day, or null for an impossible date. */
export function vietnamDay(year: number, month: number, day: number): Date | null {
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return null;
  return new Date(utc.getTime() - 7 * 3600_000);
}

/** The first labelled date ("Cập nhật: 23/10/2023") in a text. */
export function findLabelledDate(text: string): Date | null {
  const m = LABELLED_DATE.exec(text.normalize("NFC"));
  return m ? vietnamDay(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

/** An ISO timestamp from page metadata, reduced to the day it falls on in Vietnam. */
function isoDay(value: string | null | undefined): Date | null {
  if (!value) return null;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (dateOnly) return vietnamDay(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) return null;
  const local = new Date(t.getTime() + 7 * 3600_000);
  return vietnamDay(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

interface Cleaned {
  body: string;
  source: string | null;
}

/**
 * Drops the date line, the author line and the related-news tail from article text, keeping
 * paragraph breaks; the author or "(Nguồn: ...)" becomes the source.
 */
function cleanBody(text: string, title: string): Cleaned {
  let source: string | null = null;
  const kept: string[] = [];
  for (const rawLine of text.normalize("NFC").split("\n")) {
    const line = tidy(rawLine);
    if (RELATED_HEADING.test(line) && line.length <= 40) break;
    const author = AUTHOR_LINE.exec(line) ?? SOURCE_LINE.exec(line);
    if (author) {
      source ??= tidy(author[1]);
      continue;
    }
    if (DATE_LINE.test(line)) continue;
    if (kept.length === 0 && (line === "" || fold(line) === fold(title))) continue;
    if (line === "" && kept.at(-1) === "") continue;
    kept.push(line);
  }
  while (kept.at(-1) === "") kept.pop();
  const body = kept.join("\n");
  // Inline "(Nguồn: ...)" earlier in the text usually cites a figure, not the article's author.
  if (!source) source = SOURCE_INLINE.exec(body.split("\n\n").at(-1) ?? "")?.[1]?.trim() ?? null;
  return { body, source };
}

const BLOCK_TAGS = new Set(
  "ADDRESS ARTICLE ASIDE BLOCKQUOTE DD DIV DL DT FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION TABLE TBODY THEAD TR UL".split(" "),
);
const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "IFRAME"]);

/** Visible text of a DOM subtree: blocks become paragraphs ("\n\n"), <br> a line break. */
function blockText(root: Node): string {
  let out = "";
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      out += (node.nodeValue ?? "").replace(/\s+/g, " ");
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName.toUpperCase();
    if (SKIP_TAGS.has(tag)) return;
    if (tag === "BR") out += "\n";
    const block = BLOCK_TAGS.has(tag);
    // Table cells stay on their row's line so a label and its number remain one sentence.
    out += block ? "\n\n" : tag === "TD" || tag === "TH" ? " " : "";
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) out += "\n\n";
  };
  walk(root);
  return out
    .split(/\n{2,}/)
    .map((para) => para.split("\n").map(tidy).filter(Boolean).join("\n"))
    .filter(Boolean)
    .join("\n\n");
}

const meta = (doc: Document, key: string): string | null =>
  doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute("content")?.trim() || null;

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
  const pageText = document.body ? blockText(document.body) : "";
  const metaDate =
    isoDay(meta(document, "article:published_time")) ?? isoDay(document.querySelector("time[datetime]")?.getAttribute("datetime"));
  const canonical =
    document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? meta(document, "og:url") ?? null;

  const article = new Readability(document, { serializer: (node: Node) => node, charThreshold: 200 }).parse();
  const readTitle = tidy(article?.title ?? "");
  if (article?.siteName) siteNames.push(article.siteName);
  const title = chooseTitle(readTitle, headings, siteNames, chromeText) || tidy(document.title ?? "");
  const articleText = article?.content ? blockText(article.content) : pageText;
  const { body, source } = cleanBody(articleText, title);
  const byline = article?.byline ? tidy(article.byline) : null;
  return {
    title,
    url: url ?? (canonical && /^https?:\/\//i.test(canonical) ? canonical : null),
    publishedAt: findLabelledDate(articleText) ?? findLabelledDate(pageText) ?? metaDate,
    source: source ?? (byline ? (AUTHOR_LINE.exec(byline)?.[1] ?? byline) : null),
    body,
  };
}

/**
 * Plain text saved from a page. The department's pages start with the site's contact block, so
 * when an update line "(Cập nhật: dd/mm/yyyy)" is present the title is the line just above it.
 */
export function parseReportText(text: string, name?: string): ParsedReport {
  const lines = text.normalize("NFC").replace(/\r\n?/g, "\n").split("\n");
  const updateAt = lines.findIndex((l) => UPDATE_LINE.test(tidy(l)));
  let titleAt = -1;
  for (let i = updateAt - 1; i >= 0 && titleAt < 0; i--) if (tidy(lines[i])) titleAt = i;
  if (titleAt < 0) titleAt = lines.findIndex((l, i) => i !== updateAt && tidy(l) !== "");
  const title = titleAt >= 0 ? tidy(lines[titleAt]) : tidy(name ?? "");
  const bodyFrom = updateAt > titleAt ? updateAt + 1 : titleAt + 1;
  const { body, source } = cleanBody(lines.slice(bodyFrom).join("\n"), title);
  return {
    title,
    url: null,
    publishedAt: updateAt >= 0 ? findLabelledDate(lines[updateAt]) : findLabelledDate(text),
    source,
    body,
  };
}
