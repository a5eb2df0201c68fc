// What every format shares once it is read: the date labels, and dropping what is not the
// report itself (the date line, the author line, the related-news tail, the repeated title).
// Those lines must not reach the figure extractor, or their dates become "figures".
import type { Block } from "./document.ts";
import { fold, tidy } from "../text/fold.ts";

const DATE_LABEL = String.raw`(?:ngày\s+cập\s+nhật|cập\s+nhật|ngày\s+đăng|đăng\s+ngày|ngày\s+ban\s+hành|ngày\s+xuất\s+bản|xuất\s+bản|ngày\s+phát\s+hành|đăng\s+lúc)`;
const DMY = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})`;
// Labels may be followed by a weekday or "lúc 08:15" before the date itself.
const BEFORE_DATE = String.raw`(?:[^\d\n]|\d{1,2}[:h]\d{2}){0,25}`;
const LABELLED_DATE = new RegExp(`${DATE_LABEL}\\s*:?${BEFORE_DATE}${DMY}`, "iu");
/** A line that only carries the update date: "(Cập nhật: 23/10/2023)", "Ngày đăng: 23/10/2023 08:15". */
export const DATE_LINE = new RegExp(`^\\(?\\s*(?:${DATE_LABEL}|ngày)\\s*:?${BEFORE_DATE}${DMY}[\\d:\\sAPMapm,-]*\\)?$`, "iu");
export const UPDATE_LINE = new RegExp(`^\\(\\s*cập\\s+nhật\\s*:?\\s*${DMY}[^)]*\\)$|^cập\\s+nhật\\s*:\\s*${DMY}`, "iu");
export const AUTHOR_LINE = /^(?:tác\s+giả|người\s+viết|tin\s+bài)\s*:\s*(.+)$/iu;
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

/** "Thứ Năm, 22/01/2026 | 08:50": a page's date written after its weekday (not "thứ Năm, ngày …" of an event). */
const WEEKDAY_DATE = /(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)\s*,\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/iu;

export function findWeekdayDate(text: string): Date | null {
  const m = WEEKDAY_DATE.exec(text.normalize("NFC"));
  return m ? vietnamDay(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

/** An ISO timestamp from page metadata, reduced to the day it falls on in Vietnam. */
export function isoDay(value: string | null | undefined): Date | null {
  if (!value) return null;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (dateOnly) return vietnamDay(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) return null;
  const local = new Date(t.getTime() + 7 * 3600_000);
  return vietnamDay(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

type LineKind = { stop: true } | { source: string } | { drop: true } | null;

/** What one line is, apart from report text: the related-news heading, an author/source line, a date line. */
function classify(line: string): LineKind {
  if (RELATED_HEADING.test(line) && line.length <= 40) return { stop: true };
  const author = AUTHOR_LINE.exec(line) ?? SOURCE_LINE.exec(line);
  if (author) return { source: tidy(author[1]) };
  return DATE_LINE.test(line) ? { drop: true } : null;
}

export interface CleanedLines {
  lines: string[];
  source: string | null;
}

/** Line-by-line cleaning of plain text; blank lines are kept (collapsed) as paragraph breaks. */
export function cleanLines(rawLines: readonly string[], title: string): CleanedLines {
  let source: string | null = null;
  const kept: string[] = [];
  for (const raw of rawLines) {
    const line = tidy(raw);
    const kind = classify(line);
    if (kind && "stop" in kind) break;
    if (kind && "source" in kind) source ??= kind.source;
    if (kind) continue;
    if (kept.length === 0 && (line === "" || fold(line) === fold(title))) continue;
    if (line === "" && kept.at(-1) === "") continue;
    kept.push(line);
  }
  while (kept.at(-1) === "") kept.pop();
  return { lines: kept, source: source ?? inlineSource(kept.slice(kept.lastIndexOf("") + 1).join(" ")) };
}

export interface CleanedBlocks {
  blocks: Block[];
  source: string | null;
}

/** The same cleaning over blocks; tables pass through untouched. */
export function cleanBlocks(input: readonly Block[], title: string): CleanedBlocks {
  let source: string | null = null;
  const blocks: Block[] = [];
  for (const block of input) {
    if (block.type === "table") {
      blocks.push(block);
      continue;
    }
    const kind = classify(block.text);
    if (kind && "stop" in kind) break;
    if (kind && "source" in kind) source ??= kind.source;
    if (kind) continue;
    if (blocks.length === 0 && fold(block.text) === fold(title)) continue;
    blocks.push(block);
  }
  const last = blocks.at(-1);
  return { blocks, source: source ?? (last && last.type !== "table" ? inlineSource(last.text) : null) };
}

// Inline "(Nguồn: ...)" earlier in the text usually cites a figure, not the article's author.
const inlineSource = (lastParagraph: string): string | null => SOURCE_INLINE.exec(lastParagraph)?.[1]?.trim() ?? null;
