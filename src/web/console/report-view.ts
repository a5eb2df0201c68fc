import type { Figure } from "../../generated/prisma/client.ts";
import { formatDay, storedValue } from "../../handlers/figure-text.ts";
import { MEASURE_NAMES } from "../../services/figures/series.ts";
import type { ReportListRow } from "../../services/console/reports.ts";
import type { Status } from "../../services/figures/fact.ts";
import { indicatorByKey } from "../../services/figures/indicators.ts";
import { formatViNumber } from "../../services/figures/numbers.ts";
import { statusOf } from "./figures.ts";

// How the report pages write a report and its figures; the templates get these as `it.view`.

const EXCERPT_CHARS = 180;

/** "Kim ngạch xuất khẩu"; the report's own subject when it is no known indicator. */
export const indicatorOf = (f: Pick<Figure, "indicator" | "subject">): string => (f.indicator ? (indicatorByKey(f.indicator)?.name ?? f.subject) : f.subject);

export const subjectOf = (f: Pick<Figure, "subject" | "part">): string => (f.part ? `${f.subject} – ${f.part}` : f.subject);

export const measureOf = (f: Pick<Figure, "measure">): string => MEASURE_NAMES[f.measure] ?? f.measure;

export const periodOf = (f: Pick<Figure, "periodLabel">): string => f.periodLabel ?? "không ghi kỳ";

/** The value as the bot says it: "1.234,5 triệu USD", "tăng 6,1% so với cùng kỳ". */
export const valueText = (f: Figure): string => storedValue(f) + (f.basis ? ` (${f.basis})` : "");

/** What the extractor had read, said the same way, for a corrected figure. */
export const originalOf = (f: Figure): string | null => (f.originalValue === null ? null : storedValue({ ...f, value: f.originalValue }));

/** The number as it goes in the correction field, Vietnamese style ("1.234,5", "-2,3"). */
export const inputValueOf = (f: Pick<Figure, "value">): string => formatViNumber(f.value);

/** Scale and unit the corrected number is in ("triệu USD", "%"), shown beside the field. */
export const unitOf = (f: Pick<Figure, "scale" | "unit" | "measure">): string =>
  [f.scale, f.unit ?? (f.measure === "level" || f.measure === "increment" ? null : "%")].filter(Boolean).join(" ");

export const figureStatusOf = (f: Pick<Figure, "status">): string => statusOf({ status: f.status as Status });

/** The sentence around the number, cut to a readable length with the number kept in view. */
export function excerptOf(f: Pick<Figure, "sentence" | "raw">): string {
  const s = f.sentence.replace(/\s+/g, " ").trim();
  if (s.length <= EXCERPT_CHARS) return s;
  const at = Math.max(0, s.indexOf(f.raw));
  const start = Math.max(0, Math.min(at - EXCERPT_CHARS / 2, s.length - EXCERPT_CHARS));
  const cut = s.slice(start, start + EXCERPT_CHARS).trim();
  return `${start > 0 ? "… " : ""}${cut}${start + EXCERPT_CHARS < s.length ? " …" : ""}`;
}

export const linkOf = (r: { url: string }): string | null => (/^https?:\/\//i.test(r.url) ? r.url : null);

export const dayOf = (d: Date | null): string => (d ? formatDay(d) : "—");

/**
 * "Chờ duyệt" (awaiting review: not answered yet), who reviewed it and when, or "Chưa duyệt" for a
 * report answered without review (staff uploads, the sample, crawled ones with the setting off).
 */
export function reviewOf(r: Pick<ReportListRow, "awaitingReview" | "reviewedBy" | "reviewedAt">, dateTime: (d: Date) => string): string {
  if (r.awaitingReview) return "Chờ duyệt (bot chưa trả lời)";
  if (r.reviewedBy && r.reviewedAt) return `Đã duyệt: ${r.reviewedBy}, ${dateTime(r.reviewedAt)}`;
  return "Chưa duyệt";
}

export const VIEW = { indicatorOf, subjectOf, measureOf, periodOf, valueText, originalOf, inputValueOf, unitOf, figureStatusOf, excerptOf, linkOf, dayOf, reviewOf };
